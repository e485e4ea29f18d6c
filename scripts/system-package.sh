#!/usr/bin/env bash
# Source this file. install_debian_package PACKAGE installs a Debian package with apt-get when the
# machine is Debian (or derived from it) and the user is root. Anywhere else it changes nothing and
# returns 1, and the caller says what to install.
install_debian_package() {
  local package="$1"
  if [ "$(id -u)" -ne 0 ] || [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null; then
    return 1
  fi
  echo "setup: installing Debian's $package with apt-get" >&2
  # Slim images ship without package lists, and old lists name files the mirror no longer has.
  apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null || return 1
}
