#!/usr/bin/env bash
# Installs the system packages the full test suite needs on Debian/Ubuntu:
#   PostgreSQL (server suite on PostgreSQL), Redis (shared rate limits), Chromium and fonts
#   (browser tests). `npm start` needs none of them.
#
# Usage: bash scripts/install-system-deps.sh [--force]
#   Idempotent: does nothing when everything is already installed, unless --force is given.
#   Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

PACKAGES=(postgresql redis-server chromium fonts-liberation)
force=false

for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h | --help)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "install-system-deps: unknown argument: $arg (expected --force)" >&2
      exit 2
      ;;
  esac
done

log() { printf '[install-system-deps] %s\n' "$*"; }

# What is missing, by the files the test scripts actually use.
missing=()
postgres_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
for tool in postgres initdb pg_ctl pg_isready; do
  if [[ -z "$postgres_bin" || ! -x "$postgres_bin/$tool" ]]; then
    missing+=("PostgreSQL server ($tool)")
    break
  fi
done
command -v psql >/dev/null 2>&1 || missing+=("psql")
command -v redis-server >/dev/null 2>&1 || missing+=("redis-server")
command -v redis-cli >/dev/null 2>&1 || missing+=("redis-cli")
[[ -x /usr/bin/chromium ]] || missing+=("/usr/bin/chromium")
if ! dpkg-query -W -f='${Status}' fonts-liberation 2>/dev/null | grep -q 'install ok installed'; then
  missing+=("fonts-liberation")
fi

if [[ ${#missing[@]} -eq 0 && "$force" != true ]]; then
  log "PostgreSQL ($postgres_bin), Redis and Chromium are already installed; nothing to do."
  log "(Pass --force to run apt-get anyway.)"
  exit 0
fi

if [[ ${#missing[@]} -gt 0 ]]; then
  log "missing: ${missing[*]}"
else
  log "--force given: reinstalling even though everything is present"
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: apt-get not found. This script supports Debian and Ubuntu." >&2
  echo "  Install PostgreSQL 15+, Redis 7 and Chromium with your package manager instead;" >&2
  echo "  see docs/SETUP.md." >&2
  exit 1
fi

if [[ "$(id -u)" -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-system-deps: must run as root, or sudo must be available." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
log "apt-get update"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
log "apt-get install -y --no-install-recommends ${PACKAGES[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${PACKAGES[@]}"

postgres_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$postgres_bin" || ! -x "$postgres_bin/initdb" ]] || ! command -v redis-server >/dev/null ||
  [[ ! -x /usr/bin/chromium ]]; then
  echo "install-system-deps: apt-get finished but some binaries are still missing." >&2
  exit 1
fi
log "done: PostgreSQL in $postgres_bin, $(redis-server --version | cut -d' ' -f1-3), $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
