"""One view per step kind that Loop Lab's engine models (crates/sim/src/handler.rs `Step`).

Every view answers a constant body (so `ab` sees no length mismatches). Query parameters, all optional:
`ms` — the length of each wait in milliseconds (default 100); `n` — the CPU loop's iteration count (default CPU_N).
"""

import asyncio
import time

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import HttpResponse

# Iterations of `burn` that take about 20 ms of CPU on the project's 2-vCPU VM (the harness measures the real cost,
# which drifts with the shared host: see `calibration` in the results).
CPU_N = 230_000
BODY = b"ok\n"


def burn(n):
    """Pure-Python CPU work that holds the GIL throughout: an integer recurrence, no allocation to speak of."""
    x = 0
    for i in range(n):
        x = (x * 31 + i) % 1_000_003
    return x


def _wait_s(request):
    return float(request.GET.get("ms", "100")) / 1000.0


def _n(request):
    return int(request.GET.get("n", CPU_N))


def _ok():
    return HttpResponse(BODY, content_type="text/plain")


# --- no work: Django's own per-request cost -------------------------------------------------------------------------
def hello_sync(request):
    return _ok()


async def hello_async(request):
    return _ok()


# --- I/O --------------------------------------------------------------------------------------------------------------
def sleep_sync(request):
    """Blocking I/O in a def view: holds the worker (thread) for its duration."""
    time.sleep(_wait_s(request))
    return _ok()


async def asleep(request):
    """Non-blocking I/O: `await asyncio.sleep` frees the event loop."""
    await asyncio.sleep(_wait_s(request))
    return _ok()


async def sleep_in_async(request):
    """The mistake: blocking I/O inside `async def` blocks the whole event loop."""
    time.sleep(_wait_s(request))
    return _ok()


# --- CPU ----------------------------------------------------------------------------------------------------------
def cpu_sync(request):
    burn(_n(request))
    return _ok()


async def cpu_async(request):
    burn(_n(request))
    return _ok()


# --- three calls: in sequence, and concurrently --------------------------------------------------------------------
def seq3_sync(request):
    s = _wait_s(request)
    for _ in range(3):
        time.sleep(s)
    return _ok()


async def seq3_async(request):
    s = _wait_s(request)
    for _ in range(3):
        await asyncio.sleep(s)
    return _ok()


async def gather3(request):
    s = _wait_s(request)
    await asyncio.gather(asyncio.sleep(s), asyncio.sleep(s), asyncio.sleep(s))
    return _ok()


# --- sync_to_async -------------------------------------------------------------------------------------------------
async def s2a_ts_true(request):
    """Blocking I/O handed to the request's own thread (Django's ASGI handler opens a thread-sensitive context per request)."""
    await sync_to_async(time.sleep, thread_sensitive=True)(_wait_s(request))
    return _ok()


async def s2a_ts_false(request):
    """Blocking I/O handed to the loop's default executor (min(32, cores + 4) threads)."""
    await sync_to_async(time.sleep, thread_sensitive=False)(_wait_s(request))
    return _ok()


# --- PostgreSQL (only with LOOPBENCH_PG set): one query that waits `ms` in the server -----------------------------
def _query(seconds):
    with connection.cursor() as cur:
        cur.execute("SELECT pg_sleep(%s)", [seconds])
        cur.fetchone()


def db_sync(request):
    """A sync view's query: holds its thread and a pooled connection for the wait."""
    _query(float(request.GET.get("ms", "20")) / 1000.0)
    return _ok()


async def db_s2a(request):
    """The usual async spelling: the sync query through sync_to_async (thread_sensitive=True, the default)."""
    await sync_to_async(_query)(float(request.GET.get("ms", "20")) / 1000.0)
    return _ok()
