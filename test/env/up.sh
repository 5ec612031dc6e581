#!/usr/bin/env bash
# Bring up (or reuse) everything the integration tests need, then describe it in
# test-env.json. Idempotent: a second run only checks and takes about a second.
#
#   Debian packages  docker.io docker-registry busybox-static apache2-utils
#   Docker engine    reuse a running one, else dockerd --bridge=none --iptables=false
#   Registry         Debian docker-registry on 127.0.0.1:$CSG_REGISTRY_PORT, htpasswd auth
#   Trivy            pinned version (test/env/versions.env), reused or built from its Go module
#   Vulnerability DB built from fixtures/advisories by test/env/trivy-db (offline, deterministic)
#
# Environment overrides: CSG_STATE_DIR, CSG_TEST_ENV, CSG_REGISTRY_PORT,
# CSG_CACHE_ROOT, CSG_DOCKERD_TIMEOUT, CSG_TRIVY_BUILD_TIMEOUT.
set -euo pipefail
# Go from the official tarball lives outside the default PATH on some machines.
for dir in /usr/local/go/bin "$HOME/go/bin"; do
  case ":$PATH:" in *":$dir:"*) ;; *) [ -d "$dir" ] && PATH="$PATH:$dir" ;; esac
done
export PATH

ENV_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$ENV_DIR/../.." && pwd)

# versions.env is data, not code: read the two keys instead of sourcing it.
read_version() {
  local value
  value=$(sed -n "s/^$1=\\([^[:space:]#]*\\).*/\\1/p" "$ENV_DIR/versions.env" | tail -n 1)
  [[ -n $value ]] || die "$1 missing from $ENV_DIR/versions.env"
  printf '%s' "$value"
}

log() { printf 'test-env: %s\n' "$*"; }
die() {
  printf 'test-env: ERROR: %s\n' "$*" >&2
  exit 1
}

CACHE_ROOT=${CSG_CACHE_ROOT:-$HOME/.cache/container-security-gate}
STATE_DIR=${CSG_STATE_DIR:-$CACHE_ROOT/env}
TEST_ENV_JSON=${CSG_TEST_ENV:-$CACHE_ROOT/test-env.json}
REGISTRY_PORT=${CSG_REGISTRY_PORT:-5000}
REGISTRY_ADDR=127.0.0.1:$REGISTRY_PORT
REGISTRY_USER=csg-ci
DOCKER_CLI=/usr/bin/docker
DOCKER_SOCK=/var/run/docker.sock
BUSYBOX=/bin/busybox
TRIVY_VERSION=$(read_version TRIVY_VERSION)
TRIVY_DB_MODULE_VERSION=$(read_version TRIVY_DB_MODULE_VERSION)
TRIVY_HOME=$CACHE_ROOT/trivy/$TRIVY_VERSION
TRIVY_CACHE_DIR=$CACHE_ROOT/trivy-fixture-cache

# Every docker command here talks to the engine the tests use, whatever the caller's env says.
export DOCKER_HOST=unix://$DOCKER_SOCK

[[ $REGISTRY_PORT =~ ^[0-9]+$ ]] && ((REGISTRY_PORT > 0 && REGISTRY_PORT < 65536)) ||
  die "CSG_REGISTRY_PORT must be a TCP port number, got '$REGISTRY_PORT'"

mkdir -p "$STATE_DIR" "$TRIVY_HOME" "$TRIVY_CACHE_DIR"

# Two concurrent runs (e.g. a contributor and a test hook) must not both start
# daemons or build Trivy: the second waits for the first, then finds everything up.
exec 9>"$CACHE_ROOT/up.lock"
if ! flock -n 9; then
  log "another up.sh is running; waiting for it"
  flock -w 3600 9 || die "timed out waiting for the lock $CACHE_ROOT/up.lock"
fi

