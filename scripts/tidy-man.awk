# Turns the plain-text layout of the commands' discussions in the generated man page into mdoc:
# a blank line becomes a paragraph break (.Pp) and a run of lines indented by two spaces (the
# examples) becomes an indented literal display. Everything else is kept as it is.
function close_display() { if (in_display) { print ".Ed"; in_display = 0 } }
/^$/ { close_display(); print ".Pp"; next }
/^  [^ ]/ {
  if (!in_display) { print ".Bd -literal -offset indent"; in_display = 1 }
  line = substr($0, 3)
  gsub(/\\/, "\\e", line)
  if (line ~ /^[.']/) line = "\\&" line
  print line
  next
}
{ close_display(); print }
END { close_display() }
