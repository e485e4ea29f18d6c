#!/usr/bin/env bash
# Provides moto's S3-compatible server for the s3:// backend tests, idempotently: $MOTO_SERVER when
# set, else the pinned moto from PyPI in a virtual environment, .tools/moto (left alone once it holds
# the pin). Needs Python >= 3.9 with venv; on Debian with root, python3-venv is installed when missing.
# Prints the path of moto_server.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/system-package.sh
source "$repo/scripts/system-package.sh"
pin="5.2.5"
venv="$repo/.tools/moto"

if [ -n "${MOTO_SERVER:-}" ]; then
  [ -x "$MOTO_SERVER" ] || { echo "setup-moto: MOTO_SERVER=$MOTO_SERVER is not an executable file" >&2; exit 1; }
  echo "$MOTO_SERVER"
  exit 0
fi

installed() {
  [ -x "$venv/bin/moto_server" ] && compgen -G "$venv/lib/python3*/site-packages/moto-$pin.dist-info" >/dev/null
}

python_ready() {
  command -v python3 >/dev/null && python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null
}

if ! installed; then
  if ! python_ready && ! { install_debian_package python3-venv && python_ready; }; then
    cat >&2 <<MSG
setup-moto: moto's S3 server (for the s3:// backend tests) needs Python >= 3.9 with venv and pip;
  python3 here: $( (command -v python3 >/dev/null && python3 --version 2>&1) || echo none). Install it, then run npm test again:
    Debian, Ubuntu:  sudo apt-get install python3-venv
    Fedora:          sudo dnf install python3
  or set MOTO_SERVER to a moto_server $pin binary.
MSG
    exit 1
  fi
  echo "setup-moto: installing moto[server]==$pin from PyPI into $venv" >&2
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$pin" || {
    echo "setup-moto: pip could not install moto[server]==$pin (see its output above)" >&2
    exit 1
  }
fi
echo "$venv/bin/moto_server"
