# A probe (not part of the matrix): runs uvicorn (asyncio loop, h11) with the bench project and counts how long the
# loop thread spends inside threading.Thread.start() — a start blocks until the new thread runs — and how many
# requests it served. Writes the totals to /tmp/probe/out-<TAG>.json on SIGTERM.
# Usage (with bench/django/.venv): python probe/thread_start.py PORT TAG, then drive it with wrk (see run.sh here).
import atexit, json, os, sys, threading, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "project"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loopbench.settings")
TAG = sys.argv[2]
stats = {"start_calls": 0, "start_s": 0.0, "requests": 0}
main = threading.main_thread()
orig_start = threading.Thread.start
def start(self):
    if threading.current_thread() is main:
        t = time.perf_counter()
        orig_start(self)
        stats["start_s"] += time.perf_counter() - t
        stats["start_calls"] += 1
    else:
        orig_start(self)
threading.Thread.start = start
import django.core.handlers.asgi as h
orig_call = h.ASGIHandler.__call__
async def call(self, scope, receive, send):
    if scope["type"] == "http":
        stats["requests"] += 1
    return await orig_call(self, scope, receive, send)
h.ASGIHandler.__call__ = call
def dump():
    os.makedirs("/tmp/probe", exist_ok=True)
    json.dump(stats, open(f"/tmp/probe/out-{TAG}.json", "w"))
atexit.register(dump)
import signal
signal.signal(signal.SIGTERM, lambda *a: (dump(), os._exit(0)))
import uvicorn
uvicorn.run("loopbench.asgi:application", host="127.0.0.1", port=int(sys.argv[1]), loop="asyncio", http="h11",
            access_log=False, log_level="warning")
