#!/usr/bin/env bash
# Installs the provider plugins listed in deploy/pulumi-plugins.txt for one platform.
#   deploy/install-plugins.sh [LIST]
# - An entry with a SHA-256 is installed by `pulumi plugin install --exact --checksum`: Pulumi
#   checks the archive it downloads against the pin.
# - An entry with "-" (not pinned yet) is fetched here, its SHA-256 computed and printed with the
#   line that pins it, then installed from that very archive (`--exact --file`): what is recorded
#   is what is installed. Nothing checks it against a known value (trust on first use).
# - REQUIRE_PLUGIN_CHECKSUMS=true refuses any entry without a SHA-256, before anything is fetched.
# Every installed archive is recorded in $PULUMI_HOME/plugin-archives.txt (kind name version
# platform sha256 pinned|computed); PLUGIN_SUMMARY names a file to append a Markdown summary to
# (the workflow's job summary).
# PULUMI_CLI_ROOT: the folder holding bin/pulumi (default: pulumi on PATH).
# PLUGIN_PLATFORM: linux-amd64 or linux-arm64 (default: this machine's).
# PLUGIN_ARCHIVE_BASE_URL: where unpinned archives are fetched from (default: Pulumi's releases,
#   the same place scripts/pin-plugins.sh reads).
set -euo pipefail
list="${1:-$(dirname "${BASH_SOURCE[0]}")/pulumi-plugins.txt}"
pulumi="${PULUMI_CLI_ROOT:+$PULUMI_CLI_ROOT/bin/}pulumi"
base_url="${PLUGIN_ARCHIVE_BASE_URL:-https://get.pulumi.com/releases/plugins}"
home="${PULUMI_HOME:-$HOME/.pulumi}"
record="$home/plugin-archives.txt"
case "${REQUIRE_PLUGIN_CHECKSUMS:-false}" in
  true) strict=1 ;;
  false | "") strict=0 ;;
  *) echo "install-plugins: REQUIRE_PLUGIN_CHECKSUMS must be true or false (got '${REQUIRE_PLUGIN_CHECKSUMS}')" >&2; exit 1 ;;
esac
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
  if [[ "$sha256" =~ ^[0-9a-f]{64}$ ]]; then
    entries+=("$kind $name $version $sha256")
  elif [ "$sha256" = "-" ] && [ "$strict" = 0 ]; then
    entries+=("$kind $name $version -")
  else
    echo "install-plugins: $kind $name $version ($platform) has no SHA-256 in $list; run scripts/pin-plugins.sh" >&2
    exit 1
  fi
done < "$list"
[ "${#entries[@]}" -gt 0 ] || { echo "install-plugins: nothing for $PLUGIN_PLATFORM in $list" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
installed=()
unpinned=()
for entry in "${entries[@]}"; do
  read -r kind name version sha256 <<< "$entry"
  if [ "$sha256" != "-" ]; then
    "$pulumi" plugin install "$kind" "$name" "v$version" --exact --checksum "$sha256"
    installed+=("$kind $name $version $PLUGIN_PLATFORM $sha256 pinned")
    continue
  fi
  archive="$tmp/pulumi-$kind-$name-v$version-$PLUGIN_PLATFORM.tar.gz"
  curl -fsSL --retry 3 -o "$archive" "$base_url/$(basename "$archive")"
  sha256="$(sha256sum "$archive" | cut -d' ' -f1)"
  "$pulumi" plugin install "$kind" "$name" "v$version" --exact --file "$archive"
  line="$(printf '%-10s %-5s %-8s %-12s %s' "$kind" "$name" "$version" "$PLUGIN_PLATFORM" "$sha256")"
  echo "install-plugins: $kind $name $version ($PLUGIN_PLATFORM) is not pinned; installed the archive with SHA-256 $sha256"
  installed+=("$kind $name $version $PLUGIN_PLATFORM $sha256 computed")
  unpinned+=("$line")
done

mkdir -p "$home"
{
  echo "# Provider plugin archives installed for $PLUGIN_PLATFORM from $(basename "$list")."
  echo "# pinned: checked against the list's SHA-256. computed: not pinned, SHA-256 of the archive installed."
  echo "# kind name version platform sha256 check"
  printf '%s\n' "${installed[@]}"
} > "$record"

if [ "${#unpinned[@]}" -gt 0 ]; then
  echo "install-plugins: ${#unpinned[@]} plugin(s) not pinned. To pin them, run scripts/pin-plugins.sh, or replace their '-' lines in deploy/pulumi-plugins.txt with:"
  printf '%s\n' "${unpinned[@]}"
fi
if [ -n "${PLUGIN_SUMMARY:-}" ]; then
  {
    echo "### Provider plugins ($PLUGIN_PLATFORM)"
    echo
    echo "| plugin | version | SHA-256 | check |"
    echo "|---|---|---|---|"
    for item in "${installed[@]}"; do
      read -r kind name version _ sha256 check <<< "$item"
      echo "| $kind $name | $version | \`$sha256\` | $check |"
    done
    if [ "${#unpinned[@]}" -gt 0 ]; then
      echo
      echo "Not pinned: run \`scripts/pin-plugins.sh\`, or replace their \`-\` lines in \`deploy/pulumi-plugins.txt\` with:"
      echo
      echo '```'
      printf '%s\n' "${unpinned[@]}"
      echo '```'
    fi
  } >> "$PLUGIN_SUMMARY"
fi
