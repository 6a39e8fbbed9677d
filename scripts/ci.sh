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