# ---------------------------------------------------------------- packages
ensure_packages() {
  local missing=()
  [[ -x $DOCKER_CLI ]] && command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  # The image fixtures run busybox in FROM scratch, so it must be the static build.
  if [[ ! -x $BUSYBOX ]] || ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; then
    missing+=(busybox-static)
  fi
  if ((${#missing[@]} == 0)); then
    log "packages: ok"
    return
  fi
  ((EUID == 0)) || die "missing Debian packages: ${missing[*]} (run as root or: sudo apt-get install -y ${missing[*]})"
  log "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >"$STATE_DIR/apt.log" 2>&1 || die "apt-get update failed; see $STATE_DIR/apt.log"
  # Same install as the one this environment was developed and tested with (recommends included).
  apt-get install -y -qq "${missing[@]}" >>"$STATE_DIR/apt.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed; see $STATE_DIR/apt.log"
}

# ---------------------------------------------------------------- dockerd
docker_ready() { timeout 20 "$DOCKER_CLI" info >/dev/null 2>&1; }

ensure_dockerd() {
  if docker_ready; then
    log "docker: reusing running engine ($DOCKER_HOST)"
    return
  fi
  local log_file=$STATE_DIR/dockerd.log timeout=${CSG_DOCKERD_TIMEOUT:-60} pid
  log "docker: starting dockerd (log: $log_file)"
  # No bridge and no iptables: the tests only use --network none or host, and the
  # CI machine may not allow netfilter changes. setsid: outlive this script.
  setsid dockerd --bridge=none --iptables=false >"$log_file" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$STATE_DIR/dockerd.pid"
  local deadline=$((SECONDS + timeout))
  until docker_ready; do
    kill -0 "$pid" 2>/dev/null || die "dockerd exited during start-up; last log lines:
$(tail -n 20 "$log_file")"
    ((SECONDS < deadline)) || die "dockerd not ready after ${timeout}s (CSG_DOCKERD_TIMEOUT); see $log_file"
    sleep 0.5
  done
  log "docker: ready (pid $pid)"
}

# ---------------------------------------------------------------- registry
# Status code of GET http://$REGISTRY_ADDR/v2/ via bash's /dev/tcp (no curl needed), or 000.
registry_status() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /v2/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
    IFS=" " read -r _ code _ <&3 && printf "%s" "$code"
  ' _ "$REGISTRY_PORT" 2>/dev/null || printf '000'
}

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

write_if_changed() { # file content
  if [[ ! -f $1 ]] || [[ $(<"$1") != "$2" ]]; then
    printf '%s\n' "$2" >"$1.tmp" && mv -f "$1.tmp" "$1"
  fi
}

ensure_registry() {
  local dir=$STATE_DIR/registry
  mkdir -p "$dir/data"
  chmod 700 "$dir"
  # The password doubles as a canary: tests grep every output for it, so it is
  # distinctive and generated once per machine, never committed.
  if [[ ! -s $dir/password ]]; then
    (umask 077 && printf 'csg-canary-%s\n' "$(random_hex 12)" >"$dir/password")
  fi
  REGISTRY_PASSWORD=$(<"$dir/password")
  [[ $REGISTRY_PASSWORD =~ ^csg-canary-[0-9a-f]{24}$ ]] || die "unexpected content in $dir/password; delete it to regenerate"

  # bcrypt is the only hash the registry accepts; -i reads the password from stdin
  # so it never shows up in a process listing. Regenerate only when it no longer verifies.
  if [[ ! -s $dir/htpasswd ]] || ! htpasswd -vi "$dir/htpasswd" "$REGISTRY_USER" <<<"$REGISTRY_PASSWORD" >/dev/null 2>&1; then
    (umask 077 && htpasswd -niB "$REGISTRY_USER" <<<"$REGISTRY_PASSWORD" | sed '/^$/d' >"$dir/htpasswd.tmp")
    mv -f "$dir/htpasswd.tmp" "$dir/htpasswd"
  fi
  [[ -s $dir/http-secret ]] || (umask 077 && random_hex 32 >"$dir/http-secret")

  write_if_changed "$dir/config.yml" "version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $REGISTRY_ADDR
  secret: $(<"$dir/http-secret")
auth:
  htpasswd:
    realm: csg-test-registry
    path: $dir/htpasswd"
  chmod 600 "$dir/config.yml"

  local want pid=""
  want=$(cat "$dir/config.yml" "$dir/htpasswd" | sha256sum | cut -c1-64)
  [[ -s $dir/registry.pid ]] && pid=$(<"$dir/registry.pid")
  if [[ -n $pid ]] && ! registry_is_ours "$pid" "$dir/config.yml"; then
    pid=""
  fi

  if [[ -n $pid ]]; then
    if [[ -f $dir/running.sha256 && $(<"$dir/running.sha256") == "$want" && $(registry_status) == 401 ]]; then
      log "registry: reusing $REGISTRY_ADDR (pid $pid)"
      return
    fi
    log "registry: config changed or not answering; restarting pid $pid"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "registry pid $pid did not stop"
  fi

  local status
  status=$(registry_status)
  [[ $status == 000 ]] || die "something not started by up.sh already answers on $REGISTRY_ADDR (HTTP $status);
  stop it or choose another port with CSG_REGISTRY_PORT"

  log "registry: starting on $REGISTRY_ADDR (log: $dir/registry.log)"
  setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$dir/registry.pid"
  local deadline=$((SECONDS + 30))
  until [[ $(registry_status) == 401 ]]; do
    kill -0 "$pid" 2>/dev/null || die "docker-registry exited during start-up; last log lines:
$(tail -n 20 "$dir/registry.log")"
    ((SECONDS < deadline)) || die "registry not answering 401 on http://$REGISTRY_ADDR/v2/ after 30s; see $dir/registry.log"
    sleep 0.2
  done
  echo "$want" >"$dir/running.sha256"
  log "registry: ready (pid $pid)"
}

registry_is_ours() { # pid config
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ $cmdline == *docker-registry\ serve\ "$2"* ]]
}

