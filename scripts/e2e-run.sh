#!/usr/bin/env bash
# End-to-end tests of the packaged extension inside a real VS Code (code-server), offline.
#   1. package the .vsix (npm run package);
#   2. ui:   install it into a fresh code-server, drive the workbench with chromium
#            (test/e2e/ui.e2e.mjs), screenshots in test-artifacts/e2e/;
#   3. host: run mocha inside the real extension host against the installed extension
#            (test/e2e/host/).
# Needs `bash scripts/e2e-setup.sh` once. Usage: bash scripts/e2e-run.sh [all|ui|host]
# env: SKIP_PACKAGE=1 reuses the .vsix; KEEP=1 keeps the temporary server folders;
#      UI_ATTEMPTS (default 2) retries the UI scenario on a fresh workspace copy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

CS_ENTRY="$ROOT/.e2e/code-server/node_modules/code-server/out/node/entry.js"
ARTIFACTS="$ROOT/test-artifacts/e2e"
UI_ATTEMPTS="${UI_ATTEMPTS:-2}"
WHAT="${1:-all}"

log() { printf '\n=== %s [%ss]\n' "$*" "$SECONDS"; }

[[ -f "$CS_ENTRY" ]] || { echo "code-server is not installed: run bash scripts/e2e-setup.sh" >&2; exit 2; }

VERSION="$(node -p "require('./package.json').version")"
NAME="$(node -p "require('./package.json').name")"
PUBLISHER="$(node -p "require('./package.json').publisher")"
VSIX="$ROOT/$NAME-$VERSION.vsix"
EXT_ID="$PUBLISHER.$NAME"

if [[ -z "${SKIP_PACKAGE:-}" || ! -f "$VSIX" ]]; then
  log "package $NAME-$VERSION.vsix"
  node scripts/package.mjs
fi
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"

# ---------------------------------------------------------------- one isolated server
# All of a server's state lives in RUN: settings, extensions, XDG dirs and TMPDIR (the
# extension host leaves sockets there). EXTENSIONS_GALLERY='{}' keeps it off the network.
RUN="" SRV_PID="" PORT=""
new_run() {
  RUN="$(mktemp -d -t lockstep-e2e.XXXXXX)"
  mkdir -p "$RUN"/{cfg,data,ext,tmp,ud/User}
  cat >"$RUN/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.tips.enabled": false,
  "git.enabled": false,
  "editor.hover.delay": 200,
  "window.restoreWindows": "none"
}
JSON
}
server_env() {
  SERVER_ENV=(XDG_CONFIG_HOME="$RUN/cfg" XDG_DATA_HOME="$RUN/data" TMPDIR="$RUN/tmp" EXTENSIONS_GALLERY='{}')
}
install_vsix() {
  server_env
  env "${SERVER_ENV[@]}" timeout --kill-after=10 120 node "$CS_ENTRY" --extensions-dir "$RUN/ext" --user-data-dir "$RUN/ud" \
    --install-extension "$VSIX" 2>&1 | { grep -v 'Wrote default config' || true; }
  ls "$RUN/ext" | grep -q "^$EXT_ID-" || { echo "the .vsix did not install" >&2; return 1; }
}
start_server() {
  PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  server_env
  # setsid: the server gets its own process group, so stopping it also ends the extension
  # host and file watcher, which otherwise outlive the browser for a reconnection grace period.
  env "${SERVER_ENV[@]}" setsid node "$CS_ENTRY" --auth none --bind-addr "127.0.0.1:$PORT" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --ignore-last-opened \
    --extensions-dir "$RUN/ext" --user-data-dir "$RUN/ud" >"$RUN/server.log" 2>&1 &
  SRV_PID=$!
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; then
      echo "code-server on :$PORT (pid $SRV_PID)"
      return 0
    fi
    kill -0 "$SRV_PID" 2>/dev/null || break
    sleep 0.2
  done
  cat "$RUN/server.log"
  echo "code-server did not start" >&2
  return 1
}
stop_server() {
  if [[ -n "$SRV_PID" ]]; then
    kill -TERM -- "-$SRV_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SRV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SRV_PID" 2>/dev/null || true
    wait "$SRV_PID" 2>/dev/null || true
    SRV_PID=""
  fi
  if [[ -n "$RUN" ]]; then
    [[ -f "$RUN/server.log" ]] && cp "$RUN/server.log" "$ARTIFACTS/server-$1.log" 2>/dev/null || true
    # The extension host's log and the Lockstep output channel, for reading after a failure.
    local f
    f="$(find "$RUN" -name 'exthost.log' 2>/dev/null | head -1)"
    [[ -n "$f" ]] && cp "$f" "$ARTIFACTS/exthost-$1.log" || true
    f="$(find "$RUN" -name '*Lockstep*.log' 2>/dev/null | head -1)"
    [[ -n "$f" ]] && cp "$f" "$ARTIFACTS/lockstep-output-$1.log" || true
    [[ -n "${KEEP:-}" ]] && echo "kept $RUN" || rm -rf "$RUN"
    RUN=""
  fi
}
trap 'stop_server aborted' EXIT

