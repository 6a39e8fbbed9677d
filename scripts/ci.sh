#!/usr/bin/env bash
# The whole test run, as CI and a developer run it: `npm run test:all`.
#
# Every stage runs even when an earlier one failed, so one red test cannot hide the result
# of the suites after it. The run ends with one line per stage (passed/failed, the test
# counts its runner reported, seconds), then a last line `N passed, N failed` summing the
# counts of every stage, and exits non-zero when any stage failed.
#
# Each stage is a command that also runs on its own (an npm script or a script in
# scripts/); adding a stage is one `run_stage "name" command…` line below.
# Logs of each stage: .tmp/ci/<n>-<name>.log.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_fund=false npm_config_audit=false
# The registry is reached over a network that can reset a connection: npm retries each
# request more often than its default, and the install as a whole is retried below.
export npm_config_fetch_retries=5 npm_config_fetch_retry_mintimeout=2000 npm_config_fetch_retry_maxtimeout=30000

LOGS=.tmp/ci
rm -rf "$LOGS"
mkdir -p "$LOGS"

SUMMARY=()
FAILED_STAGES=0
TOTAL_PASSED=0
TOTAL_FAILED=0

# Servers started for a stage are stopped on every exit path: a failing stage, an error in
# this script, Ctrl-C or a CI cancel (TERM). Stages that start a server add its stop here.
cleanup() {
  bash scripts/pg-test-server.sh stop >/dev/null 2>&1 || true
  bash scripts/mariadb-test-server.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Test counts from a stage's log: mocha's "N passing / N failing / N pending" (summed over
# every mocha run in the stage), and "N passed, N failed" from the scripts that count their
# own checks (the packed-package smoke test, the VS Code UI scenario); of those, the last
# line counts, since the UI scenario is retried once on a fresh workspace.
counts() {
  awk '
    /^[[:space:]]*[0-9]+ passing/ { p += $1 }
    /^[[:space:]]*[0-9]+ failing/ { f += $1 }
    /^[[:space:]]*[0-9]+ pending/ { s += $1 }
    /^[0-9]+ passed, [0-9]+ failed/ { lp = $1; lf = $3 }
    END { printf "%d %d %d\n", p + lp, f + lf, s }
  ' "$1"
}

# run_stage NAME COMMAND [ARGS…]: runs one stage, output shown and kept in its log.
run_stage() {
  local name=$1
  shift
  local n=$((${#SUMMARY[@]} + 1))
  local log
  log="$LOGS/$(printf '%02d' "$n")-$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '-' | tr -s '-' | sed 's/-$//').log"
  local start=$SECONDS
  printf '\n=== %s [%ss]\n' "$name" "$SECONDS"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local secs=$((SECONDS - start))
  local passed failed pending detail=""
  read -r passed failed pending < <(counts "$log")
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  if ((passed + failed + pending > 0)); then
    detail="$passed passing, $failed failing"
    ((pending > 0)) && detail+=", $pending pending"
  fi
  local verdict=passed
  if ((rc != 0)); then
    verdict=failed
    FAILED_STAGES=$((FAILED_STAGES + 1))
    detail="${detail:+$detail, }exit $rc"
  fi
  SUMMARY+=("$(printf '%-6s  %-52s %6ss  %s' "$verdict" "$name" "$secs" "$detail")")
  return 0
}

# npm ci, up to three times: a reset connection fails a whole install that a retry completes.
install_dependencies() {
  local attempt
  for attempt in 1 2 3; do
    npm ci --no-audit --no-fund --loglevel=error && return 0
    echo "npm ci failed (attempt $attempt of 3)" >&2
    sleep $((attempt * 10))
  done
  return 1
}

run_stage "install" install_dependencies
run_stage "build" npm run build
run_stage "typecheck" npm run typecheck
# What may import what (ARCHITECTURE.md), no dead files or dependencies, formatted new code.
run_stage "layering, dead code, formatting" bash -c 'npm run lint:arch && npm run lint:dead && npm run format:check'
run_stage "unit tests" npm run test:unit
# A fixed, seeded sample of mutated migrations: no exception, no position outside the text,
# no fix that leaves its finding or breaks the SQL.
run_stage "analyser fuzz (250 seeded cases)" npm run fuzz -- --cases 250 --seed 1
run_stage "engine tests (PGlite)" npm run test:engine
run_stage "PostgreSQL test server: start" bash scripts/pg-test-server.sh start
# Phased plans are replayed on MariaDB too (test/integration/plans.test.ts).
run_stage "MariaDB test server: start" bash scripts/mariadb-test-server.sh start
run_stage "integration tests (real PostgreSQL and MariaDB)" npm run test:integration
run_stage "MariaDB test server: stop" bash scripts/mariadb-test-server.sh stop
run_stage "PostgreSQL test server: stop" bash scripts/pg-test-server.sh stop
run_stage "packed npm package: install and run the CLI" npm run test:pack
run_stage "timeline view: chromium setup" bash test/webview/setup-chromium.sh
run_stage "timeline view: HTML report in headless Chromium" npm run test:webview
# Installs chromium and code-server (npm) once; packages the .vsix, drives the workbench and
# runs the in-host suite. Screenshots and logs: test-artifacts/e2e/.
run_stage "VS Code: setup (code-server + chromium)" bash scripts/e2e-setup.sh
run_stage "VS Code: end-to-end in a real VS Code" bash scripts/e2e-run.sh

printf '\n=== summary (%ss)\n' "$SECONDS"
printf '%s\n' "${SUMMARY[@]}"
printf '%d of %d stages failed in %ss\n' "$FAILED_STAGES" "${#SUMMARY[@]}" "$SECONDS"
printf '%d passed, %d failed\n' "$TOTAL_PASSED" "$TOTAL_FAILED"
((FAILED_STAGES == 0))