# ---------------------------------------------------------------- trivy
trivy_version_of() { { "$1" --version 2>/dev/null || true; } | sed -n 's/^Version: *//p' | head -n 1; }

build_trivy() {
  command -v go >/dev/null || die "trivy $TRIVY_VERSION is not cached at $TRIVY_HOME/trivy and Go is not installed to build it"
  local build_log=$STATE_DIR/trivy-build.log work module_dir started=$SECONDS
  log "trivy: building $TRIVY_VERSION from its Go module (takes minutes; log: $build_log)"
  work=$(mktemp -d "$STATE_DIR/trivy-build.XXXXXX")
  # `go install module@version` needs the proxy's @v/list, which the CI proxy refuses;
  # downloading the exact version and building inside it does not.
  if ! module_dir=$(go mod download -json "github.com/aquasecurity/trivy@v$TRIVY_VERSION" 2>>"$build_log" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);if(j.Error||!j.Dir){console.error(j.Error||"no Dir");process.exit(1)}process.stdout.write(j.Dir)})' 2>>"$build_log"); then
    rm -rf "$work"
    die "go mod download github.com/aquasecurity/trivy@v$TRIVY_VERSION failed; see $build_log"
  fi
  cp -R "$module_dir" "$work/src"
  chmod -R u+w "$work/src"
  if ! (cd "$work/src" && GOEXPERIMENT=jsonv2 timeout "${CSG_TRIVY_BUILD_TIMEOUT:-3600}" go build -trimpath \
    -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" \
    -o "$TRIVY_HOME/trivy.tmp.$$" ./cmd/trivy) >>"$build_log" 2>&1; then
    rm -rf "$work" "$TRIVY_HOME/trivy.tmp.$$"
    die "building trivy failed; see $build_log"
  fi
  rm -rf "$work"
  mv -f "$TRIVY_HOME/trivy.tmp.$$" "$TRIVY_HOME/trivy"
  log "trivy: built in $((SECONDS - started))s"
}

# Where the release can be downloaded, the action's own installer fetches it and checks its
# SHA-256 against the checksums the action carries; without internet this fails fast.
install_trivy_release() {
  [[ -d $ROOT/node_modules ]] || return 1
  local log_file=$STATE_DIR/trivy-install.log installed
  log "trivy: trying the action's installer (download + SHA-256 check)"
  (cd "$ROOT" && npx --no-install tsc -p tsconfig.build.json) >"$log_file" 2>&1 || return 1
  # @actions/core prints ::debug:: lines on stdout; the path is the last line.
  if installed=$(node "$ROOT/test/env/install-trivy.mjs" "$TRIVY_VERSION" "$STATE_DIR/trivy-release" 2>>"$log_file" | tail -n 1) &&
    [[ $(trivy_version_of "$installed") == "$TRIVY_VERSION" ]]; then
    cp -f "$installed" "$TRIVY_HOME/trivy.tmp.$$" && mv -f "$TRIVY_HOME/trivy.tmp.$$" "$TRIVY_HOME/trivy"
    log "trivy: installed the verified release"
    return 0
  fi
  log "trivy: the release could not be downloaded here ($(tail -n 1 "$log_file")); building from source"
  return 1
}

