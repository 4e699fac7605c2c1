# Sourced by the project's scripts: puts the project's tools on PATH. Not meant to be run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# Trunk must never download a tool: everything comes from scripts/setup.sh.
export TRUNK_OFFLINE=true
