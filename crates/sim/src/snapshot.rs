//! What the renderer may see at the current time: every in-flight request and the state of every loop,
//! worker, thread, core and DB connection. Filled into a reusable buffer, so painting allocates nothing per frame.

use crate::engine::{Doing, Job, Loc, ProcKind, Role, Sim, MAIN};
use crate::handler::NO_LINE;
use crate::metrics::Phase;
use crate::scenario::Side;
use crate::time::Nanos;

/// One in-flight request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReqView {
    /// Request number (the n-th request sent; the same request on both sides).
    pub id: u64,
    /// Where it is.
    pub loc: Loc,
    /// What its time is going to.
    pub phase: Phase,
    /// Index of the view step it is on (`NO_LINE` for the framework's work or when queued).
    pub line: u16,
    /// Progress through its current op, 0–1 (0 when unknown).
    pub progress: f32,
    /// Time since it arrived, ns.
    pub age_ns: Nanos,
    /// Where its time went so far: queued, CPU, I/O, blocked behind others (ns; the current phase included).
    pub split_ns: [Nanos; 4],
}

/// Where a request that ended badly was, for the painter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// At the door (refused from the listen backlog, or waiting in it).
    Door,
    /// On event loop `l`.
    Loop(u32),
    /// In worker box `w` (an index into `Snapshot::workers`).
    Worker(u32),
}

/// A request that ended badly a moment ago.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DropView {
    /// Time since it ended, ns.
    pub age_ns: Nanos,
    /// Refused, timed out or failed.
    pub outcome: crate::metrics::Outcome,
    /// Where it was.
    pub place: Place,
}

/// How long a bad ending stays in the snapshot, ns.
pub const DROP_SHOWN_NS: Nanos = 1_500_000_000;

/// One event loop.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoopView {
    /// Process alive.
    pub alive: bool,
    /// The request whose coroutine is running, if any.
    pub running: Option<u64>,
    /// True when the loop thread is blocked (a blocking call or a sync query in a coroutine).
    pub blocked: bool,
    /// What the loop thread is doing.
    pub doing: Option<Doing>,
    /// Progress of the running op, 0–1.
    pub progress: f32,
    /// Coroutines waiting in the ready queue.
    pub ready: u32,
    /// How long the oldest ready coroutine has waited, ns (the loop lag a new sample would show).
    pub lag_now_ns: Nanos,
    /// Threads of the default executor, and how many are busy.
    pub executor_threads: u32,
    pub executor_busy: u32,
    /// Calls queued for the executor.
    pub executor_queue: u32,
    /// Per-request thread-sensitive threads alive in this process.
    pub ts_threads: u32,
    /// Threads of this process wanting CPU (they share its GIL).
    pub gil_wanting: u32,
}

/// One OS thread that runs requests (gunicorn worker threads, Celery workers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ThreadView {
    /// Process index among the side's processes of its kind.
    pub proc: u32,
    /// What it is doing.
    pub doing: Doing,
    /// The request it serves, if any.
    pub req: Option<u64>,
    /// Progress through the current op, 0–1.
    pub progress: f32,
    /// Wants CPU but another thread of its process holds the GIL.
    pub gil_wait: bool,
}

/// One gunicorn worker or Celery process.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcView {
    /// Alive and serving.
    pub alive: bool,
    /// Finishing its last requests before a `max_requests` restart.
    pub draining: bool,
    /// When it is back, if down (ns).
    pub back_at_ns: Option<Nanos>,
    /// Requests served since it started.
    pub served: u32,
    /// Range of its threads in `Snapshot::threads`.
    pub threads: std::ops::Range<usize>,
    /// Threads of this process wanting CPU (they share its GIL).
    pub gil_wanting: u32,
}

