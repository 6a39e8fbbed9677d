#!/usr/bin/env bash
# The whole test run, as CI and a developer run it: `npm run test:all`.
# Stages are independent scripts so each can be run on its own while developing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export npm_config_fund=false npm_config_audit=false

stage() { printf '\n=== %s [%ss]\n' "$*" "$SECONDS"; }

stage "install"
npm ci --no-audit --no-fund --loglevel=error

stage "build"
npm run build

stage "unit and engine tests"
npm test

stage "simulator: engine tests (PGlite) and integration tests (real PostgreSQL)"
# The test server is stopped on every exit path, including a failing test.
trap 'bash scripts/pg-test-server.sh stop' EXIT
bash scripts/pg-test-server.sh start
npm run test:engine
npm run test:integration
bash scripts/pg-test-server.sh stop
trap - EXIT

stage "timeline view: HTML report in headless Chromium"
bash test/webview/setup-chromium.sh
npm run test:webview

stage "extension: end-to-end in a real VS Code (code-server + chromium)"
# Installs chromium and code-server (npm) once; packages the .vsix, drives the workbench and
# runs the in-host suite. Screenshots and logs: test-artifacts/e2e/.
bash scripts/e2e-setup.sh
bash scripts/e2e-run.sh
