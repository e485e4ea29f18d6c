#!/usr/bin/env bash
# One-time set-up (idempotent): Node 22 if needed, npm dependencies, the pinned Pulumi CLI,
# and the bundled CLI in dist/ (bin/reconciler falls back to the sources when it is stale).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo/scripts/run.sh" tsx "$repo/scripts/setup-pulumi.ts"

# dist/ is rebuilt only when a source, the bundle script or the lock file is newer than its stamp.
stamp="$repo/dist/.built"
dist_stale() {
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$repo/reconciler" -name '*.ts' -newer "$stamp" -print -quit)" ] && return 0
  for file in scripts/bundle.ts package-lock.json; do
    [ "$repo/$file" -nt "$stamp" ] && return 0
  done
  return 1
}
if dist_stale; then
  "$repo/scripts/run.sh" tsx "$repo/scripts/bundle.ts"
  touch "$stamp"
fi
