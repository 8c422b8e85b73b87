#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet, running `apt-get update` at
# most once per boot (a stamp in /tmp), however many make targets ask.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
stamp=/tmp/relnotes-apt-updated
if [ ! -e "$stamp" ] || [ "$(stat -c %Y "$stamp")" -lt "$(( $(date +%s) - $(cut -d. -f1 /proc/uptime) ))" ]; then
  $SUDO apt-get update
  touch "$stamp"
fi
$SUDO apt-get install -y "${missing[@]}"
