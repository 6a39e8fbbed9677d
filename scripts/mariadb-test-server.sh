#!/usr/bin/env bash
# A throwaway MariaDB server for integration tests, beside any system MariaDB (own data
# directory, port, socket and pid file; the system service is never started or touched).
#   scripts/mariadb-test-server.sh start   installs Debian's mariadb-server if missing, initialises a
#                                          temporary data directory, starts on 127.0.0.1 on a free port
#                                          and prints the connection URL (also written to
#                                          .tmp/mariadb-test-server.env)
#   scripts/mariadb-test-server.sh stop    stops it and removes the data directory
#   scripts/mariadb-test-server.sh url     prints the URL of the running server
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
STATE=.tmp/mariadb-test-server.env
mkdir -p .tmp

find_bin() {
  command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || true
}

ensure_installed() {
  if [ -z "$(find_bin mariadbd)" ] || [ -z "$(find_bin mariadb-install-db)" ]; then
    echo "mariadb-test-server: installing Debian's mariadb-server package" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Debian's maintainer scripts would start the system service; a policy that refuses
    # service starts keeps the install from launching it where none was running.
    local policy=/usr/sbin/policy-rc.d added=
    if [ "$(id -u)" = 0 ] && [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && added=1
    fi
    local status=0
    { apt-get update -qq >&2 && apt-get install -y -qq mariadb-server >&2; } || status=$?
    if [ -n "$added" ]; then rm -f "$policy"; fi
    [ "$status" = 0 ] || exit "$status"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

running() {
  [ -n "${MARIADB_PID_FILE:-}" ] && [ -f "$MARIADB_PID_FILE" ] && kill -0 "$(cat "$MARIADB_PID_FILE")" 2>/dev/null
}

start() {
  if [ -f "$STATE" ]; then
    # shellcheck disable=SC1090
    . "$STATE"
    if running; then echo "$MARIADB_URL"; return; fi
    rm -rf "$MARIADB_ROOT"
  fi
  ensure_installed
  local mariadbd install_db root port user
  mariadbd=$(find_bin mariadbd)
  install_db=$(find_bin mariadb-install-db)
  root=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-mariadb-XXXXXX")
  port=$(free_port)
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then user=mysql; chown mysql: "$root"; fi
  # Root logs in without a password over TCP (normal authentication, empty password).
  "$install_db" --no-defaults --user="$user" --datadir="$root/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$root/install.log" 2>&1 \
    || { cat "$root/install.log" >&2; rm -rf "$root"; exit 1; }
  # --no-defaults: no /etc/mysql option file, so nothing is shared with a system server.
  # setsid: its own session, so the caller's process group ending does not take it down.
  setsid "$mariadbd" --no-defaults --user="$user" --datadir="$root/data" \
    --bind-address=127.0.0.1 --port="$port" --socket="$root/mariadb.sock" \
    --pid-file="$root/mariadb.pid" --log-error="$root/server.log" \
    --skip-name-resolve --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    >/dev/null 2>&1 &
  local i
  for i in $(seq 1 120); do
    if [ -S "$root/mariadb.sock" ] && [ -f "$root/mariadb.pid" ] \
      && node -e 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>process.exit(0));s.on("error",()=>process.exit(1))' "$port"; then
      break
    fi
    if ! kill -0 $! 2>/dev/null; then cat "$root/server.log" >&2; rm -rf "$root"; exit 1; fi
    sleep 0.5
  done
  [ -f "$root/mariadb.pid" ] || { echo "mariadb-test-server: the server did not start" >&2; cat "$root/server.log" >&2; exit 1; }
  cat > "$STATE" <<ENV
MARIADB_ROOT=$root
MARIADB_PID_FILE=$root/mariadb.pid
MARIADB_PORT=$port
MARIADB_URL=mysql://root@127.0.0.1:$port/mysql
ENV
  echo "mysql://root@127.0.0.1:$port/mysql"
}

stop() {
  [ -f "$STATE" ] || return 0
  # shellcheck disable=SC1090
  . "$STATE"
  if running; then
    local pid
    pid=$(cat "$MARIADB_PID_FILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$MARIADB_ROOT" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$STATE" ] && { . "$STATE"; echo "$MARIADB_URL"; } ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
