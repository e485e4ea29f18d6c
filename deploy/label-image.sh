#!/usr/bin/env bash
# Labels a built image with the provider plugin archives it holds, as recorded at build time in
# /opt/pulumi-home/plugin-archives.txt (a label's value cannot come from a build step, so this is
# a step after the build). The image's layers stay as they are: only its configuration changes.
#   docker build -t IMAGE . && bash deploy/label-image.sh IMAGE
# Then: docker inspect --format '{{ index .Config.Labels "pulumi-drift-reconciler.plugin-archives" }}' IMAGE
set -euo pipefail
image="${1:?usage: deploy/label-image.sh IMAGE}"
record="$(docker run --rm --entrypoint cat "$image" /opt/pulumi-home/plugin-archives.txt)"
# One "kind name version platform sha256 check" entry per archive, separated by "; ".
value="$(sed -e '/^#/d' -e '/^$/d' <<< "$record" | paste -sd ';' - | sed 's/;/; /g')"
[ -n "$value" ] || { echo "label-image: $image records no plugin archives" >&2; exit 1; }
printf 'FROM %s\n' "$image" | docker build --label "pulumi-drift-reconciler.plugin-archives=$value" -t "$image" -
echo "label-image: $image labelled pulumi-drift-reconciler.plugin-archives=$value"
