#!/usr/bin/env bash
# Build the real cosign (the verifier the attestation tests run) from its Go module,
# once per machine, into ~/.cache/container-security-gate/cosign/<version>/cosign.
# Called by test/env/up.sh; safe to run on its own. Idempotent: a cached binary that
# reports the pinned version is reused.
#
# Environment overrides: CSG_CACHE_ROOT, CSG_COSIGN_BUILD_TIMEOUT.
set -euo pipefail
for dir in /usr/local/go/bin "$HOME/go/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$PATH:$dir" ;; esac
done
export PATH

ENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
COSIGN_VERSION=$(sed -n 's/^COSIGN_VERSION=\([^[:space:]#]*\).*/\1/p' "$ENV_DIR/versions.env" | tail -n 1)
CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
COSIGN_HOME=$CACHE_ROOT/cosign/$COSIGN_VERSION
COSIGN=$COSIGN_HOME/cosign

log() { printf 'test-env: cosign: %s\n' "$*"; }
die() {
  printf 'test-env: ERROR: cosign: %s\n' "$*" >&2
  exit 1
}
[[ -n $COSIGN_VERSION ]] || die "COSIGN_VERSION missing from $ENV_DIR/versions.env"
mkdir -p "$COSIGN_HOME"

# Its own lock: up.sh already holds up.lock, and this script may also run alone.
exec 8>"$COSIGN_HOME/build.lock"
flock -w "${CSG_COSIGN_BUILD_TIMEOUT:-3600}" 8 || die "timed out waiting for $COSIGN_HOME/build.lock"

cosign_version_of() { { "$1" version 2>/dev/null || true; } | sed -n 's/^GitVersion: *//p' | head -n 1; }

if [[ -x $COSIGN && $(cosign_version_of "$COSIGN") == "v$COSIGN_VERSION" ]]; then
  log "$COSIGN (v$COSIGN_VERSION)"
  exit 0
fi

command -v go >/dev/null || die "cosign v$COSIGN_VERSION is not cached at $COSIGN and Go is not installed to build it"
build_log=$COSIGN_HOME/build.log
started=$SECONDS
log "building v$COSIGN_VERSION from its Go module (takes minutes; log: $build_log)"
# As for Trivy: download the exact module version and build inside it (`go install
# module@version` needs the proxy's @v/list, which some proxies refuse).
module_dir=$(go mod download -json "github.com/sigstore/cosign/v3@v$COSIGN_VERSION" 2>>"$build_log" |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error||!j.Dir){console.error(j.Error||"no Dir");process.exit(1)}process.stdout.write(j.Dir)})' 2>>"$build_log") ||
  die "go mod download github.com/sigstore/cosign/v3@v$COSIGN_VERSION failed; see $build_log"
work=$(mktemp -d "$COSIGN_HOME/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$module_dir" "$work/src"
chmod -R u+w "$work/src"
(cd "$work/src" && CGO_ENABLED=0 timeout "${CSG_COSIGN_BUILD_TIMEOUT:-3600}" go build -trimpath \
  -ldflags "-s -w -X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN_VERSION" \
  -o "$COSIGN.tmp.$$" ./cmd/cosign) >>"$build_log" 2>&1 || {
  rm -f "$COSIGN.tmp.$$"
  die "building cosign failed; see $build_log"
}
mv -f "$COSIGN.tmp.$$" "$COSIGN"
got=$(cosign_version_of "$COSIGN")
[[ $got == "v$COSIGN_VERSION" ]] || die "built cosign reports version '$got', expected v$COSIGN_VERSION"
log "built in $((SECONDS - started))s: $COSIGN"
