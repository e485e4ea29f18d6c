#!/usr/bin/env bash
# Provides the browser the status-page test drives (headless, through playwright-core), idempotently:
# $CHROMIUM_PATH when set, else `chromium` or `chromium-browser` on PATH (test/support/chromium.ts
# looks in the same places). When there is none and this is Debian with root, installs Debian's
# `chromium`; otherwise stops and says what to install. Prints the browser's path.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/system-package.sh
source "$repo/scripts/system-package.sh"

find_browser() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "$CHROMIUM_PATH"
  else
    command -v chromium || command -v chromium-browser || true
  fi
}

missing() {
  cat >&2 <<MSG
setup-browser: $1
  The status-page test needs Chromium. Install it, then run npm test again:
    Debian:  sudo apt-get install chromium
    Ubuntu:  sudo snap install chromium
    Fedora:  sudo dnf install chromium
  or set CHROMIUM_PATH to a Chromium or Google Chrome binary.
MSG
  exit 1
}

browser="$(find_browser)"
if [ -z "$browser" ] && install_debian_package chromium; then
  browser="$(find_browser)"
fi
[ -n "$browser" ] || missing "no chromium or chromium-browser on PATH."
[ -x "$browser" ] || missing "CHROMIUM_PATH=$browser is not an executable file."
# A launcher that cannot start (a snap stub without snapd, a broken install) fails here, not in the test.
version="$("$browser" --version 2>/dev/null)" || missing "$browser --version failed."
echo "setup-browser: ready: $browser ($version)" >&2
echo "$browser"
