#!/usr/bin/env bash
# Installs what the end-to-end tests need to run the extension inside a real VS Code,
# using only Debian's apt repositories and the npm registry:
#   - Debian packages: chromium (plays the VS Code window), ripgrep, and the toolchain that
#     code-server's native modules compile with;
#   - code-server (a complete VS Code build: server, Node extension host, web workbench)
#     into .e2e/code-server, which is git-ignored.
# Idempotent: a second run only checks. Usage: bash scripts/e2e-setup.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

# 4.100.3 (VS Code 1.100.3) is the newest code-server whose engines.node accepts Node 20.
CS_VERSION="${CS_VERSION:-4.100.3}"
CS_DIR="$ROOT/.e2e/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
RG_IN_CS="$CS_PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

log() { printf '[e2e-setup %ss] %s\n' "$SECONDS" "$*"; }

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1
  fi
}

install_apt_packages() {
  # chromium:        the browser driven by playwright-core.
  # ripgrep:         stands in for the rg binary @vscode/ripgrep would fetch from GitHub.
  # libkrb5-dev:     headers for code-server's `kerberos` module (no reachable prebuilt).
  # build-essential, python3, pkg-config: node-gyp builds node-pty, spdlog, argon2, kerberos.
  # curl:            health checks of the running server.
  local need=() p
  for p in chromium ripgrep libkrb5-dev build-essential python3 pkg-config curl; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  ((${#need[@]})) || { log "apt packages present"; return 0; }
  log "apt-get install ${need[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

seed_ripgrep_cache() {
  # @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<ver>/ before
  # downloading from GitHub; Debian's rg is the same 13.0.0 release it wants.
  local target
  case "$(uname -m)" in
    x86_64) target=x86_64-unknown-linux-musl ;;
    aarch64) target=aarch64-unknown-linux-musl ;;
    *) echo "unsupported architecture $(uname -m)" >&2; exit 1 ;;
  esac
  local cache="$1/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  tar czf "$cache/ripgrep-v13.0.0-10-$target.tar.gz" -C "$(dirname "$(command -v rg)")" rg
}

install_code_server() {
  if [[ -f "$CS_PKG/out/node/entry.js" && -x "$RG_IN_CS" ]] &&
     [[ "$(node -p "require('$CS_PKG/package.json').version")" == "$CS_VERSION" ]]; then
    log "code-server $CS_VERSION present in .e2e/code-server"; return 0
  fi
  log "npm install code-server@$CS_VERSION (compiles native modules: a few minutes)"
  mkdir -p "$CS_DIR"
  local tmp="$ROOT/.e2e/tmp"
  mkdir -p "$tmp"
  seed_ripgrep_cache "$tmp"
  [[ -f "$CS_DIR/package.json" ]] || echo '{"name":"lockstep-e2e-code-server","private":true}' >"$CS_DIR/package.json"
  # npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
  # npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which a `yes=false`
  #   npmrc would cancel.
  # argon2 and kerberos try GitHub for prebuilt binaries, fail, and compile from source.
  if ! (cd "$CS_DIR" && TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
        npm install --unsafe-perm --foreground-scripts --no-audit --no-fund --no-save \
        "code-server@$CS_VERSION" >"$CS_DIR/install.log" 2>&1); then
    tail -40 "$CS_DIR/install.log"
    echo "code-server install failed (log: .e2e/code-server/install.log)" >&2
    exit 1
  fi
  [[ -x "$RG_IN_CS" ]] || { echo "ripgrep missing in code-server after install" >&2; exit 1; }
  log "installed code-server $(node -p "require('$CS_PKG/package.json').version")"
}

install_apt_packages
install_code_server
[[ -d node_modules/playwright-core ]] || { echo "run npm ci first (playwright-core is a devDependency)" >&2; exit 1; }
log "ready"
