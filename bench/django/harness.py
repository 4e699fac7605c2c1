#!/usr/bin/env python3
"""Loop Lab: real Django on this machine, measured. Run through ./run.sh (which sets up the venv and the tools).

Starts each server kind on 127.0.0.1, drives each view with wrk (keep-alive) or ab (no keep-alive), and writes one
JSON record per case to .state/<mode>-results.jsonl (resumable), then measured/<date>.json. README.md describes the
protocol and every field. Standard library only.
"""

import argparse
import collections
import datetime
import glob
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, "project")
STATE = os.path.join(HERE, ".state")
MEASURED = os.path.join(HERE, "measured")
VENV_BIN = os.path.join(HERE, ".venv", "bin")
LUA = os.path.join(HERE, "wrk_report.lua")
CLK = os.sysconf("SC_CLK_TCK")
SCHEMA = "loop-lab/bench-django/1"

# ---------------------------------------------------------------------------------------------------------------------
# Quiet gate: the machine is shared with compiles and a headless browser. These thresholds are documented in README.md.
HEAVY = {
    "cargo", "rustc", "trunk", "chromium", "chrome", "chrome_crashpad", "headless_shell", "chromedriver", "wasm-opt",
    "wasm-bindgen", "wasm-pack", "rustdoc", "clippy-driver", "rust-lld", "lld", "ld.lld",
    "ld", "cc", "cc1", "cc1plus", "collect2", "as", "sccache", "firefox", "geckodriver",
}
HEAVY_PREFIXES = ("build-script", "chromium", "chrome")
# Long-lived servers (e.g. `node serve.mjs` for the e2e tests) count only while they use CPU: > 0.02 cores in a sample.
HEAVY_IF_BUSY = {"node", "npm", "npx", "deno", "bun"}
BUSY_CORES = 0.02
LOAD_MAX = 0.7  # kernel 1-min load average minus our own processes' 1-min runnable average
FOREIGN_NOW_MAX = 0.15  # cores used by other processes over the last 2 s, before a case starts
SETTLE_S = 5.0  # after any wait, the gate must hold this long before a case starts
DISCARD_FOREIGN_MEAN = 0.20  # cores used by other processes, mean over the case (warm-up + measurement)
DISCARD_FOREIGN_PEAK = 0.80  # ... or in any 0.5 s sample
SAMPLE_S = 0.5


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def log(msg):
    print(f"[{datetime.datetime.now().strftime('%H:%M:%S')}] {msg}", flush=True)