# Runs a test driver with a time limit. The driver gets its own process group, so on a
# timeout (or when it exits leaving a browser behind) the whole group is stopped.
run_bounded() {
  local secs=$1 pid watchdog rc=0
  shift
  setsid "$@" &
  pid=$!
  (
    # The sleep must neither outlive the watchdog nor hold the caller's stdout (a pipe
    # into tee would stay open until it ends).
    sleep "$secs" </dev/null >/dev/null 2>&1 &
    sleeper=$!
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    wait "$sleeper"
    echo "timed out after ${secs}s: $*" >&2
    kill -TERM -- "-$pid" 2>/dev/null
    sleep 5
    kill -KILL -- "-$pid" 2>/dev/null
  ) &
  watchdog=$!
  wait "$pid" || rc=$?
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  kill -KILL -- "-$pid" 2>/dev/null || true
  return "$rc"
}

fresh_workspace() {
  rm -rf "$RUN/ws"
  cp -r "$ROOT/test/e2e/workspace" "$RUN/ws"
  # The README's example migrations, with the workspace's own lockstep.config.json (a small sample).
  cp -r "$ROOT/examples/migrations" "$RUN/ws/example/migrations"
}

RESULTS=()
run_ui() {
  log "ui: install the .vsix, drive the workbench"
  local started=$SECONDS rc=1 attempt
  new_run
  install_vsix
  start_server
  for ((attempt = 1; attempt <= UI_ATTEMPTS; attempt++)); do
    fresh_workspace
    rc=0
    CS_URL="http://127.0.0.1:$PORT" WS="$RUN/ws" OUT="$ARTIFACTS" \
      run_bounded 300 node test/e2e/ui.e2e.mjs || rc=$?
    [[ $rc == 0 ]] && break
    echo "ui attempt $attempt failed (exit $rc)"
  done
  stop_server ui
  RESULTS+=("ui=$([[ $rc == 0 ]] && echo pass || echo FAIL) ($((SECONDS - started))s)")
  return 0
}

run_host() {
  log "host: mocha inside the real extension host"
  local started=$SECONDS rc=0
  new_run
  install_vsix
  # Load the installed copy in development mode (the tests module needs a development
  # extension) from a server whose extensions folder is otherwise empty.
  local ext
  ext="$(ls -d "$RUN/ext/$EXT_ID-"*)"
  mv "$ext" "$RUN/dev-ext"
  rm -f "$RUN/ext/extensions.json"
  start_server
  fresh_workspace
  CS_URL="http://127.0.0.1:$PORT" WS="$RUN/ws" EXT_DEV="$RUN/dev-ext" TESTS="$ROOT/test/e2e/host/index.js" \
    run_bounded 300 node test/e2e/run-host.mjs 2>&1 | tee "$ARTIFACTS/host-tests.log" || rc=$?
  grep -q 'host tests: .* 0 failed' "$ARTIFACTS/host-tests.log" || rc=1
  stop_server host
  RESULTS+=("host=$([[ $rc == 0 ]] && echo pass || echo FAIL) ($((SECONDS - started))s)")
  return 0
}

case "$WHAT" in
  ui) run_ui ;;
  host) run_host ;;
  all) run_ui; run_host ;;
  *) echo "usage: $0 [all|ui|host]" >&2; exit 2 ;;
esac

log "summary (screenshots and logs in test-artifacts/e2e/)"
fail=0
for r in "${RESULTS[@]}"; do
  echo "  $r"
  [[ $r == *=pass* ]] || fail=1
done
exit $fail
