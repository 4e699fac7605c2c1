#!/usr/bin/env bash
# Regenerates docs/fidelity.md: every case of the committed real-Django measurements (sim::fidelity::MEASUREMENTS,
# merged: a case measured again replaces its earlier record) beside the engine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p sim --release --example fidelity > docs/fidelity.md
echo "docs/fidelity.md: $(grep -m1 "^Within" docs/fidelity.md)"