def read_proc_stat(pid):
    """(comm, state, ppid, pgid, utime+stime+cutime+cstime ticks, utime+stime ticks) of a process, or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    lp, rp = raw.index("("), raw.rindex(")")
    comm = raw[lp + 1 : rp]
    rest = raw[rp + 2 :].split()
    # rest[0] = state (field 3); utime is field 14 -> rest[11]
    state, ppid, pgid = rest[0], int(rest[1]), int(rest[2])
    ut, st, cut, cst = (int(x) for x in rest[11:15])
    return comm, state, ppid, pgid, ut + st + cut + cst, ut + st


def all_procs():
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            s = read_proc_stat(int(name))
            if s:
                out[int(name)] = s
    return out


def descendants(procs, root):
    kids = collections.defaultdict(list)
    for pid, s in procs.items():
        kids[s[2]].append(pid)
    seen, stack = set(), [root]
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        stack.extend(kids.get(p, ()))
    return seen


def is_heavy(comm):
    return comm in HEAVY or comm.startswith(HEAVY_PREFIXES)


class Monitor(threading.Thread):
    """Every 0.5 s: CPU used by processes that are not ours (from /proc/stat minus our tree minus kernel threads),
    steal, heavy processes running, and our own runnable count (to subtract from the kernel's load average)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.lock = threading.Lock()
        self.samples = collections.deque(maxlen=20000)  # (t, foreign_cores, steal_cores, own_cores, heavy tuple)
        self.own_runnable_avg = 0.0
        self.own_cpu_avg = 0.0
        self.stop_flag = False
        self.me = os.getpid()
        self.prev = None

    @staticmethod
    def _cpu_line():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        # user nice system idle iowait irq softirq steal guest guest_nice; busy excludes irq/softirq (loopback
        # networking of our own traffic) and steal (the host's), which are recorded separately.
        return v[0] + v[1] + v[2], v[7]

    def _measure(self):
        t = time.monotonic()
        busy, steal = self._cpu_line()
        procs = all_procs()
        ours = descendants(procs, self.me)
        own = {p: (procs[p][4], procs[p][2]) for p in ours}
        kern = {pid: s[5] for pid, s in procs.items() if s[2] == 2 or pid == 2}
        runnable = sum(1 for p in ours if procs[p][1] in "RD" and p != self.me)
        heavy = {f"{s[0]}({pid})" for pid, s in procs.items() if pid not in ours and is_heavy(s[0])}
        servers = {pid: (s[5], t) for pid, s in procs.items() if pid not in ours and s[0] in HEAVY_IF_BUSY}
        prev = self.prev[7] if self.prev else {}
        for pid, (v, tt) in servers.items():
            v0, t0 = prev.get(pid, (None, None))
            if v0 is None or (v - v0) / CLK / max(tt - t0, 1e-3) > BUSY_CORES:
                heavy.add(f"{procs[pid][0]}({pid})")
        return t, busy, steal, own, kern, runnable, tuple(sorted(heavy)), servers

    @staticmethod
    def _own_delta(o0, o1):
        """CPU ticks of our process tree between two scans. A process that ended was (normally) reaped by its
        parent, whose cutime then grew by the child's whole life: take off what was already counted for it. One that
        was not reaped by one of ours loses only its last half second."""
        d = 0
        for pid, (v, _) in o1.items():
            d += v - o0[pid][0] if pid in o0 else v
        for pid, (v, ppid) in o0.items():
            if pid not in o1 and ppid in o1:
                d -= v
        return d

    def run(self):
        self.prev = self._measure()
        while not self.stop_flag:
            time.sleep(SAMPLE_S)
            cur = self._measure()
            t0, b0, s0, o0, k0, _, _, _ = self.prev
            t1, b1, s1, o1, k1, runnable, heavy, _ = cur
            dt = max(t1 - t0, 1e-3)
            dk = sum(v - k0.get(pid, v) for pid, v in k1.items())
            do = self._own_delta(o0, o1)
            foreign = max(0.0, ((b1 - b0) - do - dk) / CLK / dt)
            steal = (s1 - s0) / CLK / dt
            own = max(0.0, do / CLK / dt)
            a = math.exp(-dt / 60.0)
            with self.lock:
                self.samples.append((t1, foreign, steal, own, heavy))
                self.own_runnable_avg = self.own_runnable_avg * a + runnable * (1 - a)
                self.own_cpu_avg = self.own_cpu_avg * a + own * (1 - a)
            self.prev = cur

    def window(self, t0, t1=None):
        t1 = time.monotonic() if t1 is None else t1
        with self.lock:
            xs = [s for s in self.samples if t0 < s[0] <= t1 + SAMPLE_S]
        if not xs:
            return {"samples": 0, "foreign_cores_mean": None, "foreign_cores_max": None, "steal_cores_mean": None,
                    "own_cores_mean": None, "heavy": []}
        heavy = sorted({h for s in xs for h in s[4]})
        return {
            "samples": len(xs),
            "foreign_cores_mean": round(sum(s[1] for s in xs) / len(xs), 3),
            "foreign_cores_max": round(max(s[1] for s in xs), 3),
            "steal_cores_mean": round(sum(s[2] for s in xs) / len(xs), 3),
            "own_cores_mean": round(sum(s[3] for s in xs) / len(xs), 3),
            "heavy": heavy,
        }

    def last(self):
        with self.lock:
            return self.samples[-1] if self.samples else None

    def gate(self):
        """(quiet?, reasons, numbers) for the pre-case gate."""
        w = self.window(time.monotonic() - 2.0)
        s = self.last()
        la = os.getloadavg()
        with self.lock:
            own_load = self.own_runnable_avg
        reasons = []
        heavy = list(s[4]) if s else []
        if heavy:
            reasons.append("heavy processes: " + " ".join(heavy[:8]) + (" ..." if len(heavy) > 8 else ""))
        if w["foreign_cores_mean"] is None:
            reasons.append("no samples yet")
        elif w["foreign_cores_mean"] >= FOREIGN_NOW_MAX:
            reasons.append(f"other processes use {w['foreign_cores_mean']:.2f} cores")
        if la[0] - own_load >= LOAD_MAX:
            reasons.append(f"load average {la[0]:.2f} (ours ~{own_load:.2f})")
        return not reasons, reasons, {"loadavg": [round(x, 2) for x in la], "own_load_est": round(own_load, 2)}


MON = None
DEADLINE = None  # monotonic time after which the run stops (--max-minutes), even while waiting for quiet


class OutOfTime(Exception):
    pass


WAIT_RECORDER = None  # called with (waited_s, reasons, completed) for every wait, finished or interrupted


def wait_quiet(first=False, before=None):
    """Block until the machine is quiet. Returns (waited_s, reasons)."""
    t0 = time.monotonic()
    reasons_seen = set()
    try:
        w, why = _wait_quiet(first, t0, reasons_seen)
    except BaseException:
        if WAIT_RECORDER:
            WAIT_RECORDER(round(time.monotonic() - t0, 1), sorted(reasons_seen), False, before)
        raise
    if w and WAIT_RECORDER:
        WAIT_RECORDER(w, why, True, before)
    return w, why


def _wait_quiet(first, t0, reasons_seen):
    waited, quiet_since, last_print = False, None, 0.0
    while True:
        ok, reasons, nums = MON.gate()
        t = time.monotonic()
        if ok:
            need = SETTLE_S if (waited or first) else 0.0
            quiet_since = t if quiet_since is None else quiet_since
            if t - quiet_since >= need:
                return (round(t - t0, 1) if waited else 0.0), sorted(reasons_seen)
        else:
            quiet_since = None
            waited = True
            for r in reasons:
                if r.startswith("heavy processes: "):
                    reasons_seen.update(re.sub(r"\(\d+\)", "", x) for x in r.split(": ", 1)[1].split() if x != "...")
                elif r.startswith("other processes"):
                    reasons_seen.add("other processes' CPU")
                elif r.startswith("load average"):
                    reasons_seen.add("load average")
                else:
                    reasons_seen.add(r)
            if DEADLINE is not None and t > DEADLINE:
                raise OutOfTime()
            if t - last_print >= 10:
                log(f"waiting for a quiet machine ({t - t0:.0f} s): " + "; ".join(reasons))
                last_print = t
        time.sleep(SAMPLE_S)


# ---------------------------------------------------------------------------------------------------------------------
# Servers
SERVERS = {
    "gunicorn-sync-w1": {"kind": "gunicorn-sync", "interface": "wsgi", "workers": 1, "threads": 1},
    "gunicorn-sync-w4": {"kind": "gunicorn-sync", "interface": "wsgi", "workers": 4, "threads": 1},
    "gunicorn-sync-w8": {"kind": "gunicorn-sync", "interface": "wsgi", "workers": 8, "threads": 1},
    "gunicorn-gthread-w4t8": {"kind": "gunicorn-gthread", "interface": "wsgi", "workers": 4, "threads": 8},
    "uvicorn-p1": {"kind": "uvicorn", "interface": "asgi", "workers": 1, "threads": 1},
    "uvicorn-p2": {"kind": "uvicorn", "interface": "asgi", "workers": 2, "threads": 1},
    "gunicorn-uvicornworker-w2": {"kind": "gunicorn-uvicorn-worker", "interface": "asgi", "workers": 2, "threads": 1},
    # Workaround for uvicorn#3149 (no TCP_NODELAY on sockets accepted from a pre-bound listener): project/loopbench/
    # asgi_nodelay.py. Not a server kind of its own: the same servers with the bug fixed, to show what it costs.
    "uvicorn-p2-nodelay": {"kind": "uvicorn", "interface": "asgi", "workers": 2, "threads": 1, "nodelay_patch": True},
    "gunicorn-uvicornworker-w2-nodelay": {"kind": "gunicorn-uvicorn-worker", "interface": "asgi", "workers": 2,
                                          "threads": 1, "nodelay_patch": True},
    # The PostgreSQL case (db-pool-20 preset): a pool of 20 connections in all, 200 concurrent requests.
    "uvicorn-p1-pg20": {"kind": "uvicorn", "interface": "asgi", "workers": 1, "threads": 1, "db_pool": 20},
    "gunicorn-gthread-w4t50-pg5": {"kind": "gunicorn-gthread", "interface": "wsgi", "workers": 4, "threads": 50,
                                   "db_pool": 5},
}
PG_PORT = 54329
PG_DIR = "/tmp/loop-lab-bench-pg"


class Postgres:
    """Debian's PostgreSQL, a throwaway cluster on 127.0.0.1:54329, run in the foreground as our child (so the
    quiet gate counts it as ours and its CPU can be read from its process group)."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (run.sh installs Debian's postgresql unless --no-db)")
        self.bin = os.path.dirname(bins[-1])
        self.proc = None

    def _as_pg(self, cmd):
        return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd

    def start(self):
        shutil.rmtree(PG_DIR, ignore_errors=True)
        os.makedirs(PG_DIR)
        if os.geteuid() == 0:
            shutil.chown(PG_DIR, "postgres", "postgres")
        subprocess.run(self._as_pg([os.path.join(self.bin, "initdb"), "-D", PG_DIR + "/data", "-A", "trust",
                                    "-U", "postgres", "--no-sync"]), check=True, capture_output=True, timeout=120)
        logf = open(os.path.join(STATE, "logs", "postgres.log"), "wb")
        self.proc = subprocess.Popen(
            self._as_pg([os.path.join(self.bin, "postgres"), "-D", PG_DIR + "/data", "-p", str(PG_PORT),
                         "-k", PG_DIR, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                         "-c", "max_connections=100", "-c", "shared_buffers=64MB"]),
            stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        deadline = time.monotonic() + 60
        while subprocess.run([os.path.join(self.bin, "pg_isready"), "-h", "127.0.0.1", "-p", str(PG_PORT)],
                             capture_output=True).returncode != 0:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start; see .state/logs/postgres.log")
            time.sleep(0.3)
        self.version = subprocess.run([os.path.join(self.bin, "postgres"), "--version"], capture_output=True,
                                      text=True).stdout.strip()
        log(f"started {self.version} on 127.0.0.1:{PG_PORT}")

    def cpu_ticks(self):
        procs = all_procs()
        return sum(procs[p][4] for p in descendants(procs, self.proc.pid) if p in procs)

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGINT)  # fast shutdown
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc = None
        shutil.rmtree(PG_DIR, ignore_errors=True)


PG = None


def server_cmd(key, port):
    s = SERVERS[key]
    if s["kind"].startswith("gunicorn"):
        app = "loopbench.wsgi:application" if s["interface"] == "wsgi" else "loopbench.asgi:application"
        if s.get("nodelay_patch"):
            app = "loopbench.asgi_nodelay:application"
        cmd = [os.path.join(VENV_BIN, "gunicorn"), app, "--bind", f"127.0.0.1:{port}", "--workers", str(s["workers"]),
               "--log-level", "warning"]
        if s["kind"] == "gunicorn-sync":
            cmd += ["--worker-class", "sync"]
        elif s["kind"] == "gunicorn-gthread":
            cmd += ["--worker-class", "gthread", "--threads", str(s["threads"])]
        else:
            cmd += ["--worker-class", "uvicorn_worker.UvicornWorker"]
        return cmd
    app = "loopbench.asgi_nodelay:application" if s.get("nodelay_patch") else "loopbench.asgi:application"
    cmd = [os.path.join(VENV_BIN, "uvicorn"), app, "--host", "127.0.0.1", "--port", str(port),
           "--loop", "asyncio", "--http", "h11", "--no-access-log", "--log-level", "warning"]
    if s["workers"] > 1:
        cmd += ["--workers", str(s["workers"])]
    return cmd


def http_get(port, path, timeout=5.0):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Connection": "close"})
        r = c.getresponse()
        r.read()
        return r.status, r.getheader("X-Pid")
    finally:
        c.close()


class Server:
    next_port = 18100

    def __init__(self, key):
        self.key = key
        self.spec = SERVERS[key]
        self.port = Server.next_port
        Server.next_port += 1
        self.cmd = server_cmd(key, self.port)
        self.proc = None
        self.worker_pids = []
        self.started_at = None

    def start(self):
        os.makedirs(os.path.join(STATE, "logs"), exist_ok=True)
        logf = open(os.path.join(STATE, "logs", f"{self.key}-{self.port}.log"), "wb")
        env = dict(os.environ, PYTHONPATH=PROJECT, DJANGO_SETTINGS_MODULE="loopbench.settings",
                   PYTHONUNBUFFERED="1")
        env.pop("LOOPBENCH_PG", None)
        if self.spec.get("db_pool"):
            env["LOOPBENCH_PG"] = f"{PG_PORT}:{self.spec['db_pool']}"
        self.proc = subprocess.Popen(self.cmd, cwd=PROJECT, env=env, stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        self.started_at = now_iso()
        path = "/hello_sync" if self.spec["interface"] == "wsgi" else "/hello_async"
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.key} exited at start (code {self.proc.returncode}); see .state/logs")
            try:
                st, _ = http_get(self.port, path, timeout=2)
                if st == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.key} did not answer within 60 s")
            time.sleep(0.2)
        # Prime every worker (Django resolves URLs and imports views on its first request) and learn their pids:
        # separate connections, so the kernel spreads them over the accepting processes.
        seen = collections.Counter()
        deadline = time.monotonic() + 30
        for i in range(400):
            try:
                st, pid = http_get(self.port, path, timeout=5)
                if pid:
                    seen[int(pid)] += 1
            except OSError:
                time.sleep(0.05)
            if (len(seen) >= self.spec["workers"] and min(seen.values()) >= 2) or time.monotonic() > deadline:
                break
            if i % 20 == 19:
                time.sleep(0.1)  # let a sleeping worker win an accept
        self.worker_pids = sorted(seen)
        if len(seen) < self.spec["workers"]:
            log(f"warning: {self.key}: only {len(seen)} of {self.spec['workers']} workers answered while priming")
        log(f"started {self.key} on :{self.port} (pid {self.proc.pid}, workers {self.worker_pids})")

    def pids(self):
        """pid -> (comm, cpu ticks incl. reaped children) for every process of the server's process group."""
        pg = self.proc.pid
        return {pid: s for pid, s in all_procs().items() if s[3] == pg}

    def cpu(self):
        return {pid: s[4] for pid, s in self.pids().items()}

    def role(self, pid):
        if pid == self.proc.pid:
            return "loop" if self.spec["kind"] == "uvicorn" and self.spec["workers"] == 1 else "master"
        if pid in self.worker_pids:
            return "worker"
        return "other"

    def alive(self):
        if self.proc is None or self.proc.poll() is not None:
            return False
        live = self.pids()
        return all(p in live for p in self.worker_pids)

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None


def ss_split(port):
    """Established server-side connections on `port`, by owning pid ('queued': accepted by the kernel, not yet by a
    process)."""
    try:
        out = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{port} )"], capture_output=True,
                             text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    by = collections.Counter()
    for line in out.splitlines():
        pids = re.findall(r"pid=(\d+)", line)
        if pids:
            for p in sorted(set(pids)):
                by[p] += 1
        elif line.strip():
            by["queued"] += 1
    return dict(by)


