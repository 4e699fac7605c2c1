#!/usr/bin/env bash
# Installs whatever Loop Lab needs and is missing, on a fresh Debian machine with rustup, node/npm and apt.
# Idempotent: a second run installs nothing.   Usage: scripts/setup.sh [serve|test]
#   serve: Rust toolchain + wasm32 target, trunk, wasm-bindgen-cli (the version Cargo.lock pins), npm tools (wasm-opt)
#   test:  all of the above, plus Debian's chromium, chromium-driver and a Korean font for screenshots
# Only package registries are used (crates.io, npm, Debian); no tool is downloaded from anywhere else.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
MODE="${1:-serve}"
TRUNK_VERSION="0.21.14"   # the newest trunk that builds with rustc 1.95 (0.22 needs 1.96.1)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root (or sudo) for: $*"; fi; }

command -v rustup >/dev/null || die "rustup is missing: install it (https://rustup.rs); the toolchain itself is pinned in rust-toolchain.toml"
command -v npm >/dev/null || die "node and npm are missing: install Node.js 20 or newer (e.g. apt-get install nodejs npm)"

# 1. The pinned Rust toolchain with its components and the wasm32 target (from rust-toolchain.toml).
if ! rustup run "$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)" rustc --version >/dev/null 2>&1 \
   || ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing the Rust toolchain from rust-toolchain.toml"
  rustup toolchain install
  rustup target add wasm32-unknown-unknown
fi

# 2. Crates, so that later steps (and trunk's own cargo metadata) never hit the network unexpectedly.
cargo fetch --locked >/dev/null 2>&1 || { say "fetching crates"; cargo fetch --locked; }

# 3. trunk, pinned.
if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 9 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. wasm-bindgen-cli at exactly the version Cargo.lock pins (trunk uses it only if the versions match).
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $WB_VERSION"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # Not --locked: its lockfile pins webpki-roots 1.0.11, which the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml || die "Trunk.toml [tools] wasm_bindgen must be $WB_VERSION (Cargo.lock)"

# 5. npm tools: wasm-opt (binaryen), Playwright, axe-core — from e2e/package-lock.json.
LOCK_SUM="$(sha256sum e2e/package-lock.json | cut -d' ' -f1)"
if [ "$(cat e2e/node_modules/.loop-lab-lock 2>/dev/null)" != "$LOCK_SUM" ]; then
  say "installing npm packages (npm ci in e2e/)"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  echo "$LOCK_SUM" > e2e/node_modules/.loop-lab-lock
fi
wasm-opt --version | grep -q "version 132" || die "wasm-opt 132 expected from e2e/node_modules (binaryen)"

# 6. For tests: cargo-deny; Debian's Chromium and ChromeDriver (never Playwright's browser download); a Korean font.
if [ "$MODE" = test ]; then
  if ! cargo deny --version 2>/dev/null | grep -q "cargo-deny 0.20.2"; then
    say "installing cargo-deny 0.20.2 (a few minutes)"
    cargo install cargo-deny --version 0.20.2 --locked
  fi
  missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  [ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
  fc-list 2>/dev/null | grep -qi nanum || missing+=(fonts-nanum)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} with apt"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
say "ready ($MODE)"
