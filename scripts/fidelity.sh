#!/usr/bin/env bash
# Regenerates docs/fidelity.md: every case of the newest full real-Django measurement beside the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$(ls bench/django/measured/*.json | grep -v -- '-quick' | sort | tail -1)
cargo run -q -p sim --release --example fidelity -- "$file" > docs/fidelity.md
echo "docs/fidelity.md from $file: $(grep -m1 "^Within" docs/fidelity.md)"