# ---------------------------------------------------------------------------------------------------------------------
# Load generators
def run_child(cmd, timeout_s, out_path):
    """Runs cmd, stdout+stderr to out_path; returns (exit code, child CPU seconds, output text, wall s)."""
    with open(out_path, "wb") as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    t0 = time.monotonic()
    status = ru = None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - t0 > timeout_s:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.02)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    with open(out_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return p.returncode, ru.ru_utime + ru.ru_stime, text, wall


def run_wrk(port, path, conc, dur_s, tag):
    out = os.path.join(STATE, "tool-output.txt")
    cmd = ["wrk", "-t1", f"-c{conc}", f"-d{dur_s}s", "--timeout", "30s", "-s", LUA, f"http://127.0.0.1:{port}{path}"]
    code, cpu, text, wall = run_child(cmd, dur_s + 45, out)
    m = re.search(r"^WRK_JSON (.*)$", text, re.M)
    if code != 0 or not m:
        raise RuntimeError(f"wrk failed ({tag}, exit {code}): {text[-500:]}")
    r = json.loads(m.group(1))
    lat = r["latency_us"]
    pct = {k: round(v / 1000.0, 3) for k, v in lat["percentiles"].items()}
    d = r["duration_us"] / 1e6
    errors = dict(r["errors"])
    non2xx = sum(v for k, v in r["by_status"].items() if not k.startswith("2"))
    errors["non_2xx"] = non2xx
    return {
        "command": " ".join(cmd[:-1] + [f"http://127.0.0.1:PORT{path}"]),
        "measured_s": round(d, 3),
        "requests": r["requests"],
        "throughput_rps": round(r["requests"] / d, 2) if d else None,
        "latency_ms": {
            "mean": round(lat["mean"] / 1000.0, 3), "stdev": round(lat["stdev"] / 1000.0, 3),
            "min": round(lat["min"] / 1000.0, 3), "max": round(lat["max"] / 1000.0, 3),
            "p50": pct.get("50"), "p90": pct.get("90"), "p99": pct.get("99"),
            "percentiles": pct, "mean_source": "wrk",
        },
        "errors": errors,
        "requests_by_pid": r["by_pid"],
        "status_counts": r["by_status"],
        "client_cpu_s": round(cpu, 3),
    }


def run_ab(port, path, conc, dur_s, tag):
    out = os.path.join(STATE, "tool-output.txt")
    csv = os.path.join(STATE, "ab-percentiles.csv")
    if os.path.exists(csv):
        os.remove(csv)
    # -t before -n: -t implies -n 50000, the later -n lifts that cap; -r: do not abort on socket errors.
    cmd = ["ab", "-q", "-r", "-s", "30", "-c", str(conc), "-t", str(dur_s), "-n", "10000000", "-e", csv,
           f"http://127.0.0.1:{port}{path}"]
    code, cpu, text, wall = run_child(cmd, dur_s + 45, out)

    def num(label, cast=float):
        m = re.search(rf"^{label}:\s+([\d.]+)", text, re.M)
        return cast(m.group(1)) if m else None

    done = num("Complete requests", int)
    taken = num("Time taken for tests")
    if code != 0 or done is None or not taken:
        raise RuntimeError(f"ab failed ({tag}, exit {code}): {text[-500:]}")
    pct = {}
    if os.path.exists(csv):
        with open(csv) as f:
            for line in f.read().splitlines()[1:]:
                a, b = line.split(",")
                pct[a] = round(float(b), 3)
    fails = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)", text)
    total = re.search(r"^Total:\s+(\d+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+(\d+)", text, re.M)
    return {
        "command": " ".join(cmd[:-3] + ["FILE", f"http://127.0.0.1:PORT{path}"]),
        "measured_s": taken,
        "requests": done,
        "throughput_rps": round(done / taken, 2),
        "latency_ms": {
            # ab's "Time per request (mean)" is concurrency x time / requests (Little's law); its table is whole ms.
            "mean": num("Time per request"),
            "stdev": float(total.group(3)) if total else None,
            "min": float(total.group(1)) if total else None,
            "max": pct.get("100"),
            "p50": pct.get("50"), "p90": pct.get("90"), "p99": pct.get("99"),
            "percentiles": {k: pct[k] for k in ("1", "5", "10", "25", "50", "75", "90", "95", "99", "100") if k in pct},
            "mean_source": "ab: concurrency x elapsed / requests",
        },
        "errors": {
            "failed": num("Failed requests", int) or 0,
            "connect": int(fails.group(1)) if fails else 0, "receive": int(fails.group(2)) if fails else 0,
            "length": int(fails.group(3)) if fails else 0, "exceptions": int(fails.group(4)) if fails else 0,
            "non_2xx": num("Non-2xx responses", int) or 0,
        },
        "requests_by_pid": None,
        "status_counts": None,
        "client_cpu_s": round(cpu, 3),
    }


