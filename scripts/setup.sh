#!/usr/bin/env bash
# One-time set-up: Node 22 if needed, npm dependencies, the pinned Pulumi CLI.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$repo/scripts/run.sh" tsx "$repo/scripts/setup-pulumi.ts"