# A build started outside up.sh (e.g. by hand) writing to our cache path: wait for it
# rather than racing it with a second multi-minute build.
wait_for_foreign_build() {
  local waited=0
  while pgrep -f -- "-o $TRIVY_HOME/trivy( |$)" >/dev/null 2>&1; do
    ((waited % 30 == 0)) && log "trivy: waiting for a running build of $TRIVY_HOME/trivy (${waited}s)"
    ((waited < ${CSG_TRIVY_BUILD_TIMEOUT:-3600})) || die "gave up waiting for the running trivy build"
    sleep 5
    waited=$((waited + 5))
  done
}

ensure_trivy() {
  local candidate on_path
  wait_for_foreign_build
  TRIVY_PATH=""
  on_path=$(command -v trivy || true)
  for candidate in "$TRIVY_HOME/trivy" $on_path; do
    if [[ -x $candidate && $(trivy_version_of "$candidate") == "$TRIVY_VERSION" ]]; then
      TRIVY_PATH=$candidate
      break
    fi
  done
  if [[ -z $TRIVY_PATH ]] && install_trivy_release; then
    TRIVY_PATH=$TRIVY_HOME/trivy
  fi
  if [[ -z $TRIVY_PATH ]]; then
    build_trivy
    TRIVY_PATH=$TRIVY_HOME/trivy
    local got
    got=$(trivy_version_of "$TRIVY_PATH")
    [[ $got == "$TRIVY_VERSION" ]] || die "built trivy reports version '$got', expected $TRIVY_VERSION"
  fi
  log "trivy: $TRIVY_PATH ($TRIVY_VERSION)"
}

# ---------------------------------------------------------------- fixture DB
# Flags that keep Trivy entirely offline and quiet (documented in test/env/README.md).
TRIVY_OFFLINE_FLAGS=(--skip-db-update --skip-java-db-update --skip-check-update
  --offline-scan --skip-version-check --disable-telemetry --no-progress --quiet)

