#!/usr/bin/env bash
# Build (or reuse) nektos/act for the workflow tests (test/e2e/act-workflows.test.ts).
# Installs into ~/.cache/container-security-gate/act/<version>/act from the Go module
# proxy; a second run only checks the version (about a second). Called from up.sh.
#
# Environment overrides: CSG_CACHE_ROOT, CSG_ACT_BUILD_TIMEOUT.
set -euo pipefail
for dir in /usr/local/go/bin "$HOME/go/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$PATH:$dir" ;; esac
done
export PATH

# Pinned here, not in versions.env: that file is hashed into the fixture DB's stamp.
ACT_VERSION=v0.2.89
CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
ACT_HOME=$CACHE_ROOT/act/$ACT_VERSION
ACT_BIN=$ACT_HOME/act

log() { printf 'test-env: %s\n' "$*"; }
die() {
  printf 'test-env: ERROR: %s\n' "$*" >&2
  exit 1
}

act_version_of() { "$1" --version 2>/dev/null | sed -n 's/^act version \([^[:space:]]*\).*/\1/p'; }

mkdir -p "$ACT_HOME"
# up.sh already holds its own lock; this one covers act.sh run on its own.
exec 8>"$ACT_HOME/build.lock"
flock -w 1800 8 || die "timed out waiting for $ACT_HOME/build.lock"

if [[ -x $ACT_BIN && $(act_version_of "$ACT_BIN") == "${ACT_VERSION#v}" ]]; then
  log "act: $ACT_BIN (${ACT_VERSION#v})"
  exit 0
fi
command -v go >/dev/null || die "Go is needed to build act (go install github.com/nektos/act@$ACT_VERSION)"
build_log=$ACT_HOME/build.log started=$SECONDS
log "act: building github.com/nektos/act@$ACT_VERSION (log: $build_log)"
# The version string act prints comes from a linker flag in its release build; set it the same way.
GOBIN=$ACT_HOME/bin.tmp.$$ timeout "${CSG_ACT_BUILD_TIMEOUT:-1800}" \
  go install -ldflags "-s -w -X main.version=${ACT_VERSION#v}" "github.com/nektos/act@$ACT_VERSION" >"$build_log" 2>&1 ||
  { rm -rf "$ACT_HOME/bin.tmp.$$"; die "building act failed; see $build_log"; }
mv -f "$ACT_HOME/bin.tmp.$$/act" "$ACT_BIN"
rm -rf "$ACT_HOME/bin.tmp.$$"
got=$(act_version_of "$ACT_BIN")
[[ $got == "${ACT_VERSION#v}" ]] || die "built act reports version '$got', expected ${ACT_VERSION#v}"
log "act: built in $((SECONDS - started))s ($ACT_BIN)"