# ---------------------------------------------------------------------------------------------------------------------
# Views, in the engine's terms (crates/sim/src/handler.rs). "cpu": 20 is nominal: the real cost is measured.
AIO, BIO = {"await_io": 100}, {"blocking_io": 100}
VIEWS = {
    "hello_sync": ("sync", []),
    "hello_async": ("async", []),
    "sleep_sync": ("sync", [BIO]),
    "asleep": ("async", [AIO]),
    "sleep_in_async": ("async", [BIO]),
    "cpu_sync": ("sync", [{"cpu": 20}]),
    "cpu_async": ("async", [{"cpu": 20}]),
    "seq3_sync": ("sync", [BIO, BIO, BIO]),
    "seq3_async": ("async", [AIO, AIO, AIO]),
    "gather3": ("async", [{"gather": [AIO, AIO, AIO]}]),
    "s2a_ts_true": ("async", [{"sync_to_async": {"step": BIO, "thread_sensitive": True}}]),
    "s2a_ts_false": ("async", [{"sync_to_async": {"step": BIO, "thread_sensitive": False}}]),
    "db_sync": ("sync", [{"db": 20}]),
    "db_s2a": ("async", [{"sync_to_async": {"step": {"db": 20}, "thread_sensitive": True}}]),
}
SOURCE = {
    "hello_sync": "def view(request): return HttpResponse(b'ok')",
    "hello_async": "async def view(request): return HttpResponse(b'ok')",
    "sleep_sync": "def: time.sleep(0.1)",
    "asleep": "async def: await asyncio.sleep(0.1)",
    "sleep_in_async": "async def: time.sleep(0.1)",
    "cpu_sync": "def: burn(CPU_N) (pure-Python loop, ~20 ms)",
    "cpu_async": "async def: burn(CPU_N) (pure-Python loop, ~20 ms)",
    "seq3_sync": "def: 3 x time.sleep(0.1) in sequence",
    "seq3_async": "async def: 3 x await asyncio.sleep(0.1) in sequence",
    "gather3": "async def: await asyncio.gather(3 x asyncio.sleep(0.1))",
    "s2a_ts_true": "async def: await sync_to_async(time.sleep, thread_sensitive=True)(0.1)",
    "s2a_ts_false": "async def: await sync_to_async(time.sleep, thread_sensitive=False)(0.1)",
    "db_sync": "def: cursor.execute('SELECT pg_sleep(0.02)') (Django's psycopg pool)",
    "db_s2a": "async def: await sync_to_async(run_the_query)() (thread_sensitive=True; Django's psycopg pool)",
}


def case(server, view, tool, conc, rep=0):
    return {"id": f"{server}|{view}|{tool}|c{conc}|r{rep}", "server": server, "view": view, "tool": tool,
            "concurrency": conc, "repeat": rep}


