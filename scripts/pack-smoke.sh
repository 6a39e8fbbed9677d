#!/usr/bin/env bash
# What a user installs is what is tested: packs the npm package (`npm pack`, whose prepack
# builds it), installs the tarball into an empty folder from the npm registry, and runs the
# installed `npx lockstep` on a copy of the README's example (examples/): lint, simulate
# and plan, checking exit codes and key output lines.
#
# The simulator's PGlite template is not in the package: it is built on first use in the
# temp folder (TMPDIR, fresh here), never inside node_modules.
#
# Usage: bash scripts/pack-smoke.sh   (KEEP=1 keeps the temporary folder)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

WORK="$(mktemp -d -t lockstep-pack.XXXXXX)"
cleanup() { [[ -n "${KEEP:-}" ]] && echo "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok    $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL  $*"; }

# check NAME EXPECTED_EXIT PATTERN… -- COMMAND…: runs COMMAND in the app folder; passes when it
# exits EXPECTED_EXIT and its stdout matches every (extended) regular expression given.
check() {
  local name=$1 want=$2
  shift 2
  local patterns=()
  while [[ $1 != -- ]]; do patterns+=("$1"); shift; done
  shift
  local out="$WORK/out.txt" err="$WORK/err.txt" rc
  (cd "$APP" && "$@") >"$out" 2>"$err"
  rc=$?
  if [[ $rc != "$want" ]]; then
    fail "$name: exit $rc, expected $want"
    sed 's/^/      /' "$err" | tail -20
    return
  fi
  local p
  for p in "${patterns[@]}"; do
    if ! grep -Eq -- "$p" "$out"; then
      fail "$name: output has no line matching /$p/"
      sed 's/^/      /' "$out" | head -20
      return
    fi
  done
  ok "$name"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  ((FAILED == 0))
  exit $?
}

echo "--- npm pack"
if ! npm pack --silent --pack-destination "$WORK" >"$WORK/pack.txt"; then
  fail "npm pack"
  finish
fi
TARBALL="$WORK/$(tail -1 "$WORK/pack.txt")"
ok "npm pack: $(basename "$TARBALL")"

listing="$(tar -tzf "$TARBALL")"
missing=()
for f in bin/lockstep.js dist/cli.js dist/simulate-worker.js dist/libpg-query.wasm dist/sql-wasm.wasm; do
  grep -qx "package/$f" <<<"$listing" || missing+=("$f")
done
if ((${#missing[@]})); then fail "the tarball lacks ${missing[*]}"; else ok "the tarball holds the built CLI and its WASM"; fi

echo "--- npm install <tarball> into an empty folder"
APP="$WORK/app"
mkdir -p "$APP" "$WORK/tmp"
echo '{ "name": "lockstep-smoke", "version": "1.0.0", "private": true }' >"$APP/package.json"
if ! (cd "$APP" && npm install --no-audit --no-fund --loglevel=error "$TARBALL"); then
  fail "npm install $(basename "$TARBALL")"
  finish
fi
ok "npm install $(basename "$TARBALL")"
cp -R "$ROOT/examples" "$APP/examples"
export TMPDIR="$WORK/tmp"
PKG="$APP/node_modules/lockstep"
before="$(cd "$PKG" && find . | sort)"

echo "--- npx lockstep"
VERSION="$(node -p "require('$ROOT/package.json').version")"
check "lockstep --version" 0 "^$VERSION\$" -- npx --no-install lockstep --version
check "lockstep lint examples/" 1 'add-column-table-rewrite' 'On users \(5M rows\) that is about' 'problems \([0-9]+ errors?' \
  -- npx --no-install lockstep lint examples/
check "lockstep lint (the phased example lints clean)" 0 'No problems in 1 file' \
  -- npx --no-install lockstep lint examples/phased/0002_add_user_plan_by_hand.sql
check "lockstep simulate (PostgreSQL, PGlite)" 0 'predicted on PostgreSQL 16 \(traced on PGlite' 'users: 5,000,000 rows \(config\)' 'AccessExclusiveLock on users' \
  -- npx --no-install lockstep simulate examples/migrations/0002_add_user_plan.sql
# The SQLite example adds a NOT NULL column without a default: sql.js runs it and it fails (exit 1).
check "lockstep simulate (SQLite, sql.js)" 1 'predicted on SQLite .* \(run on sql\.js' 'Cannot add a NOT NULL column' \
  -- npx --no-install lockstep simulate examples/sqlite/migrations/0002_add_user_plan.sql
check "lockstep plan" 0 '^# [0-9]+ files, plain convention' '^===== .*\.sql =====' \
  -- npx --no-install lockstep plan examples/migrations/0002_add_user_plan.sql
check "lockstep plan --out" 0 '^wrote [0-9]+ files' \
  -- npx --no-install lockstep plan examples/migrations/0002_add_user_plan.sql --out phased-out
check "lockstep lint --list-rules | head -1 (closed pipe)" 0 '^add-column' \
  -- bash -c 'set -o pipefail; npx --no-install lockstep lint --list-rules | head -1'
if [[ -s "$WORK/err.txt" ]]; then fail "closed pipe: stderr is not empty"; sed 's/^/      /' "$WORK/err.txt"; else ok "closed pipe: nothing on stderr"; fi

# The simulator made its PGlite template in the temp folder, and wrote nothing into the package.
if compgen -G "$TMPDIR/lockstep-pglite-template-*/PG_VERSION" >/dev/null; then ok "PGlite template built on first use in TMPDIR"; else fail "no PGlite template in $TMPDIR"; fi
after="$(cd "$PKG" && find . | sort)"
if [[ "$before" == "$after" ]]; then ok "nothing was written inside node_modules/lockstep"; else
  fail "files appeared inside node_modules/lockstep:"
  diff <(echo "$before") <(echo "$after") | sed 's/^/      /' | head -20
fi

finish
