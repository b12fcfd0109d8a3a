#!/usr/bin/env bash
# Stops the PostgreSQL cluster and Redis server that scripts/start-services.sh started.
#
# Usage: bash scripts/stop-services.sh [--purge]
#   --purge  also deletes KINDRED_SERVICES_DIR (data, sockets, logs), so the next start is fresh.
# Uses the same KINDRED_SERVICES_DIR / KINDRED_PG_PORT / KINDRED_REDIS_PORT as start-services.sh.
# Only servers whose files live in that directory are stopped; safe to run when nothing runs.
set -uo pipefail

dir="${KINDRED_SERVICES_DIR:-/tmp/kindred-services}"
redis_port="${KINDRED_REDIS_PORT:-63799}"
purge=false
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    *)
      echo "stop-services: unknown argument: $arg (expected --purge)" >&2
      exit 2
      ;;
  esac
done

log() { printf '[services] %s\n' "$*" >&2; }
status=0

# PostgreSQL: the cluster in $dir/postgres, stopped by pg_ctl as its owner.
pgdata="$dir/postgres"
pg_alive() {
  local pid
  pid="$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}
if pg_alive; then
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  stop=("$bin/pg_ctl" -D "$pgdata" -m fast -w -t 60 stop)
  log "stopping PostgreSQL ($pgdata)"
  if [[ "$(id -u)" -ne 0 ]]; then
    "${stop[@]}" >/dev/null 2>&1
  elif command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- "${stop[@]}") >/dev/null 2>&1
  else
    (cd / && su postgres -s /bin/sh -c "$(printf '%q ' "${stop[@]}")") >/dev/null 2>&1
  fi
  if pg_alive; then
    log "ERROR: PostgreSQL did not stop (see $dir/logs/postgres.log)"
    status=1
  fi
else
  log "PostgreSQL: not running from $pgdata"
fi

# Redis: the server whose pid file is in $dir/redis.
pidfile="$dir/redis/redis.pid"
if [[ -f "$pidfile" ]]; then
  pid="$(cat "$pidfile" 2>/dev/null)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping Redis (pid $pid, port $redis_port)"
    redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null
    for ((i = 0; i < 40; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "ERROR: Redis (pid $pid) did not stop"
      status=1
    fi
  else
    log "Redis: not running (stale pid file)"
  fi
  rm -f "$pidfile"
else
  log "Redis: not running from $dir/redis"
fi

if [[ "$purge" == true && $status -eq 0 ]]; then
  log "removing $dir"
  rm -rf "$dir"
fi
exit "$status"
