#!/usr/bin/env bash
# Debian's chromium for the timeline view tests (driven by playwright-core; no browser
# download). Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1
  fi
}
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
