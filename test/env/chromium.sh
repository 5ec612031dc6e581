#!/usr/bin/env bash
# Browser tests (HTML report, dashboard): Debian's chromium, driven by the npm package
# playwright-core (a devDependency; it never downloads a browser). Idempotent.
set -euo pipefail
log() { printf 'test-env: %s\n' "$*"; }
CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
mkdir -p "$CACHE_ROOT/chromium"
if command -v chromium >/dev/null && dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'ok installed'; then
  log "chromium: ok ($(chromium --version 2>/dev/null | head -n 1))"
  exit 0
fi
# Ubuntu (GitHub-hosted runners) packages chromium as a snap wrapper, which does not run
# headless here; those runners ship Google Chrome, which test/env/chromium.ts falls back to.
if [[ -x /usr/bin/google-chrome ]] && grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then
  log "chromium: using /usr/bin/google-chrome (Ubuntu's chromium package is a snap)"
  exit 0
fi
if ((EUID != 0)); then
  printf 'test-env: ERROR: chromium is missing (run as root or: sudo apt-get install -y chromium)\n' >&2
  exit 1
fi
log "chromium: installing the Debian package"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=900 update -qq >"$CACHE_ROOT/chromium/apt.log" 2>&1 || { printf 'test-env: ERROR: apt-get update failed; see %s\n' "$CACHE_ROOT/chromium/apt.log" >&2; exit 1; }
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends chromium fonts-dejavu-core >>"$CACHE_ROOT/chromium/apt.log" 2>&1 ||
  { printf 'test-env: ERROR: apt-get install chromium failed; see %s\n' "$CACHE_ROOT/chromium/apt.log" >&2; exit 1; }
log "chromium: installed ($(chromium --version 2>/dev/null | head -n 1))"
