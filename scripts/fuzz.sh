#!/usr/bin/env bash
# Fuzzes the scenario parser (and the engine on whatever it accepts) and the code reader (crates/reader) with
# cargo-fuzz / libFuzzer. Not part of the test command. Usage: scripts/fuzz.sh [seconds per target, default 60]
# Installs what is missing: a nightly toolchain (cargo-fuzz needs it) and cargo-fuzz, from the registries.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT/fuzz"
SECS="${1:-60}"
rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# The corpus (fuzz/corpus, not committed) grows from the seeds (the presets, committed in fuzz/seeds).
# Crashes, if any, land in fuzz/artifacts/scenario/ with the command that reproduces them.
mkdir -p corpus/scenario corpus/view_code
cargo +nightly fuzz run scenario corpus/scenario seeds -- -max_total_time="$SECS" -max_len=4096
# The code reader's seeds: the snippets of its corpus, one file each.
mkdir -p seeds-views
awk '/^=== /{n++; f=sprintf("seeds-views/%02d.py", n); next} /^--- /{f=""} f{print > f}' ../crates/reader/corpus/views.txt
cargo +nightly fuzz run view_code corpus/view_code seeds-views -- -max_total_time="$SECS" -max_len=8192