fixture_db_hash() {
  (
    cd "$ROOT"
    for f in fixtures/advisories/*.json test/env/trivy-db/main.go test/env/trivy-db/go.mod test/env/trivy-db/go.sum test/env/versions.env; do
      printf '%s\0' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-64
}

ensure_fixture_db() {
  local want stamp=$TRIVY_CACHE_DIR/fixture-db.sha256 db_dir=$TRIVY_CACHE_DIR/db
  want=$(fixture_db_hash)
  if [[ -f $stamp && $(<"$stamp") == "$want" && -s $db_dir/trivy.db && -s $db_dir/metadata.json ]]; then
    log "trivy db: fixture DB up to date ($db_dir)"
    return
  fi
  command -v go >/dev/null || die "Go is needed to build the fixture vulnerability DB (test/env/trivy-db)"
  local started=$SECONDS build_log=$STATE_DIR/trivy-db-build.log new=$TRIVY_CACHE_DIR/db-$want.tmp.$$
  log "trivy db: building fixture DB from fixtures/advisories (log: $build_log)"
  grep -q "github.com/aquasecurity/trivy-db $TRIVY_DB_MODULE_VERSION\$" "$ENV_DIR/trivy-db/go.mod" ||
    die "test/env/trivy-db/go.mod does not require trivy-db $TRIVY_DB_MODULE_VERSION (versions.env)"
  mkdir -p "$STATE_DIR/bin"
  rm -rf "$new"
  (cd "$ENV_DIR/trivy-db" && go build -o "$STATE_DIR/bin/trivy-db-fixture" .) >"$build_log" 2>&1 ||
    die "building test/env/trivy-db failed; see $build_log"
  "$STATE_DIR/bin/trivy-db-fixture" -advisories "$ROOT/fixtures/advisories" -out "$new" >>"$build_log" 2>&1 ||
    { rm -rf "$new"; die "generating the fixture DB failed; see $build_log"; }

  # Fail closed: prove this Trivy reads the DB before publishing it.
  probe_fixture_db "$new" "$build_log"

  # Publish atomically: db is a symlink to db-<hash>, swapped with one rename, so a
  # scan running in parallel (another test run) never sees a missing DB.
  rm -rf "$TRIVY_CACHE_DIR/db-$want"
  mv "$new" "$TRIVY_CACHE_DIR/db-$want"
  if [[ -d $db_dir && ! -L $db_dir ]]; then
    rm -rf "$db_dir" # a plain directory left by an older up.sh
  fi
  ln -sfn "db-$want" "$TRIVY_CACHE_DIR/db.link.$$"
  mv -Tf "$TRIVY_CACHE_DIR/db.link.$$" "$db_dir"
  local stale
  for stale in "$TRIVY_CACHE_DIR"/db-*; do
    [[ $stale == "$TRIVY_CACHE_DIR/db-$want" ]] || rm -rf "$stale"
  done
  echo "$want" >"$stamp"
  log "trivy db: built in $((SECONDS - started))s"
}

# Scan the vulnerable fixture with the fresh DB (in a scratch cache dir) and require
# the CRITICAL fixture advisory to show up.
probe_fixture_db() { # new_db_dir build_log
  local scratch out
  scratch=$(mktemp -d "$STATE_DIR/db-probe.XXXXXX")
  mkdir -p "$scratch/cache"
  cp -R "$1" "$scratch/cache/db"
  if ! out=$("$TRIVY_PATH" fs --cache-dir "$scratch/cache" --cache-backend memory "${TRIVY_OFFLINE_FLAGS[@]}" \
    --scanners vuln --format json "$ROOT/fixtures/images/vulnerable/app" 2>>"$2"); then
    rm -rf "$scratch" "$1"
    die "trivy could not scan with the new fixture DB; see $2"
  fi
  rm -rf "$scratch"
  if [[ $out != *'"VulnerabilityID": "CVE-2021-44906"'* || $out != *'"Severity": "CRITICAL"'* ]]; then
    rm -rf "$1"
    die "trivy did not report CVE-2021-44906 from the fixture DB; the DB layout no longer matches trivy $TRIVY_VERSION"
  fi
}

# ---------------------------------------------------------------- test-env.json
write_test_env() {
  mkdir -p "$(dirname "$TEST_ENV_JSON")"
  local tmp=$TEST_ENV_JSON.tmp.$$
  (umask 077 && CSG_JSON_OUT=$tmp \
    CSG_DOCKER_HOST=$DOCKER_HOST CSG_DOCKER_CLI=$DOCKER_CLI CSG_REGISTRY=$REGISTRY_ADDR \
    CSG_REGISTRY_USER=$REGISTRY_USER CSG_REGISTRY_PASSWORD=$REGISTRY_PASSWORD \
    CSG_TRIVY_PATH=$TRIVY_PATH CSG_TRIVY_VERSION=$TRIVY_VERSION CSG_TRIVY_CACHE_DIR=$TRIVY_CACHE_DIR \
    CSG_BUSYBOX=$BUSYBOX CSG_STATE=$STATE_DIR node -e '
      const e = process.env;
      const env = {
        dockerHost: e.CSG_DOCKER_HOST, dockerCli: e.CSG_DOCKER_CLI,
        registry: e.CSG_REGISTRY, registryUser: e.CSG_REGISTRY_USER, registryPassword: e.CSG_REGISTRY_PASSWORD,
        trivyPath: e.CSG_TRIVY_PATH, trivyVersion: e.CSG_TRIVY_VERSION, trivyCacheDir: e.CSG_TRIVY_CACHE_DIR,
        busybox: e.CSG_BUSYBOX, stateDir: e.CSG_STATE,
      };
      require("fs").writeFileSync(e.CSG_JSON_OUT, JSON.stringify(env, null, 2) + "\n", { mode: 0o600 });
    ')
  mv -f "$tmp" "$TEST_ENV_JSON"
  log "wrote $TEST_ENV_JSON"
}

started=$SECONDS
ensure_packages
ensure_dockerd
ensure_registry
ensure_trivy
ensure_fixture_db
CSG_CACHE_ROOT=$CACHE_ROOT bash "$ENV_DIR/chromium.sh"
bash "$ENV_DIR/act.sh"
CSG_CACHE_ROOT=$CACHE_ROOT bash "$ENV_DIR/cosign.sh" 9>&- # the verifier the attestation tests run (test/env/cosign.ts)
CSG_CACHE_ROOT=$CACHE_ROOT bash "$ENV_DIR/arm64-busybox.sh" # foreign-platform fixtures (test/env/arm64-busybox.ts)
CSG_CACHE_ROOT=$CACHE_ROOT bash "$ENV_DIR/referrers-registry.sh" 9>&- # OCI 1.1 referrers API for attestations (test/env/referrers-registry.ts)
write_test_env
log "ready in $((SECONDS - started))s"
