#!/usr/bin/env bash
# One probe: uvicorn with the thread-start probe on PORT, a 2 s warm-up, wrk -c C for 8 s on PATH, then the
# totals (thread starts on the loop, their time, requests; the warm-up included).
# Usage: bench/django/probe/run.sh PORT C PATH TAG   (after bench/django/run.sh has made .venv; needs wrk)
set -e
PORT=$1; C=$2; PATH_=$3; TAG=$4
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="$HERE/../.venv/bin/python"
"$PY" "$HERE/thread_start.py" $PORT $TAG & PID=$!
sleep 3
wrk -t1 -c$C -d2s http://127.0.0.1:$PORT$PATH_ > /dev/null
sleep 0.5
wrk -t1 -c$C -d8s --latency http://127.0.0.1:$PORT$PATH_ | grep -E "Requests/sec|50%|Latency "
kill -TERM $PID; wait $PID 2>/dev/null || true
cat /tmp/probe/out-$TAG.json; echo
