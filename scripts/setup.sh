#!/usr/bin/env bash
# One-time set-up (idempotent): Node 22 if needed, npm dependencies, the pinned Pulumi CLI,
# and the compiled CLI in dist/ (bin/reconciler falls back to the sources when it is stale).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo/scripts/run.sh" tsx "$repo/scripts/setup-pulumi.ts"
"$repo/scripts/run.sh" tsc -p "$repo/tsconfig.build.json"
touch "$repo/dist/.built"
