#!/usr/bin/env bash
# A throwaway PostgreSQL server for integration tests and calibration.
#   scripts/pg-test-server.sh start   installs Debian's postgresql if missing, initdb's a temporary
#                                     data directory, starts on 127.0.0.1 on a free port and prints
#                                     the connection URL (also written to .tmp/pg-test-server.env)
#   scripts/pg-test-server.sh stop    stops it and removes the data directory
#   scripts/pg-test-server.sh url     prints the URL of the running server
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STATE=.tmp/pg-test-server.env
mkdir -p .tmp

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$dir" ]; then
    echo "pg-test-server: installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  echo "$dir"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then echo "$PG_URL"; return; fi
    rm -rf "$PG_DATA"
  fi
  local bin data port
  bin=$(pg_bin)
  data=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-pg-XXXXXX")
  if [ "$(id -u)" = 0 ]; then chown postgres: "$data"; fi
  port=$(free_port)
  as_pg "$bin/initdb" -D "$data/pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$data/pgdata" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data" start >/dev/null
  cat > "$STATE" <<ENV
PG_BIN=$bin
PG_DATA=$data/pgdata
PG_ROOT=$data
PG_PORT=$port
PG_URL=postgres://postgres@127.0.0.1:$port/postgres
ENV
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$STATE" ] && { . "$STATE"; echo "$PG_URL"; } ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
