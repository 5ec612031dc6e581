#!/usr/bin/env bash
# Stop what test/env/up.sh started (the registry, and dockerd if up.sh started it).
# Processes are identified by the pid files up.sh wrote and double-checked by their
# command line, so nothing else is ever signalled. Data (registry storage, Trivy,
# fixture DB, password) stays; delete the state dir by hand to reset everything.
set -euo pipefail

CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
STATE_DIR=${CSG_STATE_DIR:-$CACHE_ROOT/env}

log() { printf 'test-env: %s\n' "$*"; }

stop_pid_file() { # pid_file expected_cmdline_fragment label
  local pid cmdline
  [[ -s $1 ]] || { log "$3: not started by up.sh"; return; }
  pid=$(<"$1")
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" || true)
  if [[ $cmdline != *"$2"* ]]; then
    log "$3: pid $pid no longer running"
    rm -f "$1"
    return
  fi
  log "$3: stopping pid $pid"
  kill "$pid"
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    printf 'test-env: ERROR: %s (pid %s) did not stop within 30s\n' "$3" "$pid" >&2
    exit 1
  fi
  rm -f "$1"
}

[[ -d $STATE_DIR ]] || { log "nothing to stop ($STATE_DIR does not exist)"; exit 0; }
exec 9>"$CACHE_ROOT/up.lock"
flock -w 600 9

stop_pid_file "$STATE_DIR/registry/registry.pid" "docker-registry serve $STATE_DIR/registry/config.yml" registry
rm -f "$STATE_DIR/registry/running.sha256"
if [[ ${1:-} == --keep-docker ]]; then
  log "docker: left running (--keep-docker)"
else
  stop_pid_file "$STATE_DIR/dockerd.pid" "dockerd --bridge=none --iptables=false" dockerd
fi