def selected(args):
    """The matrix's groups, narrowed to the cases whose id matches --only."""
    groups = matrix(args.mode, with_db=not args.no_db)
    if not args.only:
        return groups
    pick = re.compile(args.only)
    groups = [(s, [c for c in cs if pick.search(c["id"])]) for s, cs in groups]
    return [(s, cs) for s, cs in groups if cs]


def matrix(mode, with_db=True):
    W, A = "wrk", "ab"
    groups = []  # list of (server, [cases]); each group runs on one freshly started server
    if mode == "quick":
        groups.append(("gunicorn-sync-w4", [case("gunicorn-sync-w4", "hello_sync", W, 10),
                                            case("gunicorn-sync-w4", "sleep_sync", W, 10),
                                            case("gunicorn-sync-w4", "hello_sync", A, 10)]))
        groups.append(("uvicorn-p2", [case("uvicorn-p2", "hello_async", W, 10),
                                      case("uvicorn-p2", "asleep", W, 50),
                                      case("uvicorn-p2", "cpu_async", W, 10)]))
        return groups

    def g(server, spec, ab=()):
        cs = [case(server, v, W, c) for v, concs in spec for c in concs]
        cs += [case(server, v, A, c) for v, c in ab]
        groups.append((server, cs))

    g("gunicorn-sync-w1", [("hello_sync", [1, 10, 50, 200]), ("sleep_sync", [1, 10, 50]), ("cpu_sync", [1, 10, 50])])
    g("gunicorn-sync-w4", [("hello_sync", [1, 10, 50, 200]), ("sleep_sync", [1, 10, 50, 200]),
                           ("cpu_sync", [1, 10, 50]), ("seq3_sync", [1, 10])],
      ab=[("hello_sync", 10), ("hello_sync", 50), ("sleep_sync", 50), ("cpu_sync", 50)])
    g("gunicorn-sync-w8", [("hello_sync", [1, 10, 50, 200]), ("sleep_sync", [1, 10, 50, 200]),
                           ("cpu_sync", [1, 10, 50])])
    g("gunicorn-gthread-w4t8", [("hello_sync", [1, 10, 50, 200]), ("sleep_sync", [1, 10, 50, 200]),
                                ("cpu_sync", [1, 10, 50])])
    g("uvicorn-p1", [("hello_async", [1, 10, 50, 200]), ("hello_sync", [1, 10, 50, 200]),
                     ("asleep", [1, 10, 50, 100, 200]), ("sleep_in_async", [1, 10, 50]), ("sleep_sync", [1, 10, 50]),
                     ("cpu_async", [1, 10, 50]), ("cpu_sync", [1, 10, 50]), ("seq3_async", [1, 10]),
                     ("gather3", [1, 10, 50]), ("s2a_ts_true", [1, 10, 50]), ("s2a_ts_false", [1, 10, 50])],
      ab=[("hello_async", 10), ("hello_async", 50), ("asleep", 50), ("cpu_async", 50)])
    g("uvicorn-p2", [("hello_async", [1, 10, 50, 200]), ("asleep", [10, 50, 200]), ("sleep_in_async", [10, 50]),
                     ("cpu_async", [1, 10, 50]), ("hello_sync", [50])])
    g("gunicorn-uvicornworker-w2", [("hello_async", [1, 10, 50, 200]), ("asleep", [10, 50, 200]),
                                    ("cpu_async", [1, 10, 50])])
    g("uvicorn-p2-nodelay", [("hello_async", [1, 10, 50, 200]), ("asleep", [50]), ("cpu_async", [10, 50])])
    g("gunicorn-uvicornworker-w2-nodelay", [("hello_async", [10, 50]), ("asleep", [50])])
    if with_db:
        g("uvicorn-p1-pg20", [("db_s2a", [10, 50, 200])])
        g("gunicorn-gthread-w4t50-pg5", [("db_sync", [10, 50, 200])])
    # Priority pass: on a busy shared machine a run may be cut short, so the cases that show each mechanism run first
    # (their servers are started twice: once for this pass, once for the rest of their group).
    first = {
        "gunicorn-sync-w4": [("hello_sync", 50), ("sleep_sync", 50), ("cpu_sync", 50), ("seq3_sync", 1)],
        "gunicorn-sync-w8": [("hello_sync", 50), ("cpu_sync", 50)],
        "gunicorn-gthread-w4t8": [("hello_sync", 50), ("sleep_sync", 50), ("cpu_sync", 50)],
        "uvicorn-p1": [("hello_async", 50), ("hello_sync", 50), ("asleep", 1), ("asleep", 10), ("asleep", 50),
                       ("asleep", 100), ("sleep_in_async", 10), ("cpu_async", 50), ("seq3_async", 1), ("gather3", 1),
                       ("s2a_ts_true", 50), ("s2a_ts_false", 50)],
        "uvicorn-p2": [("hello_async", 50), ("asleep", 50), ("cpu_async", 50)],
        "uvicorn-p2-nodelay": [("hello_async", 50), ("asleep", 50)],
        "gunicorn-uvicornworker-w2": [("hello_async", 50), ("asleep", 50)],
    }
    pri, rest = [], []
    for server, cs in groups:
        want = {(v, c) for v, c in first.get(server, [])}
        p = [c for c in cs if c["tool"] == W and (c["view"], c["concurrency"]) in want]
        if p:
            pri.append((server, p))
        r = [c for c in cs if c not in p]
        if r:
            rest.append((server, r))
    groups = pri + rest
    # Key cases again, twice each, each on a freshly started server, later in the run (host speed drifts).
    key = [("gunicorn-sync-w4", "hello_sync", 50), ("gunicorn-sync-w4", "cpu_sync", 50),
           ("uvicorn-p1", "hello_async", 50), ("uvicorn-p1", "asleep", 50), ("uvicorn-p1", "cpu_async", 50),
           ("uvicorn-p2", "hello_async", 50), ("uvicorn-p2", "asleep", 50)]
    for rep in (1, 2):
        for server, view, conc in key:
            groups.append((server, [case(server, view, W, conc, rep)]))
    return groups


def engine_view(view):
    kind, steps = VIEWS[view]
    return {"kind": kind, "steps": steps}


def engine_scenario(c, duration_s):
    s = SERVERS[c["server"]]
    traffic = {"kind": "closed", "users": c["concurrency"], "duration_s": duration_s}
    if s["interface"] == "asgi":
        side = {"asgi": {"processes": s["workers"], "view": engine_view(c["view"])}}
    else:
        side = {"wsgi": {"workers": s["workers"], "worker_class": "gthread" if s["kind"] == "gunicorn-gthread"
                         else "sync", "view": engine_view(c["view"])}}
        if s["kind"] == "gunicorn-gthread":
            side["wsgi"]["threads"] = s["threads"]
    out = {"machine": {"cores": os.cpu_count()}, "traffic": traffic, **side}
    if s.get("db_pool"):
        out["db"] = {"pool": s["db_pool"] * s["workers"]}
    return out


