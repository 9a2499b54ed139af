#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests is present: CHROME_PATH, else /usr/bin/chromium,
# installed from Debian's packages when missing and running as root.
set -euo pipefail
chrome="${CHROME_PATH:-/usr/bin/chromium}"
if [ -x "$chrome" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium not found at $chrome; installing Debian's chromium package…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium is needed for the widget and end-to-end tests but was not found at $chrome." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chromium binary." >&2
exit 1
