#!/usr/bin/env bash
# Prepares the real-distro bench image's inputs, never pulling an image:
#   a Debian 12 (bookworm) minbase root filesystem with python3 and pip, from the Debian
#   mirror by debootstrap, imported into the engine as $CSG_BENCH_BASE_IMAGE; and Flask with
#   its dependencies as pinned wheels from PyPI. Everything is cached under
#   ~/.cache/container-security-gate/bench/ (the first run takes a few minutes; later runs
#   only check). Used by `npm run bench`, not by the tests.
set -euo pipefail
CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
BENCH_DIR=$CACHE_ROOT/bench
BASE_IMAGE=${CSG_BENCH_BASE_IMAGE:-csg-bench/bookworm-python:1}
MIRROR=${CSG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
log() { printf 'bench-setup: %s\n' "$*" >&2; }

mkdir -p "$BENCH_DIR"
exec 8>"$BENCH_DIR/setup.lock"
flock -w 1800 8

command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get install -y -q debootstrap >/dev/null; }

ROOTFS_TAR=$BENCH_DIR/bookworm-python.tar
if [[ ! -s $ROOTFS_TAR ]]; then
  log "debootstrap --variant=minbase bookworm (python3, python3-pip) from $MIRROR"
  ROOTFS=$(mktemp -d "$BENCH_DIR/rootfs.XXXXXX")
  debootstrap --variant=minbase --include=python3,python3-pip bookworm "$ROOTFS" "$MIRROR" >"$BENCH_DIR/debootstrap.log" 2>&1 ||
    { tail -20 "$BENCH_DIR/debootstrap.log" >&2; exit 1; }
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  tar -C "$ROOTFS" --numeric-owner -cf "$ROOTFS_TAR.tmp" .
  rm -rf "$ROOTFS"
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
fi
if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "docker import $BASE_IMAGE"
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/bash"]' "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
fi

WHEELS=$BENCH_DIR/wheels
if [[ ! -f $WHEELS/.complete ]]; then
  log "pip download Flask wheels (cp311, manylinux)"
  mkdir -p "$WHEELS"
  python3 -m pip download -q --dest "$WHEELS" --only-binary=:all: --implementation cp --python-version 3.11 \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    flask==3.0.3 werkzeug==3.0.3 jinja2==3.1.4 markupsafe==2.1.5 itsdangerous==2.2.0 click==8.1.7 blinker==1.8.2 gunicorn==22.0.0 packaging==24.1
  touch "$WHEELS/.complete"
fi
printf '{"baseImage":"%s","wheels":"%s"}\n' "$BASE_IMAGE" "$WHEELS"