# ---------------------------------------------------------------------------------------------------------------------
def open_server_sockets(port):
    """Server-side sockets on `port` that still hold work: every TCP state but LISTEN and TIME-WAIT. A connection
    the client already closed (CLOSE-WAIT) can still sit in the accept queue with its request, and a sync worker
    serves it in full, so `state established` alone is not enough (drains before 2026-12-08 missed these)."""
    try:
        out = subprocess.run(["ss", "-Htan", "state", "all", f"( sport = :{port} )"], capture_output=True, text=True,
                             timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    states = collections.Counter(line.split()[0] for line in out.splitlines() if line.strip())
    for idle in ("LISTEN", "TIME-WAIT", "UNCONN"):
        states.pop(idle, None)
    return dict(states)


def drain(server, timeout_s=60):
    """Wait until the server holds no connection (`open_server_sockets`) and spends no CPU (<= 1 tick in 0.3 s)."""
    t0 = time.monotonic()
    prev = sum(server.cpu().values())
    while time.monotonic() - t0 < timeout_s:
        time.sleep(0.3)
        cur = sum(server.cpu().values())
        conns = open_server_sockets(server.port)
        if conns == {} and cur - prev <= 1:
            return round(time.monotonic() - t0, 2), False
        prev = cur
    return round(time.monotonic() - t0, 2), True


def calibrate(tag):
    """CPU cost of the cpu views' loop, measured in a fresh interpreter: 10 calls, ms of CPU each."""
    code = ("import json,time,sys;sys.path.insert(0,'.');from loopbench.views import burn,CPU_N;burn(1000);"
            "c=[];w=[]\nfor _ in range(10):\n t=time.process_time();p=time.perf_counter();burn(CPU_N);"
            "c.append((time.process_time()-t)*1e3);w.append((time.perf_counter()-p)*1e3)\n"
            "print(json.dumps({'n':CPU_N,'cpu_ms':[round(x,2) for x in c],'wall_ms':[round(x,2) for x in w]}))")
    out = subprocess.run([os.path.join(VENV_BIN, "python"), "-c", code], cwd=PROJECT, capture_output=True, text=True,
                         timeout=60)
    r = json.loads(out.stdout)
    cs = sorted(r["cpu_ms"])
    return {"type": "calibration", "tag": tag, "at": now_iso(), "n": r["n"], "cpu_ms": r["cpu_ms"],
            "wall_ms": r["wall_ms"], "cpu_ms_median": round(cs[len(cs) // 2], 2)}


class Runner:
    def __init__(self, args):
        self.args = args
        self.mode = args.mode
        self.warmup_s = args.warmup
        self.duration_s = args.duration
        self.results_path = os.path.join(STATE, f"{self.mode}-results.jsonl")
        self.done = {}
        if os.path.exists(self.results_path):
            with open(self.results_path) as f:
                for line in f:
                    if line.strip():
                        r = json.loads(line)
                        if r.get("type") == "case":
                            self.done[r["id"]] = r
        self.t_start = time.monotonic()
        global DEADLINE, WAIT_RECORDER
        DEADLINE = self.t_start + args.max_minutes * 60 if args.max_minutes else None
        WAIT_RECORDER = self.record_wait

    def record_wait(self, waited_s, reasons, completed, before):
        self.append({"type": "wait", "at": now_iso(), "before": before, "waited_s": waited_s, "reasons": reasons,
                     "completed": completed})

    def append(self, rec):
        with open(self.results_path, "a") as f:
            f.write(json.dumps(rec) + "\n")

    def out_of_time(self):
        return self.args.max_minutes and time.monotonic() - self.t_start > self.args.max_minutes * 60

    def measure(self, server, c):
        """One attempt. Returns (record, discard_reason or None)."""
        path = "/" + c["view"]
        s = SERVERS[c["server"]]
        tool = run_wrk if c["tool"] == "wrk" else run_ab
        t_case0 = time.monotonic()
        started_at = now_iso()
        la_before = [round(x, 2) for x in os.getloadavg()]
        tool(server.port, path, c["concurrency"], self.warmup_s, c["id"] + " warm-up")
        d_warm, d_warm_timeout = drain(server, timeout_s=30)
        cpu0 = server.cpu()
        db0 = PG.cpu_ticks() if s.get("db_pool") else None
        ss_snaps = []
        stop_ss = threading.Event()

        def snapper():
            for frac in (0.25, 0.5, 0.75):
                if stop_ss.wait(max(0.0, t_m0 + self.duration_s * frac - time.monotonic())):
                    return
                ss_snaps.append({"at_fraction": frac, "by_pid": ss_split(server.port)})

        t_m0 = time.monotonic()
        th = threading.Thread(target=snapper, daemon=True)
        th.start()
        res = tool(server.port, path, c["concurrency"], self.duration_s, c["id"])
        t_m1 = time.monotonic()
        stop_ss.set()
        th.join(timeout=15)
        cpu1 = server.cpu()
        db1 = PG.cpu_ticks() if s.get("db_pool") else None
        la_after = [round(x, 2) for x in os.getloadavg()]
        d_s, d_timeout = drain(server)
        win = MON.window(t_case0, t_m1)
        alive = server.alive()

        per_proc = []
        by_pid = res["requests_by_pid"] or {}
        for pid in sorted(set(cpu0) | set(cpu1)):
            d = (cpu1.get(pid, 0) - cpu0.get(pid, 0)) / CLK
            per_proc.append({"pid": pid, "role": server.role(pid), "cpu_s": round(d, 3),
                             "requests": by_pid.get(str(pid)) if res["requests_by_pid"] is not None else None})
        cpu_total = sum(p["cpu_s"] for p in per_proc)
        wall = t_m1 - t_m0
        n = res["requests"]
        rec = {
            "type": "case",
            "id": c["id"],
            "started_at": started_at,
            "server": {"key": c["server"], "kind": s["kind"], "interface": s["interface"],
                       "nodelay_patch": bool(s.get("nodelay_patch")),
                       "processes": s["workers"], "workers": s["workers"], "threads": s["threads"],
                       "command": " ".join(os.path.basename(x) if i == 0 else x
                                           for i, x in enumerate(server.cmd)).replace(str(server.port), "PORT"),
                       "started_at": server.started_at, "worker_pids": server.worker_pids},
            "view": {"name": c["view"], "path": path, "source": SOURCE[c["view"]], **engine_view(c["view"])},
            "engine": engine_scenario(c, self.duration_s),
            "tool": c["tool"],
            "keepalive": c["tool"] == "wrk",
            "concurrency": c["concurrency"],
            "repeat": c["repeat"],
            "warmup_s": self.warmup_s,
            "duration_s": self.duration_s,
            **{k: res[k] for k in ("command", "measured_s", "requests", "throughput_rps", "latency_ms", "errors",
                                   "status_counts", "client_cpu_s")},
            "server_cpu": {
                "total_s": round(cpu_total, 3),
                "per_request_ms": round(cpu_total / n * 1000, 3) if n else None,
                "utilization_cores": round(cpu_total / wall, 3) if wall else None,
                "window_s": round(wall, 3),
                "per_process": per_proc,
            },
            "connection_split": {"requests_by_pid": res["requests_by_pid"], "ss_snapshots": ss_snaps},
            "load": {"before": la_before, "after": la_after, **{k: win[k] for k in (
                "foreign_cores_mean", "foreign_cores_max", "steal_cores_mean", "own_cores_mean", "samples")}},
            "drain": {"after_warmup_s": d_warm, "after_s": d_s, "timed_out": d_timeout},
            "server_alive_after": alive,
        }
        if s.get("db_pool"):
            rec["db"] = {"server": PG.version, "pool_per_process": s["db_pool"],
                         "pool_total": s["db_pool"] * s["workers"], "query": "SELECT pg_sleep(0.02)",
                         "db_cpu_s": round((db1 - db0) / CLK, 3),
                         "db_cpu_per_request_ms": round((db1 - db0) / CLK / n * 1000, 3) if n else None}
        reason = None
        if d_warm_timeout:
            reason = "the warm-up's connections did not drain in 30 s"
        elif win["heavy"]:
            reason = "heavy processes appeared: " + " ".join(win["heavy"][:6])
        elif win["foreign_cores_mean"] is not None and win["foreign_cores_mean"] > DISCARD_FOREIGN_MEAN:
            reason = f"other processes used {win['foreign_cores_mean']} cores on average"
        elif win["foreign_cores_max"] is not None and win["foreign_cores_max"] > DISCARD_FOREIGN_PEAK:
            reason = f"other processes peaked at {win['foreign_cores_max']} cores"
        return rec, reason

    def run(self):
        groups = selected(self.args)
        all_ids = [c["id"] for _, cs in groups for c in cs]
        self.append({"type": "session", "at": now_iso(), "mode": self.mode, "argv": sys.argv[1:]})
        todo = [(s, [c for c in cs if c["id"] not in self.done]) for s, cs in groups]
        todo = [(s, cs) for s, cs in todo if cs]
        total_left = sum(len(cs) for _, cs in todo)
        log(f"{self.mode}: {len(all_ids)} cases, {len(all_ids) - total_left} already done, {total_left} to run")
        first = True
        k = 0
        stopped = False
        for server_key, cs in todo:
            if self.out_of_time():
                stopped = True
                break
            w, why = wait_quiet(first=first, before=f"{server_key} group start")
            first = False
            if w:
                log(f"waited {w} s ({'; '.join(why)})")
            cal = calibrate(f"before {server_key}")
            self.append(cal)
            log(f"calibration: burn({cal['n']}) = {cal['cpu_ms_median']} ms CPU")
            server = Server(server_key)
            try:
                if SERVERS[server_key].get("db_pool") and PG.proc is None:
                    PG.start()
                server.start()
            except (RuntimeError, OSError, subprocess.SubprocessError) as e:
                log(f"skipping the {server_key} group: {e}")
                server.stop()
                continue
            try:
                for c in cs:
                    if self.out_of_time():
                        stopped = True
                        break
                    k += 1
                    attempts, waited_total, reasons_all, discards = 0, 0.0, set(), []
                    while True:
                        attempts += 1
                        w, why = wait_quiet(before=c["id"])
                        waited_total += w
                        reasons_all.update(why)
                        if not server.alive():
                            log(f"server {server_key} is not healthy; restarting it")
                            server.stop()
                            server = Server(server_key)
                            server.start()
                        try:
                            rec, reason = self.measure(server, c)
                        except RuntimeError as e:
                            reason = f"tool error: {e}"
                            rec = None
                        if reason is None:
                            break
                        discards.append({"at": now_iso(), "reason": reason})
                        self.append({"type": "discard", "id": c["id"], "at": now_iso(), "reason": reason})
                        log(f"discarded {c['id']}: {reason}")
                        if attempts >= 8:
                            log(f"giving up on {c['id']} after {attempts} attempts")
                            rec = None
                            break
                        time.sleep(2)
                    if rec is None:
                        continue
                    rec["attempts"] = attempts
                    rec["waited_s"] = round(waited_total, 1)
                    rec["wait_reasons"] = sorted(reasons_all)
                    rec["discarded_attempts"] = discards
                    self.append(rec)
                    self.done[rec["id"]] = rec
                    lat = rec["latency_ms"]
                    log(f"[{k}/{total_left}] {c['id']}: {rec['throughput_rps']} req/s, p50 {lat['p50']} ms, "
                        f"p99 {lat['p99']} ms, cpu/req {rec['server_cpu']['per_request_ms']} ms, "
                        f"split {rec['connection_split']['requests_by_pid']}, load {rec['load']['before'][0]}"
                        + (f", waited {rec['waited_s']} s" if rec["waited_s"] else ""))
            finally:
                server.stop()
        if not stopped:
            w, _ = wait_quiet(before="end calibration")
            cal = calibrate("end")
            self.append(cal)
            log(f"calibration: burn({cal['n']}) = {cal['cpu_ms_median']} ms CPU")
        return self.finalize(all_ids, now_iso())

    def finalize(self, all_ids, finished=None):
        """Writes the JSON. `finished`: now for a run; for --finalize, the time of the last record."""
        recs, cals, discards, sessions, waits = {}, [], [], [], []
        with open(self.results_path) as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                t = r.get("type")
                if t == "case":
                    recs[r["id"]] = r
                elif t == "calibration":
                    cals.append(r)
                elif t == "discard":
                    discards.append(r)
                elif t == "session":
                    sessions.append(r)
                elif t == "wait":
                    waits.append(r)
        cases = [recs[i] for i in all_ids if i in recs]
        missing = [i for i in all_ids if i not in recs]
        if not cases:
            log("no case measured yet: no JSON written")
            return 3
        if finished is None:
            stamps = [r.get("at") for r in sessions + cals + discards + waits]
            stamps += [r.get("started_at") for r in cases]
            finished = max(x for x in stamps if x)
        started = sessions[0]["at"] if sessions else finished
        t0 = datetime.datetime.fromisoformat(started)
        t1 = datetime.datetime.fromisoformat(finished)
        doc = {
            "schema": SCHEMA,
            "mode": self.mode,
            "partial": bool(missing),
            "selection": self.args.only,
            "missing_cases": missing,
            "started_at": started,
            "finished_at": finished,
            "wall_s": round((t1 - t0).total_seconds()),
            "sessions": sessions,
            "machine": machine_info(),
            "versions": versions(),
            "method": {
                "warmup_s": self.warmup_s,
                "duration_s": self.duration_s,
                "wrk": "wrk -t1 -cC -dDs --timeout 30s -s wrk_report.lua (keep-alive; all C connections opened at t=0)",
                "ab": "ab -q -r -s 30 -cC -tD -n 10000000 (no -k: a new connection per request)",
                "server_cpu": "utime+stime (+cutime+cstime) of every process in the server's process group, from "
                              "/proc/<pid>/stat, read after the warm-up's drain and right after the tool exits",
                "drain": "after each run: until the server holds no connection in any TCP state but LISTEN and "
                         "TIME-WAIT (CLOSE-WAIT too: a closed connection's request may still be served) and uses <= 1 "
                         "clock tick of CPU in 0.3 s (bounded: 30 s after warm-up, 60 s after the measurement)",
                "connection_split": "wrk: responses counted per X-Pid header in wrk_report.lua; all tools: "
                                    "`ss -tnp state established sport = :PORT` at 25/50/75 % of the run",
                "quiet_gate": {
                    "heavy_process_names": sorted(HEAVY), "heavy_name_prefixes": list(HEAVY_PREFIXES),
                    "heavy_if_busy_names": sorted(HEAVY_IF_BUSY), "busy_cores": BUSY_CORES,
                    "load_max": LOAD_MAX, "load_rule": "kernel 1-min load average minus our own 1-min runnable "
                                                       "average (estimated) < load_max",
                    "foreign_now_max_cores": FOREIGN_NOW_MAX, "settle_s": SETTLE_S,
                    "discard_if_foreign_mean_over": DISCARD_FOREIGN_MEAN,
                    "discard_if_foreign_peak_over": DISCARD_FOREIGN_PEAK, "sample_s": SAMPLE_S,
                },
                "repeats": "key cases run three times (repeat 0 in their server's group, repeats 1 and 2 later, each "
                           "on a freshly started server)",
                "order": "a priority pass (the cases that show each mechanism), then the rest grouped by server (one "
                         "fresh server per group, views and concurrencies ascending), then the repeats",
            },
            "calibration": cals,
            "waits": {
                "count": len(waits),
                "total_wait_s": round(sum(w["waited_s"] for w in waits), 1),
                "cases_that_waited": sum(1 for r in cases if r.get("waited_s")),
                "case_wait_s": round(sum(r.get("waited_s", 0) for r in cases), 1),
                "log": waits,
                "discarded_attempts": len(discards),
                "discards": discards,
            },
            "cases": cases,
        }
        if self.args.out:
            path = self.args.out
        elif self.mode == "quick":
            path = os.path.join(STATE, f"quick-{t1.date().isoformat()}.json")
        else:
            path = os.path.join(MEASURED, f"{t1.date().isoformat()}.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        log(f"wrote {path}: {len(cases)} cases" + (f", {len(missing)} missing (partial)" if missing else ""))
        return 0 if not missing else 3


def sh(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine_info():
    model = None
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = None
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else None

    def sysctl(name):
        try:
            return open("/proc/sys/" + name.replace(".", "/")).read().strip()
        except OSError:
            return None

    return {
        "cpu_model": model, "cores": os.cpu_count(), "mem_mib": mem, "kernel": platform.release(),
        "debian": debian, "clock_ticks_per_s": CLK,
        "sysctl": {k: sysctl(k) for k in ("net.core.somaxconn", "net.ipv4.tcp_tw_reuse",
                                          "net.ipv4.ip_local_port_range", "net.ipv4.tcp_max_syn_backlog")},
    }


def versions():
    freeze = sh([os.path.join(VENV_BIN, "pip"), "freeze", "--all"]) or ""
    pk = dict(line.split("==", 1) for line in freeze.splitlines() if "==" in line)
    py = sh([os.path.join(VENV_BIN, "python"), "-c", "import sys;print(sys.version.split()[0])"])
    wrk = sh(["sh", "-c", "wrk -v 2>&1 | head -1"])
    ab = sh(["sh", "-c", "ab -V 2>&1 | head -1"])
    deb = sh(["dpkg-query", "-W", "-f", "${Package}=${Version}\\n", "wrk", "apache2-utils", "python3", "iproute2"])
    return {"python": py, "packages": pk, "wrk": wrk, "ab": ab, "debian_packages": deb.splitlines() if deb else None,
            "event_loop": "asyncio (uvicorn --loop asyncio; UvicornWorker picks asyncio: uvloop is not installed)",
            "http_parser": "h11 (httptools is not installed)"}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", dest="mode", action="store_const", const="quick", default="full",
                    help="smoke subset (6 cases, 1 s warm-up, 3 s runs); writes .state/quick-<date>.json")
    ap.add_argument("--warmup", type=float, default=None, help="warm-up seconds (default 2; quick 1)")
    ap.add_argument("--duration", type=float, default=None, help="measured seconds (default 8; quick 3)")
    ap.add_argument("--max-minutes", type=float, default=0, help="stop after this long and write a partial JSON")
    ap.add_argument("--fresh", action="store_true", help="forget earlier results of this mode and start over")
    ap.add_argument("--finalize", action="store_true", help="only write the JSON from the results so far")
    ap.add_argument("--no-db", action="store_true", help="skip the PostgreSQL cases")
    ap.add_argument("--out", default=None, help="path of the JSON to write")
    ap.add_argument("--only", default=None, metavar="REGEX",
                    help="measure only the cases whose id matches REGEX (a supplement: the JSON records the selection)")
    args = ap.parse_args()
    if args.warmup is None:
        args.warmup = 1.0 if args.mode == "quick" else 2.0
    if args.duration is None:
        args.duration = 3.0 if args.mode == "quick" else 8.0
    args.warmup = int(args.warmup) if float(args.warmup).is_integer() else args.warmup
    args.duration = int(args.duration) if float(args.duration).is_integer() else args.duration
    os.makedirs(os.path.join(STATE, "logs"), exist_ok=True)
    results = os.path.join(STATE, f"{args.mode}-results.jsonl")
    if args.fresh and os.path.exists(results):
        os.rename(results, results + f".old-{int(time.time())}")
    for tool in ("wrk", "ab", "ss"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: run ./run.sh, which installs it")
    runner = Runner(args)
    if args.finalize:
        return runner.finalize([c["id"] for _, cs in selected(args) for c in cs])

    global MON, PG
    PG = Postgres() if (args.mode == "full" and not args.no_db) else None
    MON = Monitor()
    MON.start()

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        return runner.run()
    except OutOfTime:
        log(f"--max-minutes {args.max_minutes} reached: writing what was measured")
        return runner.finalize([c["id"] for _, cs in selected(args) for c in cs], now_iso())
    except KeyboardInterrupt:
        log("interrupted: writing what was measured")
        return runner.finalize([c["id"] for _, cs in selected(args) for c in cs], now_iso())
    finally:
        if PG is not None:
            PG.stop()


if __name__ == "__main__":
    sys.exit(main())
