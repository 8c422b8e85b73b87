/// The one function text from outside (commit messages, tag names, server answers, file
/// names) crosses on its way to a terminal, a Markdown file, a tag message or an error line.
///
/// Control characters are data, never control: the C0 codes other than tab and newline, DEL
/// and the C1 codes (U+0080–U+009F, which some terminals read as CSI and OSC) become U+FFFD,
/// so `\e[2J`, `\e]0;title\a` and OSC 8 links print as inert text. A CR before a newline is
/// dropped (CRLF reads as LF); a lone CR is replaced like the others, since it would let a line
/// overwrite itself on a terminal.
///
/// ```swift
/// TextSanitizer.printable("fix: \u{1B}[2Jclear")  // "fix: \u{FFFD}[2Jclear"
/// TextSanitizer.singleLine("a\nb")                // "a b"
/// ```
public enum TextSanitizer {
    /// The character control codes are replaced with.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether `scalar` must not reach a terminal or document as it is (tab and newline may).
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A }
        return value == 0x7F || (value >= 0x80 && value <= 0x9F)
    }

    /// Whether `text` holds any character ``printable(_:)`` would change.
    public static func needsSanitizing(_ text: some StringProtocol) -> Bool {
        // Only bytes below 0x20 (but tab and newline), DEL and the lead byte 0xC2 (which
        // starts U+0080–U+00BF) can begin a control character in UTF-8: the first of them
        // decides, and only 0xC2 needs the scalars looked at.
        let first = firstByte(of: text) { byte in
            (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2
        }
        guard let first else { return false }
        return first != 0xC2 || text.unicodeScalars.contains(where: isControl)
    }

    /// The first UTF-8 byte of `text` that `wanted` accepts, found in one pass over the
    /// text's bytes in place (a native string's always are); `nil` when there is none.
    /// Every piece of commit text goes through these scans, and `String.UTF8View`'s own
    /// iterator costs tens of instructions a byte.
    @inline(__always)
    static func firstByte(of text: some StringProtocol, where wanted: (UInt8) -> Bool) -> UInt8? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> UInt8? in
            for byte in bytes where wanted(byte) { return byte }
            return nil
        }
        if let found { return found }
        return text.utf8.first(where: wanted)
    }

    /// Whether any UTF-8 byte of `text` is one `wanted` accepts (see ``firstByte(of:where:)``).
    @inline(__always)
    static func containsByte(_ text: some StringProtocol, where wanted: (UInt8) -> Bool) -> Bool {
        firstByte(of: text, where: wanted) != nil
    }

    /// `text` with every control character but tab and newline replaced by U+FFFD, and CRLF
    /// read as LF.
    public static func printable(_ text: some StringProtocol) -> String {
        guard needsSanitizing(text) else { return String(text) }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { continue }
            result.append(isControl(scalar) ? replacement : scalar)
        }
        return String(result)
    }

    /// ``printable(_:)`` on one line: newlines and tabs become single spaces, for text that goes
    /// into a one-line diagnostic, a table cell or an error message.
    public static func singleLine(_ text: some StringProtocol) -> String {
        let clean = printable(text)
        guard containsByte(clean, where: { $0 == 0x0A || $0 == 0x09 }) else { return clean }
        var result = String.UnicodeScalarView()
        for scalar in clean.unicodeScalars {
            result.append(scalar == "\n" || scalar == "\t" ? " " : scalar)
        }
        return String(result)
    }
}
