#!/usr/bin/env bash
# Lighthouse (12.2.3, Debian Chromium) on the release build: performance, accessibility, best practices, SEO.
# Not part of the test command; record the scores in BENCHMARKS.md. Usage: scripts/lighthouse.sh [url-query]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" test
cd "$ROOT"
[ -f dist/index.html ] || trunk build --release
LH="$ROOT/e2e/lighthouse"
LOCK_SUM="$(sha256sum "$LH/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$LH/node_modules/.loop-lab-lock" 2>/dev/null)" != "$LOCK_SUM" ]; then
  (cd "$LH" && npm ci --no-audit --no-fund)
  echo "$LOCK_SUM" > "$LH/node_modules/.loop-lab-lock"
fi
PORT=4178
node e2e/serve.mjs dist "$PORT" > /dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
sleep 0.5
mkdir -p target/lighthouse
CHROME_PATH="$CHROMIUM" "$LH/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/${1:-?lang=en}" \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage" \
  --only-categories=performance,accessibility,best-practices,seo --preset=desktop \
  --output=json --output=html --output-path=target/lighthouse/report --quiet
node -e '
  const r = require(process.argv[1]);
  for (const [k, c] of Object.entries(r.categories)) console.log(`${c.title.padEnd(16)} ${Math.round(c.score * 100)}`);
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"])
    console.log(`${r.audits[id].title.padEnd(28)} ${r.audits[id].displayValue}`);
' "$ROOT/target/lighthouse/report.report.json"
echo "report: target/lighthouse/report.report.html"
