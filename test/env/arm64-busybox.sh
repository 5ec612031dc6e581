#!/usr/bin/env bash
# The arm64 busybox-static from Debian, for foreign-platform test builds (FROM scratch +
# COPY, no RUN: this machine has no binfmt_misc to run arm64 binaries). Installs
# $CSG_CACHE_ROOT/arm64-busybox/busybox; test/env/arm64-busybox.ts finds it. Idempotent.
set -euo pipefail

CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
DEST=$CACHE_ROOT/arm64-busybox
log() { printf 'test-env: arm64-busybox: %s\n' "$*"; }

# ELF e_machine (bytes 18-19, little-endian) 0xb7 = EM_AARCH64.
is_arm64_elf() {
  [[ -f $1 && $(head -c 4 "$1" | od -An -c | tr -d ' ') == '177ELF' && $(od -An -tx1 -j18 -N2 "$1" | tr -d ' \n') == b700 ]]
}

if is_arm64_elf "$DEST/busybox"; then
  log "cached at $DEST/busybox"
  exit 0
fi

mkdir -p "$DEST"
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  log 'dpkg --add-architecture arm64'
  dpkg --add-architecture arm64
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get update only when the arm64 package lists are missing (a first run after add-architecture).
if ! (cd "$work" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1); then
  log 'apt-get update (arm64 package lists)'
  apt-get update -q >/dev/null
  (cd "$work" && apt-get download -q busybox-static:arm64 >/dev/null)
fi
dpkg-deb -x "$work"/busybox-static_*_arm64.deb "$work/x"
is_arm64_elf "$work/x/bin/busybox" || { log "busybox-static:arm64 did not hold an arm64 bin/busybox"; exit 1; }
install -m 0755 "$work/x/bin/busybox" "$DEST/busybox.tmp.$$"
mv -f "$DEST/busybox.tmp.$$" "$DEST/busybox"
log "installed $DEST/busybox"
