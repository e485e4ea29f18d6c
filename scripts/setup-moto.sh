#!/usr/bin/env bash
# Installs moto's S3-compatible server (from PyPI) into .tools/moto, for the s3:// backend tests.
# Idempotent; prints the path of moto_server.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.tools/moto"
if [ ! -x "$venv/bin/moto_server" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.5"
fi
echo "$venv/bin/moto_server"
