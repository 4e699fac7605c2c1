#!/usr/bin/env bash
# Benchmark (not a test): the CLI's peak memory (max RSS, from GNU time) on every preset run for 24 simulated hours,
# both sides. The engine keeps bounded state (histograms, bounded series, bounded queues), so the peak must not grow
# with the simulated time: compare with a 1-hour run of the same preset (the second column).
# Usage: bench/cli-memory.sh [hours=24]   → a Markdown table on stdout (paste it into BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
HOURS="${1:-24}"
cargo build -q --release -p sim --bin loop-lab-sim
BIN=target/release/loop-lab-sim
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 - "$TMP" <<'PY'
import json, sys
for p in json.load(open("crates/sim/src/presets.json")):
    sc = p["scenario"]
    for hours in (1, None):
        s = json.loads(json.dumps(sc))
        s["traffic"].pop("requests", None)
        s["traffic"]["duration_s"] = 3600.0 if hours == 1 else "HOURS"
        name = f'{sys.argv[1]}/{p["key"]}.{"1h" if hours == 1 else "long"}.json'
        open(name, "w").write(json.dumps(s))
PY
echo "| preset | peak RSS, 1 h | peak RSS, ${HOURS} h | wall s (${HOURS} h) | requests, events (${HOURS} h) |"
echo "|---|---:|---:|---:|---:|"
for f in "$TMP"/*.1h.json; do
  key="$(basename "$f" .1h.json)"
  long="$TMP/$key.long.json"
  sed -i "s/\"HOURS\"/$((HOURS * 3600)).0/" "$long"
  rss1=$(/usr/bin/time -f '%M' "$BIN" "$f" --no-progress 2>&1 >/dev/null | tail -1)
  start=$(date +%s.%N)
  rssn=$(/usr/bin/time -f '%M' "$BIN" "$long" --no-progress 2>&1 >"$TMP/out.json" | tail -1)
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  reqs=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(sum(v["completed"] for v in r.values()), sum(v["events"] for v in r.values()))' "$TMP/out.json" 2>/dev/null || echo "? ?")
  printf '| %s | %.1f MB | %.1f MB | %.0f | %s |\n' "$key" "$(echo "$rss1/1024" | bc -l)" "$(echo "$rssn/1024" | bc -l)" "$wall" "$reqs"
done
