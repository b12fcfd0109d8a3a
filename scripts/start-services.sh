#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster and a Redis server on 127.0.0.1 for the test suite, and
# exports the two variables `npm test` looks for:
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:<pg port>/postgres
#   TEST_REDIS_URL=redis://127.0.0.1:<redis port>
#
# Usage (bash):
#   source scripts/start-services.sh        # starts both and exports the variables in this shell
#   eval "$(bash scripts/start-services.sh)" # the same, from a script run as a child process
#   bash scripts/stop-services.sh [--purge]  # stops both (--purge also deletes their files)
#
# Settings (environment):
#   KINDRED_SERVICES_DIR  where data, sockets and logs live  (default /tmp/kindred-services)
#   KINDRED_PG_PORT       PostgreSQL port                     (default 54329)
#   KINDRED_REDIS_PORT    Redis port                          (default 63799)
#
# Idempotent: a PostgreSQL or Redis already answering on its port is reused. PostgreSQL refuses to
# run as root, so as root the cluster belongs to the `postgres` user. Nothing listens beyond
# loopback, and authentication is `trust`: this is for tests only.

_kindred_log() { printf '[services] %s\n' "$*" >&2; }
_kindred_fail() {
  printf '[services] ERROR: %s\n' "$*" >&2
  return 1
}