/// Everything drawable at one moment.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// Simulated time, ns.
    pub now_ns: Nanos,
    /// Which side.
    pub side: Option<Side>,
    /// In-flight requests (at most `max_requests` of them; `requests_total` counts all).
    pub requests: Vec<ReqView>,
    /// All in-flight requests.
    pub requests_total: u32,
    /// Connections in the listen backlog.
    pub backlog: u32,
    /// Closed-loop users thinking (between an answer and their next request).
    pub thinking: u32,
    /// Event loops (ASGI).
    pub loops: Vec<LoopView>,
    /// gunicorn workers (WSGI).
    pub workers: Vec<ProcView>,
    /// Celery workers.
    pub celery: Vec<ProcView>,
    /// Celery tasks waiting.
    pub celery_queue: u32,
    /// Threads of `workers` and `celery`, indexed by their `threads` ranges.
    pub threads: Vec<ThreadView>,
    /// Cores.
    pub cores: u32,
    /// Cores doing useful work.
    pub busy_cores: f64,
    /// Processes wanting CPU.
    pub cpu_processes: u32,
    /// DB connections in use, pool size (None = unlimited), threads waiting for one.
    pub db_in_use: u32,
    pub db_size: Option<u32>,
    pub db_waiting: u32,
    /// Memory, bytes.
    pub memory_bytes: f64,
    /// Requests answered / failed so far (all, including warm-up).
    pub completed: u64,
    pub errors: u64,
    /// Whole-run counts of bad endings.
    pub refused: u64,
    pub timed_out: u64,
    pub failed: u64,
    /// Requests that ended badly in the last `DROP_SHOWN_NS`, oldest first (at most `window::RECENT_DROPS`).
    pub drops: Vec<DropView>,
    /// Events processed.
    pub events: u64,
}

fn frac(now: Nanos, start: Nanos, len: Nanos) -> f32 {
    if len == 0 {
        0.0
    } else {
        ((now.saturating_sub(start)) as f64 / len as f64).clamp(0.0, 1.0) as f32
    }
}

impl Sim {
    fn thread_progress(&self, th: u32) -> f32 {
        let t = &self.threads[th as usize];
        match t.doing {
            Doing::Cpu => match self.cpu.remaining(self.now, th) {
                Some(rem) if t.op_len > 0 => (1.0 - rem / t.op_len as f64).clamp(0.0, 1.0) as f32,
                _ => 0.0,
            },
            Doing::Io | Doing::Db => frac(self.now, t.op_start, t.op_len),
            _ => 0.0,
        }
    }

    fn req_line(&self, slot: u32) -> u16 {
        let r = &self.reqs[slot as usize];
        let lp = &self.cfg.loop_prog;
        let line_at = |pc: u16| lp.lines.get(pc as usize).copied().unwrap_or(NO_LINE);
        match r.loc {
            Loc::Backlog => NO_LINE,
            Loc::Running(_) => line_at(r.pc),
            Loc::Parked(_) | Loc::Ready(_) => {
                if r.pc == 0 {
                    NO_LINE
                } else {
                    line_at(r.pc - 1)
                }
            }
            Loc::Thread(th) => match self.threads[th as usize].job {
                Job::Request(_) => self.cfg.thread_prog.lines.get(r.tpc as usize).copied().unwrap_or(NO_LINE),
                _ if r.pc > 0 => line_at(r.pc - 1),
                _ => NO_LINE,
            },
        }
    }

    fn view_of(&self, slot: u32) -> ReqView {
        let now = self.now;
        let r = &self.reqs[slot as usize];
        let progress = match r.loc {
            Loc::Thread(th) if r.phase == Phase::Cpu => self.thread_progress(th),
            Loc::Running(l) if r.phase == Phase::Cpu => self.thread_progress(self.loops[l as usize].thread),
            _ => frac(now, r.op_start, r.op_len),
        };
        let mut split_ns = r.split;
        split_ns[r.phase as usize] += now - r.phase_since;
        ReqView {
            id: r.id,
            loc: r.loc,
            phase: r.phase,
            line: self.req_line(slot),
            progress,
            age_ns: now - r.arrived,
            split_ns,
        }
    }

