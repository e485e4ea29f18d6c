#!/usr/bin/env bash
# Fills in the SHA-256 of every archive in deploy/pulumi-plugins.txt, from the archives Pulumi
# publishes (get.pulumi.com/releases/plugins). Needs network access; run it after changing a
# version, review the diff, and commit the list.
set -euo pipefail
list="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/deploy/pulumi-plugins.txt"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line; do
  read -r kind name version platform _ <<< "$line" || true
  if [ -z "${kind:-}" ] || [ "${kind:0:1}" = "#" ]; then
    printf '%s\n' "$line" >> "$tmp"
    continue
  fi
  url="https://get.pulumi.com/releases/plugins/pulumi-${kind}-${name}-v${version}-${platform}.tar.gz"
  sha256="$(curl -fsSL --retry 3 "$url" | sha256sum | cut -d' ' -f1)"
  printf '%-10s %-5s %-8s %-12s %s\n' "$kind" "$name" "$version" "$platform" "$sha256" >> "$tmp"
  echo "pin-plugins: $kind $name $version $platform $sha256"
done < "$list"
cp "$tmp" "$list"
