#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node >= 22 first on PATH (provisioned
# into .tools/node when the machine's node is older) and dependencies installed.
# Every npm script goes through here, so `npm test` works on a machine with Node 20.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/node22.sh
source "$repo/scripts/node22.sh"
if [ ! -f "$repo/node_modules/.package-lock.json" ] || [ "$repo/package-lock.json" -nt "$repo/node_modules/.package-lock.json" ]; then
  (cd "$repo" && npm ci --no-audit --no-fund) >&2
fi
export PATH="$repo/node_modules/.bin:$PATH"
exec "$@"