    /// The request with this id, if it is in flight.
    pub fn request_view(&self, id: u64) -> Option<ReqView> {
        let slot = self.reqs.iter().position(|r| r.live && r.id == id)?;
        Some(self.view_of(slot as u32))
    }

    /// The id of the oldest request in flight.
    pub fn oldest_request(&self) -> Option<u64> {
        self.reqs.iter().filter(|r| r.live).min_by_key(|r| (r.arrived, r.id)).map(|r| r.id)
    }

    /// Fills `out` with the state at the current time, keeping at most `max_requests` request views.
    pub fn snapshot_into(&self, out: &mut Snapshot, max_requests: usize) {
        out.now_ns = self.now;
        out.side = Some(self.cfg.side);
        self.snapshot_requests(out, max_requests);
        self.snapshot_loops(out);
        self.snapshot_procs(out);
        self.snapshot_drops(out);
        self.snapshot_counts(out);
    }

    /// Fills the in-flight requests (at most `max_requests` views, in slot order), the backlog and the users
    /// thinking.
    fn snapshot_requests(&self, out: &mut Snapshot, max_requests: usize) {
        out.requests.clear();
        out.requests_total = self.in_flight;
        for (i, r) in self.reqs.iter().enumerate() {
            if !r.live {
                continue;
            }
            if out.requests.len() >= max_requests {
                break;
            }
            out.requests.push(self.view_of(i as u32));
        }
        out.backlog = self.backlog.len() as u32;
        out.thinking = self.thinking;
    }

    /// Counts, for each event loop, its counted thread-sensitive threads and its busy executor threads, in one
    /// pass over the threads.
    fn threads_per_loop(&self) -> Vec<(u32, u32)> {
        let mut per_loop = vec![(0u32, 0u32); self.loops.len()];
        if !self.loops.is_empty() {
            for th in self.threads.iter().filter(|t| t.alive) {
                let l = self.procs[th.proc as usize].loop_idx;
                if l == crate::engine::NONE {
                    continue;
                }
                match th.role {
                    Role::ThreadSensitive if th.counted => per_loop[l as usize].0 += 1,
                    Role::Executor(_) if th.job != Job::Idle => per_loop[l as usize].1 += 1,
                    _ => {}
                }
            }
        }
        per_loop
    }

    /// Fills one view per event loop: what it runs, its ready queue and lag, its executor and its threads.
    fn snapshot_loops(&self, out: &mut Snapshot) {
        let now = self.now;
        out.loops.clear();
        let per_loop = self.threads_per_loop();
        for (lp, &(ts_threads, exec_busy)) in self.loops.iter().zip(&per_loop) {
            let running = lp.current.map(|t| self.reqs[t.slot as usize].id);
            let t = &self.threads[lp.thread as usize];
            out.loops.push(LoopView {
                alive: self.procs[lp.proc as usize].alive,
                running,
                blocked: lp.blocked,
                doing: lp.current.map(|_| t.doing),
                progress: if lp.current.is_some() { self.thread_progress(lp.thread) } else { 0.0 },
                ready: lp.ready.len() as u32,
                lag_now_ns: lp.ready.front().map_or(0, |&(_, since)| now - since),
                executor_threads: lp.exec_threads,
                executor_busy: exec_busy,
                executor_queue: lp.exec_queue.len() as u32,
                ts_threads,
                gil_wanting: self.cpu.threads_wanting(lp.proc),
            });
        }
    }

