#!/usr/bin/env bash
# Installs what is missing, then serves the site with trunk at http://127.0.0.1:8080 (rebuilds on change;
# reload the page by hand — the live-reload script is inline, which the page's CSP refuses).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" serve
cd "$ROOT"
echo "Loop Lab: http://127.0.0.1:8080/"
exec trunk serve "$@"
