#!/usr/bin/env bash
# Build the registry with the OCI 1.1 referrers API the attestation tests push to
# (test/env/referrers-registry/main.go: go-containerregistry's registry with the referrers
# API switched on, loopback only), once per machine, into
# ~/.cache/container-security-gate/referrers-registry/<source hash>/referrers-registry.
# Tests start their own on a free 127.0.0.1 port (test/env/referrers-registry.ts).
# Called by test/env/up.sh; safe to run on its own. Idempotent: a binary built from the
# same source (main.go, go.mod, go.sum) is reused.
#
# Environment overrides: CSG_CACHE_ROOT, CSG_REFERRERS_REGISTRY_BUILD_TIMEOUT.
set -euo pipefail
for dir in /usr/local/go/bin "$HOME/go/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$PATH:$dir" ;; esac
done
export PATH

ENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$ENV_DIR/referrers-registry
CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
SOURCE_HASH=$(cat "$SRC_DIR/main.go" "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" | sha256sum | cut -c1-16)
HOME_DIR=$CACHE_ROOT/referrers-registry/$SOURCE_HASH
BINARY=$HOME_DIR/referrers-registry

log() { printf 'test-env: referrers-registry: %s\n' "$*"; }
die() {
  printf 'test-env: ERROR: referrers-registry: %s\n' "$*" >&2
  exit 1
}
mkdir -p "$HOME_DIR"

# Its own lock: up.sh already holds up.lock, and this script may also run alone.
exec 8>"$HOME_DIR/build.lock"
flock -w "${CSG_REFERRERS_REGISTRY_BUILD_TIMEOUT:-1800}" 8 || die "timed out waiting for $HOME_DIR/build.lock"

if [[ -x $BINARY ]]; then
  log "$BINARY"
  exit 0
fi

command -v go >/dev/null || die "the referrers registry is not built at $BINARY and Go is not installed to build it"
build_log=$HOME_DIR/build.log
started=$SECONDS
log "building from $SRC_DIR (log: $build_log)"
work=$(mktemp -d "$HOME_DIR/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$SRC_DIR/main.go" "$SRC_DIR/go.mod" "$SRC_DIR/go.sum" "$work/"
# -mod=readonly: go.sum pins every module; nothing is resolved anew.
(cd "$work" && CGO_ENABLED=0 timeout "${CSG_REFERRERS_REGISTRY_BUILD_TIMEOUT:-1800}" go build -mod=readonly -trimpath -ldflags "-s -w" \
  -o "$BINARY.tmp.$$" .) >>"$build_log" 2>&1 || {
  rm -f "$BINARY.tmp.$$"
  die "building the referrers registry failed; see $build_log"
}
mv -f "$BINARY.tmp.$$" "$BINARY"
log "built in $((SECONDS - started))s: $BINARY"