    /// Fills one view per gunicorn worker and per Celery worker, and the views of their threads.
    fn snapshot_procs(&self, out: &mut Snapshot) {
        out.workers.clear();
        out.celery.clear();
        out.threads.clear();
        for (pi, p) in self.procs.iter().enumerate() {
            let list = match p.kind {
                ProcKind::Worker => &mut out.workers,
                ProcKind::Celery => &mut out.celery,
                ProcKind::Loop | ProcKind::Client => continue,
            };
            let start = out.threads.len();
            for &th in &p.threads {
                out.threads.push(self.thread_view(pi as u32, th, list.len() as u32));
            }
            list.push(ProcView {
                alive: p.alive,
                draining: p.draining,
                back_at_ns: self.proc_down_until(pi as u32),
                served: p.served,
                threads: start..out.threads.len(),
                gil_wanting: self.cpu.threads_wanting(pi as u32),
            });
        }
    }

    /// The view of thread `th` of process `pi`, which is box `index` among the processes of its kind.
    fn thread_view(&self, pi: u32, th: u32, index: u32) -> ThreadView {
        let p = &self.procs[pi as usize];
        let t = &self.threads[th as usize];
        let req = match t.job {
            Job::Request(slot) => Some(self.reqs[slot as usize].id),
            Job::Call(c) if c.child == MAIN => Some(self.reqs[c.slot as usize].id),
            _ => None,
        };
        ThreadView {
            proc: index,
            doing: if p.alive { t.doing } else { Doing::Idle },
            req: if p.alive { req } else { None },
            progress: self.thread_progress(th),
            gil_wait: t.doing == Doing::Cpu && self.cpu.gil_holder(pi) != Some(th),
        }
    }

    /// Fills the requests that ended badly in the last `DROP_SHOWN_NS`, with where each was.
    fn snapshot_drops(&self, out: &mut Snapshot) {
        let now = self.now;
        out.drops.clear();
        for d in self.metrics.recent.drops_since(now.saturating_sub(DROP_SHOWN_NS)) {
            out.drops.push(DropView { age_ns: now - d.at_ns, outcome: d.outcome, place: self.drop_place(d.loc) });
        }
    }

    /// Where the painter shows a request that ended badly at `loc`: the door, its event loop (a thread of a
    /// uvicorn process counts as its loop), or its worker box.
    fn drop_place(&self, loc: Loc) -> Place {
        match loc {
            Loc::Backlog => Place::Door,
            Loc::Ready(l) | Loc::Running(l) | Loc::Parked(l) => Place::Loop(l),
            Loc::Thread(th) => {
                let proc = self.threads.get(th as usize).map_or(0, |t| t.proc as usize);
                match self.procs.get(proc).map(|p| p.loop_idx) {
                    Some(l) if l != crate::engine::NONE => Place::Loop(l),
                    _ => {
                        let w = self.procs[..proc.min(self.procs.len())]
                            .iter()
                            .filter(|p| p.kind == ProcKind::Worker)
                            .count();
                        Place::Worker(w as u32)
                    }
                }
            }
        }
    }

    /// Fills the whole-run counts, the Celery queue, the cores, the DB pool, the memory and the event count.
    fn snapshot_counts(&self, out: &mut Snapshot) {
        out.refused = self.metrics.refused;
        out.timed_out = self.metrics.timed_out;
        out.failed = self.metrics.failed;
        out.celery_queue = self.celery_queue.len() as u32;
        out.cores = self.cpu.cores();
        out.busy_cores = self.cpu.busy_cores();
        out.cpu_processes = self.cpu.active_processes();
        out.db_in_use = self.db.in_use;
        out.db_size = self.db.size;
        out.db_waiting =
            self.db.waiters.iter().filter(|&&(th, gen)| self.threads[th as usize].gen == gen).count() as u32;
        out.memory_bytes = self.memory_bytes();
        out.completed = self.metrics.series.buckets.iter().map(|b| b.completed as u64).sum();
        out.errors = self.metrics.series.buckets.iter().map(|b| b.errors as u64).sum();
        out.events = self.events;
    }

    /// A fresh snapshot (allocates; prefer `snapshot_into` per frame).
    pub fn snapshot(&self) -> Snapshot {
        let mut s = Snapshot::default();
        self.snapshot_into(&mut s, usize::MAX);
        s
    }
}
