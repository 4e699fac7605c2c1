#!/usr/bin/env bash
# Benchmark (not a test): the engine's CLI beside SimPy and Ciw on the same M/M/4 model at rho = 0.9 and the same
# number of requests, each timed as a whole process (start-up included), interleaved, best of ROUNDS, in one run.
# Each tool's mean wait is printed with its standard error beside Erlang C. Installs SimPy and Ciw (pinned) into a
# venv under target/ the first time.  Usage: bench/peers/run.sh [N=200000] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-200000}"
ROUNDS="${2:-5}"
VENV=target/peers-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q simpy==4.1.2 ciw==3.2.7
fi
cargo build -q --release -p sim --bin loop-lab-sim
"$VENV/bin/python" - "$N" "$ROUNDS" <<'PY'
import json, math, os, subprocess, sys, time
n, rounds = int(sys.argv[1]), int(sys.argv[2])
py = "target/peers-venv/bin/python"
scenario = json.load(open("bench/peers/mm4.json"))
scenario["traffic"]["requests"] = n
open("target/peers-mm4.json", "w").write(json.dumps(scenario))

def erlang_c(c, a):
    s = sum(a ** k / math.factorial(k) for k in range(c))
    top = a ** c / math.factorial(c) * c / (c - a)
    return top / (s + top)

wq = erlang_c(4, 3.6) / (4 * 0.1 - 0.36)
tools = {
    "Loop Lab CLI": ["target/release/loop-lab-sim", "target/peers-mm4.json", "--no-progress", "--side", "wsgi"],
    "SimPy 4.1.2": [py, "bench/peers/mm4_simpy.py", str(n), "1"],
    "Ciw 3.2.7": [py, "bench/peers/mm4_ciw.py", str(n), "1"],
}
best, out = {}, {}
for r in range(rounds):
    for name, cmd in tools.items():
        t = time.perf_counter()
        text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t
        best[name] = min(best.get(name, math.inf), wall)
        out[name] = json.loads(text)
    print(f"round {r + 1}: " + ", ".join(f"{k} {best[k]:.3f} s" for k in tools), file=sys.stderr)

def wait(name):
    d = out[name]
    if "results" in d:  # the CLI: the mean of its queueing time; standard error from the M/M/c variance is not printed
        w = d["results"]["wsgi"]["split_ms"]["queued"]
        return w, None
    return d["mean_wait_ms"], d["stderr_ms"]

print(f"M/M/4, rho = 0.9, N = {n} requests; Erlang C mean wait {wq:.2f} ms; load average {os.getloadavg()[0]:.2f}")
print()
print("| tool | best wall s (of %d) | requests per wall second | × SimPy | × Ciw | mean wait ms (± s.e.) |" % rounds)
print("|---|---:|---:|---:|---:|---:|")
for name in tools:
    w, se = wait(name)
    rate = n / best[name]
    se_text = f" ± {se:.2f}" if se is not None else ""
    print(f"| {name} | {best[name]:.3f} | {rate:,.0f} | {best['SimPy 4.1.2'] / best[name]:.1f} | {best['Ciw 3.2.7'] / best[name]:.1f} | {w:.2f}{se_text} |")
PY
