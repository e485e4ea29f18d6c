#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node >= 22 first on PATH (provisioned
# into .tools/node when the machine's node is older) and dependencies installed.
# Every npm script goes through here, so `npm test` works on a machine with Node 20.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/node22.sh
source "$repo/scripts/node22.sh"
# Dependencies are installed again only when the lock file's content changed since the last
# install (its hash is kept in node_modules), not when it merely looks newer (a checkout).
lock_hash="$(sha256sum "$repo/package-lock.json" | cut -d' ' -f1)"
stamp="$repo/node_modules/.lock-sha256"
if [ ! -f "$repo/node_modules/.package-lock.json" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  (cd "$repo" && npm ci --no-audit --no-fund) >&2
  echo "$lock_hash" > "$stamp"
fi
export PATH="$repo/node_modules/.bin:$PATH"
exec "$@"