# True when something accepts TCP connections on 127.0.0.1:$1.
_kindred_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_kindred_start_postgres() {
  local dir="$1" port="$2"
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -z "$bin" || ! -x "$bin/initdb" || ! -x "$bin/pg_ctl" ]]; then
    _kindred_fail "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin." \
      "Install them with: sudo bash scripts/install-system-deps.sh"
    return 1
  fi
  local pgdata="$dir/postgres" sockets="$dir/sockets" logfile="$dir/logs/postgres.log"
  local url="postgres://postgres@127.0.0.1:$port/postgres"

  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2; then
    if "$bin/psql" "$url" -XAtqc 'select 1' >/dev/null 2>&1; then
      _kindred_log "PostgreSQL already running on 127.0.0.1:$port; reusing it"
      return 0
    fi
    _kindred_fail "a PostgreSQL server on 127.0.0.1:$port does not accept user postgres" \
      "without a password. Stop it, or choose another port with KINDRED_PG_PORT."
    return 1
  fi
  if _kindred_port_open "$port"; then
    _kindred_fail "port $port is in use by something that is not PostgreSQL." \
      "Choose another port with KINDRED_PG_PORT."
    return 1
  fi

  # As root, every PostgreSQL command runs as the `postgres` user (cwd: a directory it can read).
  local -a as_pg=()
  if [[ "$(id -u)" -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
      _kindred_fail "running as root but there is no 'postgres' user; install the postgresql package"
      return 1
    fi
    if command -v runuser >/dev/null 2>&1; then
      as_pg=(runuser -u postgres --)
    else
      as_pg=(_kindred_su_postgres)
    fi
  fi

  mkdir -p "$sockets" "$dir/logs" || return 1
  if [[ -f "$pgdata/PG_VERSION" ]]; then
    local have want
    have="$(cat "$pgdata/PG_VERSION")"
    want="$(basename "$(dirname "$bin")")"
    if [[ "$have" != "$want" ]]; then
      _kindred_log "existing cluster is PostgreSQL $have, binaries are $want: recreating it"
      rm -rf "$pgdata"
    fi
  elif [[ -e "$pgdata" ]]; then
    rm -rf "$pgdata"
  fi
  if [[ ${#as_pg[@]} -gt 0 ]]; then
    chown postgres: "$sockets" "$dir/logs" || return 1
    if [[ ! -d "$pgdata" ]]; then
      mkdir -p "$pgdata" && chown postgres: "$pgdata" && chmod 700 "$pgdata" || return 1
    fi
    if ! (cd / && "${as_pg[@]}" test -w "$pgdata" -a -w "$sockets"); then
      _kindred_fail "user postgres cannot write to $dir; choose a directory it can reach" \
        "(every parent must be searchable) with KINDRED_SERVICES_DIR"
      return 1
    fi
  fi

  if [[ ! -f "$pgdata/PG_VERSION" ]]; then
    _kindred_log "initdb: new PostgreSQL $(basename "$(dirname "$bin")") cluster in $pgdata"
    if ! (cd / && "${as_pg[@]}" "$bin/initdb" -D "$pgdata" --auth=trust -U postgres \
      --encoding=UTF8 --no-locale --no-sync) >"$dir/logs/initdb.log" 2>&1; then
      cat "$dir/logs/initdb.log" >&2
      _kindred_fail "initdb failed (log above, also in $dir/logs/initdb.log)"
      return 1
    fi
  fi

  _kindred_log "starting PostgreSQL on 127.0.0.1:$port (log: $logfile)"
  # pg_ctl hands these to /bin/sh, hence the quotes around the path.
  local options="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$sockets'"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
  # Per-statement counts and times for `select * from pg_stat_statements` (bench/README.md);
  # the view appears in a database after `create extension pg_stat_statements`.
  if [[ -f "$(dirname "$bin")/lib/pg_stat_statements.so" ]]; then
    options+=" -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
  fi
  local attempt started=false
  for attempt in 1 2; do
    if (cd / && "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -l "$logfile" -w -t 60 -o "$options" \
      start) >/dev/null 2>&1; then
      started=true
      break
    fi
    # A server killed a moment ago may still hold its lock file: one more try after a pause.
    [[ $attempt -eq 1 ]] && sleep 3
  done
  if [[ "$started" != true ]]; then
    tail -n 20 "$logfile" >&2 2>/dev/null
    _kindred_fail "PostgreSQL failed to start (log above, also in $logfile)"
    return 1
  fi
  _kindred_await "PostgreSQL" "$port" "$logfile" \
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1
}

# Polls a readiness command (the arguments after the first three) every 0.5 s for up to 30 s;
# on failure shows the service's log and says so.
_kindred_await() {
  local name="$1" port="$2" logfile="$3"
  shift 3
  local i
  for ((i = 0; i < 60; i++)); do
    if "$@"; then
      _kindred_log "$name is ready"
      return 0
    fi
    sleep 0.5
  done
  tail -n 20 "$logfile" >&2 2>/dev/null
  _kindred_fail "$name does not answer on 127.0.0.1:$port after 30 s"
}

_kindred_redis_answers() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]
}

# Fallback for systems without runuser: su with every argument quoted.
_kindred_su_postgres() {
  su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
}

_kindred_start_redis() {
  local dir="$1" port="$2"
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    _kindred_fail "redis-server / redis-cli not found." \
      "Install them with: sudo bash scripts/install-system-deps.sh"
    return 1
  fi
  if _kindred_redis_answers "$port"; then
    _kindred_log "Redis already running on 127.0.0.1:$port; reusing it"
    return 0
  fi
  if _kindred_port_open "$port"; then
    _kindred_fail "port $port is in use by something that is not Redis." \
      "Choose another port with KINDRED_REDIS_PORT."
    return 1
  fi
  mkdir -p "$dir/redis" "$dir/logs" || return 1
  _kindred_log "starting Redis on 127.0.0.1:$port (log: $dir/logs/redis.log)"
  if ! redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize yes \
    --dir "$dir/redis" --pidfile "$dir/redis/redis.pid" --logfile "$dir/logs/redis.log" \
    --save '' --appendonly no; then
    _kindred_fail "redis-server failed to start (see $dir/logs/redis.log)"
    return 1
  fi
  _kindred_await "Redis" "$port" "$dir/logs/redis.log" _kindred_redis_answers "$port"
}

_kindred_start_services() {
  local dir="${KINDRED_SERVICES_DIR:-/tmp/kindred-services}"
  local pg_port="${KINDRED_PG_PORT:-54329}" redis_port="${KINDRED_REDIS_PORT:-63799}"
  if [[ ! "$pg_port" =~ ^[0-9]+$ || ! "$redis_port" =~ ^[0-9]+$ ]]; then
    _kindred_fail "KINDRED_PG_PORT and KINDRED_REDIS_PORT must be port numbers"
    return 1
  fi
  mkdir -p "$dir" || return 1
  dir="$(cd "$dir" && pwd)" || return 1
  chmod 755 "$dir" 2>/dev/null || true
  _kindred_start_postgres "$dir" "$pg_port" || return 1
  _kindred_start_redis "$dir" "$redis_port" || return 1
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
}

_kindred_cleanup_functions() {
  unset -f _kindred_log _kindred_fail _kindred_port_open _kindred_start_postgres \
    _kindred_su_postgres _kindred_await _kindred_redis_answers _kindred_start_redis \
    _kindred_start_services _kindred_cleanup_functions
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: export into the caller's shell; never exit it, never change its options.
  if _kindred_start_services; then
    _kindred_log "TEST_DATABASE_URL=$TEST_DATABASE_URL"
    _kindred_log "TEST_REDIS_URL=$TEST_REDIS_URL"
    _kindred_cleanup_functions
  else
    _kindred_cleanup_functions
    return 1
  fi
else
  # Run as a program: print the exports on stdout for `eval "$(bash scripts/start-services.sh)"`.
  set -uo pipefail
  _kindred_start_services || exit 1
  printf 'export TEST_DATABASE_URL=%q\n' "$TEST_DATABASE_URL"
  printf 'export TEST_REDIS_URL=%q\n' "$TEST_REDIS_URL"
fi
