#!/usr/bin/env bash
# Installs what is missing, then runs every check, stopping at the first failure with a clear message:
# fmt, clippy (native and wasm32), native tests, browser glue tests, the release build, its size budget, and
# Playwright against the built dist/ on a loopback port other than 8080. Ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
PASSED=0
FAILED=0

# Adds the test counts found in a log (cargo's "test result" lines, Playwright's totals); a step without
# counts counts as one check.
count() {
  awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }; cargo = 1 }
    /^ +[0-9]+ passed/ { pw = $1 }
    /^ +[0-9]+ failed/ { fw = $1 }
    END {
      if (cargo) print p + 0, f + 0;
      else if (pw != "" || fw != "") print pw + 0, fw + 0;
      else print "", "";
    }' "$1"
}

step() {
  local name="$1"; shift
  local log="$LOGS/$(echo "$name" | tr ' /()' '____').log"
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  read -r p f < <(count "$log")
  if [ "$rc" -eq 0 ]; then
    PASSED=$((PASSED + ${p:-1}))
    printf '\033[32m    ok: %s (%ss)\033[0m\n' "$name" $((SECONDS - start))
  else
    PASSED=$((PASSED + ${p:-0}))
    if [ "${f:-0}" -gt 0 ]; then FAILED=$((FAILED + f)); else FAILED=$((FAILED + 1)); fi
    printf '\n\033[1;31mFAILED: %s (exit %s). Log: %s\033[0m\n' "$name" "$rc" "$log"
    echo "$PASSED passed, $FAILED failed"
    exit 1
  fi
}

# Advisories need the RustSec database from GitHub: checked when it can be fetched, reported as skipped otherwise.
advisories() {
  local out
  if out=$(cargo deny check advisories 2>&1); then
    echo "$out" | tail -1
  elif echo "$out" | grep -qiE "unable to access|could not resolve|failed to fetch|network"; then
    echo "advisories: SKIPPED — the RustSec advisory database cannot be fetched from here"
  else
    echo "$out"
    return 1
  fi
}

step "cargo fmt" cargo fmt --all --check
step "clippy native" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy wasm32" cargo clippy --workspace --all-targets --target wasm32-unknown-unknown --locked -- -D warnings
step "cargo deny (licenses, bans, sources)" cargo deny check licenses bans sources
step "cargo deny (advisories)" advisories
step "native tests" cargo test --workspace --locked
step "browser glue tests" cargo test --target wasm32-unknown-unknown --test web --locked
step "trunk build --release" trunk build --release
# The test build: the site at a sub-path, plus the browser tests' hooks (`test-hooks`: `?__panic=1`, `?sweep_requests=`),
# which the site itself (dist/) does not have.
step "clippy wasm32 (test hooks)" cargo clippy --target wasm32-unknown-unknown --features test-hooks --locked -- -D warnings
step "trunk build for a sub-path, with test hooks" trunk build --release --features test-hooks --public-url /loop-lab/ --dist dist-sub
step "size budget" node e2e/size.mjs --check
step "playwright" bash -c "cd e2e && npx playwright test"
echo
echo "$PASSED passed, $FAILED failed"
