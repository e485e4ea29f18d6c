#!/usr/bin/env bash
# Everything `npm test` needs (its pretest), idempotent and quick when already there. First what may
# stop with a message about the machine: a browser (scripts/setup-browser.sh) and moto's S3 server
# (scripts/setup-moto.sh, needs Python). Both report before stopping, so one run names everything
# to install. Then what `npm run setup` provides: Node 22, dependencies, the pinned Pulumi CLI, dist/.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ready=true
bash "$repo/scripts/setup-browser.sh" >/dev/null || ready=false
bash "$repo/scripts/setup-moto.sh" >/dev/null || ready=false
if [ "$ready" != true ]; then
  echo "npm test: stopped before the tests; no test was run." >&2
  exit 1
fi
bash "$repo/scripts/setup.sh"
