//! The simulation: the state of one side. The simulator's own loop is in `step.rs`, building a side in
//! `build.rs`, traffic and request bookkeeping in `traffic.rs`, crashes and restarts in `faults.rs`.
//!
//! A `Sim` simulates one side (ASGI or WSGI) of a scenario. Two `Sim`s built from the same scenario and
//! seed see the same arrival stream and the same per-request durations (common random numbers), so their
//! difference is the server, not the dice.
//!
//! Each call to `step()` handles exactly one event: the earliest of the next queued event and the next CPU
//! completion (ties go to the CPU). Work that becomes possible as a consequence (a free worker picking the
//! next connection, an idle loop running a ready coroutine) is done in the same step, iteratively (`step.rs`).

mod bounds;
mod build;
mod connections;
mod faults;
pub mod queue;
mod step;
mod traffic;
mod waits;

pub use bounds::Footprint;

use crate::cpu::Cpu;
use crate::handler::{compile, Context, Program, ViewKind};
use crate::metrics::{Gauges, Metrics, Outcome, Phase, Summary};
use crate::scenario::{Scenario, ScenarioError, Side, Traffic, TrafficKind, WorkerClass};
use crate::time::{ms_to_ns, s_to_ns, Nanos, NS_PER_S};
use queue::EventQueue;
use rand_xoshiro::rand_core::SeedableRng;
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};
use std::collections::{BinaryHeap, VecDeque};

/// "No such index".
pub(crate) const NONE: u32 = u32::MAX;
/// Child index of a request's main coroutine (as opposed to a gathered child).
pub(crate) const MAIN: u8 = u8::MAX;
/// A client whose connection is refused tries again after TCP's initial retransmission timeout.
pub(crate) const REFUSED_RETRY_NS: Nanos = NS_PER_S;
/// asyncio accepts at most this many queued connections each time the loop polls (its server backlog).
pub(crate) const ACCEPT_BATCH: usize = 100;
/// The simulator refuses new requests beyond this many in flight, to keep memory bounded (like a server out of
/// file descriptors: the connection is refused). `bounds.rs` lists every other bound.
pub const MAX_IN_FLIGHT: u32 = 200_000;
/// Requests a reader sends by hand (`Sim::send_extra`) are numbered from here, apart from the traffic's.
pub const EXTRA_ID_BASE: u64 = 1 << 48;

/// Scheduled events.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ev {
    /// A closed-loop client sends its next request.
    Arrive { client: u32 },
    /// The next open-loop (Poisson) arrival.
    OpenArrival,
    /// A coroutine's (or gathered child's) non-blocking wait ended.
    TaskIo { slot: u32, gen: u32, child: u8 },
    /// A thread's wait ended (blocking I/O, a query, a publish).
    ThreadIo { thread: u32, gen: u32 },
    /// gunicorn's timeout check for a sync worker's request.
    Timeout { proc: u32, gen: u32, serial: u32 },
    /// A dead process is back.
    Respawn { proc: u32 },
    /// Injected crash.
    Fault { proc: u32 },
    /// The kernel wakes idle event loops for the connections queued in the backlog.
    AcceptWake,
}

/// A coroutine on an event loop: a request's main coroutine or one of its gathered children.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Task {
    pub slot: u32,
    pub child: u8,
}

/// A single op handed to a thread by `sync_to_async`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Call {
    pub slot: u32,
    pub child: u8,
    /// Index of the op in the program's pool.
    pub op: u16,
}

/// What kind of process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcKind {
    /// A uvicorn process with one event loop.
    Loop,
    /// A gunicorn worker.
    Worker,
    /// A Celery worker.
    Celery,
    /// The load generator (a benchmark client on the same machine).
    Client,
}

pub(crate) struct Proc {
    pub kind: ProcKind,
    pub alive: bool,
    /// Exiting gracefully after `max_requests`: takes no new work.
    pub draining: bool,
    pub gen: u32,
    pub threads: Vec<u32>,
    pub served: u32,
    pub max_served: u32,
    pub serial: u32,
    pub loop_idx: u32,
    pub back_at: Nanos,
}

