#!/usr/bin/env bash
# Installs the provider plugins listed in deploy/pulumi-plugins.txt for one platform, each
# archive checked against its pinned SHA-256 by `pulumi plugin install --checksum`. An entry
# without a valid checksum stops the install before anything is downloaded.
#   deploy/install-plugins.sh [LIST]
# PULUMI_CLI_ROOT: the folder holding bin/pulumi (default: pulumi on PATH).
# PLUGIN_PLATFORM: linux-amd64 or linux-arm64 (default: this machine's).
set -euo pipefail
list="${1:-$(dirname "${BASH_SOURCE[0]}")/pulumi-plugins.txt}"
pulumi="${PULUMI_CLI_ROOT:+$PULUMI_CLI_ROOT/bin/}pulumi"
if [ -z "${PLUGIN_PLATFORM:-}" ]; then
  case "$(uname -m)" in
    x86_64 | amd64) PLUGIN_PLATFORM=linux-amd64 ;;
    aarch64 | arm64) PLUGIN_PLATFORM=linux-arm64 ;;
    *) echo "install-plugins: no plugins for $(uname -m)" >&2; exit 1 ;;
  esac
fi

entries=()
while read -r kind name version platform sha256 _; do
  if [ -z "${kind:-}" ] || [ "${kind:0:1}" = "#" ] || [ "$platform" != "$PLUGIN_PLATFORM" ]; then continue; fi
  if ! [[ "$sha256" =~ ^[0-9a-f]{64}$ ]]; then
    echo "install-plugins: $kind $name $version ($platform) has no SHA-256 in $list; run scripts/pin-plugins.sh" >&2
    exit 1
  fi
  entries+=("$kind $name $version $sha256")
done < "$list"
[ "${#entries[@]}" -gt 0 ] || { echo "install-plugins: nothing for $PLUGIN_PLATFORM in $list" >&2; exit 1; }

for entry in "${entries[@]}"; do
  read -r kind name version sha256 <<< "$entry"
  "$pulumi" plugin install "$kind" "$name" "v$version" --exact --checksum "$sha256"
done