/// What a thread is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The event-loop thread of loop `l`.
    Loop(u32),
    /// A gunicorn worker thread (the process's only one for `sync`).
    Worker,
    /// A request's thread-sensitive thread under ASGI.
    ThreadSensitive,
    /// A thread of loop `l`'s default executor.
    Executor(u32),
    /// A Celery worker's thread.
    Celery,
    /// The load generator's thread.
    Client,
}

/// What a thread is doing right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Nothing.
    Idle,
    /// Computing (or waiting for its share of a core / the GIL).
    Cpu,
    /// Blocked in I/O.
    Io,
    /// Waiting for a database connection.
    DbWait,
    /// Running a database query.
    Db,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Job {
    Idle,
    /// A whole request (a gunicorn worker, or a `def` view on its thread-sensitive thread under ASGI).
    Request(u32),
    Call(Call),
    Task(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum After {
    Nothing,
    ReleaseDb,
    Enqueue(Nanos),
}

pub(crate) struct Thread {
    pub proc: u32,
    pub gen: u32,
    pub alive: bool,
    pub role: Role,
    pub job: Job,
    pub doing: Doing,
    pub after: After,
    pub op_start: Nanos,
    pub op_len: Nanos,
    pub pending_query: Nanos,
    pub in_idle: bool,
    /// Calls waiting for this thread (a request's thread-sensitive thread serialises them).
    pub calls: VecDeque<Call>,
    /// The request that owns this thread-sensitive thread.
    pub owner: u32,
    /// Counted as a thread of its own (memory, the stage). A request's thread that only Django's ASGI handler
    /// has used so far (for its signals) is not: it idles nearly all its life, and its small resident cost is
    /// part of `coroutine_kb`. It counts once the view itself runs code on it.
    pub counted: bool,
}

pub use crate::request::Loc;

pub(crate) struct Req {
    pub id: u64,
    pub gen: u32,
    pub live: bool,
    pub client: u32,
    pub arrived: Nanos,
    /// Next op of the loop program (the main coroutine).
    pub pc: u16,
    /// Next op of the thread program (a worker, or a `def` view's thread under ASGI).
    pub tpc: u16,
    pub outstanding: u16,
    pub gather_start: u16,
    pub phase: Phase,
    pub phase_since: Nanos,
    pub split: [Nanos; 4],
    /// This request's own random stream (common random numbers: the same on both sides). SplitMix64 is a
    /// counter-based generator: seeding it per request costs nothing, unlike a xoshiro state.
    pub rng: SplitMix64,
    pub loop_idx: u32,
    pub thread: u32,
    pub ts_thread: u32,
    pub loc: Loc,
    pub op_start: Nanos,
    pub op_len: Nanos,
    /// The view raised (a rejected Celery publish): the request ends as failed, not completed.
    pub failed: bool,
}

pub(crate) struct Loop {
    pub proc: u32,
    pub thread: u32,
    pub current: Option<Task>,
    /// The loop thread is blocked (a blocking call or a query inside a coroutine).
    pub blocked: bool,
    pub ready: VecDeque<(Task, Nanos)>,
    pub exec_threads: u32,
    pub exec_idle: Vec<u32>,
    pub exec_queue: VecDeque<(Call, Nanos)>,
    pub exec_cap: u32,
    pub woken: bool,
}

pub(crate) struct Db {
    pub size: Option<u32>,
    pub in_use: u32,
    pub waiters: VecDeque<(u32, u32)>,
}

/// The resolved configuration of one side.
#[derive(Clone)]
pub(crate) struct Cfg {
    pub side: Side,
    /// Program run by an event loop (ASGI), or empty.
    pub loop_prog: Program,
    /// Program run by a thread that serves a whole request.
    pub thread_prog: Program,
    pub backlog: usize,
    pub timeout_ns: Nanos,
    pub max_requests: u32,
    pub max_requests_jitter: u32,
    pub restart_ns: Nanos,
    pub gthread: bool,
    /// Closed-loop users keep their connection open between requests.
    pub keep_alive: bool,
    pub process_bytes: f64,
    pub thread_bytes: f64,
    pub coroutine_bytes: f64,
}

/// One simulated server under load.
pub struct Sim {
    pub(crate) cfg: Cfg,
    pub(crate) seed: u64,
    pub(crate) now: Nanos,
    pub(crate) q: EventQueue<Ev>,
    pub(crate) cpu: Cpu,
    pub(crate) procs: Vec<Proc>,
    pub(crate) threads: Vec<Thread>,
    pub(crate) free_threads: Vec<u32>,
    pub(crate) loops: Vec<Loop>,
    pub(crate) reqs: Vec<Req>,
    pub(crate) free_reqs: Vec<u32>,
    pub(crate) backlog: VecDeque<(u32, Nanos)>,
    pub(crate) idle_workers: BinaryHeap<std::cmp::Reverse<u32>>,
    pub(crate) db: Db,
    pub(crate) celery_queue: VecDeque<u32>,
    pub(crate) celery_idle: Vec<u32>,
    /// The broker's capacity: publishes beyond it are rejected.
    pub(crate) celery_max: usize,
    pub(crate) celery_rejected: u64,
    pub(crate) tasks: Vec<(Nanos, Nanos)>,
    pub(crate) free_tasks: Vec<u32>,
    pub(crate) metrics: Metrics,
    pub(crate) arrival_rng: Xoshiro256PlusPlus,
    pub(crate) traffic: Traffic,
    pub(crate) sent: u64,
    pub(crate) limit: Option<u64>,
    pub(crate) stop_at: Option<Nanos>,
    pub(crate) events: u64,
    pub(crate) in_flight: u32,
    pub(crate) ready_total: u32,
    pub(crate) coroutines: u32,
    pub(crate) alive_procs: u32,
    pub(crate) extra_threads: u32,
    pub(crate) thinking: u32,
    pub(crate) thread_wake: Vec<u32>,
    pub(crate) loop_wake: Vec<u32>,
    pub(crate) rr: u32,
    /// Queue length above which cancelled events are swept out (see `bounds.rs`).
    pub(crate) compact_at: usize,
    /// The run stopped at `HORIZON_NS` with events still to come.
    pub(crate) horizon_reached: bool,
    /// The measurement window (from the warm-up to the end of sending), and the waits recorded in it, if asked.
    pub(crate) window: (Nanos, Nanos),
    pub(crate) waits: Option<Box<waits::Waits>>,
    /// For each closed-loop user, the process holding its open connection (`NONE`: none).
    pub(crate) conns: Vec<u32>,
    /// A kernel wake-up of idle loops is scheduled.
    pub(crate) accept_pending: bool,
    /// The benchmark client, when it runs on the same machine.
    pub(crate) load_gen: Option<Box<connections::LoadGen>>,
}

/// splitmix64: turns (seed, stream) into well-spread RNG seeds.
pub(crate) fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Sim {
    // ----- time -----

    /// Current simulated time, ns.
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// Which side this is.
    pub fn side(&self) -> Side {
        self.cfg.side
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// Statistics so far.
    pub fn summary(&self) -> Summary {
        self.metrics.summary(self.now, self.in_flight as u64, self.events)
    }

    /// The full metrics (histograms and time series).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u64 {
        self.sent
    }

    pub(crate) fn gauges(&self) -> Gauges {
        Gauges {
            in_flight: self.in_flight,
            queue_depth: self.backlog.len() as u32 + self.ready_total,
            busy_cores: self.cpu.busy_cores(),
            memory_bytes: self.memory_bytes(),
        }
    }

    /// Memory of this side's processes, threads and coroutines, in bytes.
    pub fn memory_bytes(&self) -> f64 {
        self.alive_procs as f64 * self.cfg.process_bytes
            + self.extra_threads as f64 * self.cfg.thread_bytes
            + self.coroutines as f64 * self.cfg.coroutine_bytes
    }

    /// Records the gauges from the current time on in the metrics (the time-weighted means, the memory peak,
    /// the time series).
    fn observe(&mut self) {
        let g = self.gauges();
        self.metrics.observe(self.now, g);
    }

    /// The in-flight requests' ids and arrival times (for tests of conservation).
    pub fn in_flight(&self) -> u32 {
        self.in_flight
    }

    /// Milliseconds helper for callers.
    pub fn ms(ms: f64) -> Nanos {
        ms_to_ns(ms)
    }
}
