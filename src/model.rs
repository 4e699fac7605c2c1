//! What the reader sets (the post's toggles) and the scenario it means for the engine. Pure: no browser.
//!
//! `Params` is the one source of truth for a picture; `Params::scenario()` turns it into a `sim::Scenario`
//! with both sides on identical traffic, and `code` (see `code.rs`) renders the Python views it describes.

use crate::i18n::T;
use sim::scenario::limits;
use sim::{
    AsgiConfig, DbConfig, Dist, Fault, Machine, Scenario, Side, Step, Traffic, View, ViewKind, WorkerClass, WsgiConfig,
};

/// How the view waits for an external call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IoStyle {
    /// `await asyncio.sleep(x)`.
    AsyncSleep,
    /// `await client.get(url)` with httpx.AsyncClient.
    Httpx,
    /// `time.sleep(x)` — blocks.
    TimeSleep,
    /// `requests.get(url)` — blocks.
    Requests,
}

impl IoStyle {
    /// Every style, in menu order.
    pub const ALL: [IoStyle; 4] = [IoStyle::AsyncSleep, IoStyle::Httpx, IoStyle::TimeSleep, IoStyle::Requests];

    /// True if the call blocks its thread (and, in an async view, the event loop).
    pub fn blocks(self) -> bool {
        matches!(self, IoStyle::TimeSleep | IoStyle::Requests)
    }

    /// URL key.
    pub fn key(self) -> &'static str {
        match self {
            IoStyle::AsyncSleep => "asyncio-sleep",
            IoStyle::Httpx => "httpx",
            IoStyle::TimeSleep => "time-sleep",
            IoStyle::Requests => "requests",
        }
    }

    /// Parses a URL key.
    pub fn from_key(s: &str) -> Option<IoStyle> {
        IoStyle::ALL.into_iter().find(|v| v.key() == s)
    }
}

/// How the async view reaches the ORM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Orm {
    /// No query.
    None,
    /// `await sync_to_async(User.objects.get, thread_sensitive=True)(id=1)` (Django's default).
    SyncToAsyncTs,
    /// `await sync_to_async(..., thread_sensitive=False)` — the loop's shared executor.
    SyncToAsyncShared,
    /// `User.objects.get(id=1)` called directly inside the async view (blocks the loop; Django refuses unless forced).
    SyncInAsync,
}

impl Orm {
    /// Every choice, in menu order.
    pub const ALL: [Orm; 4] = [Orm::None, Orm::SyncToAsyncTs, Orm::SyncToAsyncShared, Orm::SyncInAsync];

    /// URL key.
    pub fn key(self) -> &'static str {
        match self {
            Orm::None => "none",
            Orm::SyncToAsyncTs => "s2a",
            Orm::SyncToAsyncShared => "s2a-shared",
            Orm::SyncInAsync => "sync",
        }
    }

    /// Parses a URL key.
    pub fn from_key(s: &str) -> Option<Orm> {
        Orm::ALL.into_iter().find(|v| v.key() == s)
    }
}

/// Everything the reader can set. The numeric ones are described by `NUMERIC` (ranges, URL keys, controls).
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// How external calls are made.
    pub io: IoStyle,
    /// External calls per request (0–8).
    pub calls: u32,
    /// Milliseconds each external call takes.
    pub io_ms: f64,
    /// Run the calls with `asyncio.gather` (async view only).
    pub gather: bool,
    /// Pure-Python CPU per request, ms.
    pub cpu_ms: f64,
    /// The ORM call.
    pub orm: Orm,
    /// Milliseconds a query takes.
    pub db_ms: f64,
    /// DB pool size (0 = unlimited).
    pub db_pool: u32,
    /// The ASGI side serves a `def` view instead of `async def`.
    pub asgi_sync_view: bool,
    /// uvicorn processes.
    pub processes: u32,
    /// gunicorn workers.
    pub workers: u32,
    /// gthread threads per worker (1 = the `sync` worker class).
    pub threads: u32,
    /// Cores.
    pub cores: u32,
    /// Concurrent users (closed loop, like `ab -c`).
    pub users: u32,
    /// Poisson arrivals per second instead of users (0 = closed loop).
    pub rate: f64,
    /// Seed.
    pub seed: u64,
    /// Variability of each external call: 0 = always `io_ms`, otherwise lognormal with this coefficient of variation.
    pub io_cv: f64,
    /// The ASGI side hands its CPU work to Celery (`task.delay()`) after the calls; the WSGI side does it inline.
    pub celery: bool,
    /// Crash process 0 of each side at this simulated second (0 = never).
    pub crash_at_s: f64,
    /// gunicorn `max_requests` (0 = off); the jitter is a tenth of it.
    pub max_requests: u32,
    /// gunicorn `timeout` in seconds (0 = off).
    pub timeout_s: f64,
    /// The reader's own view, when they wrote one: then its steps are what both sides run, and the view toggles
    /// above (calls, I/O style, gather, CPU, ORM, Celery) only describe the code they generate. Moving one of them
    /// goes back to the generated code (`set_param`).
    pub code: Option<std::rc::Rc<CodeView>>,
}

/// A view the reader wrote, as `crates/reader` read it (in its Web Worker).
#[derive(Clone, Debug, PartialEq)]
pub struct CodeView {
    /// The code as typed.
    pub code: String,
    /// `async def` or `def`.
    pub kind: ViewKind,
    /// What the ASGI side runs: the view as written.
    pub asgi: Vec<Step>,
    /// What a gunicorn worker runs: the same view, or an `async def` one in `async_to_sync`.
    pub wsgi: Vec<Step>,
    /// The code packed for a link (`share_code::pack`), or `None` when it is too long to share.
    pub share: Option<String>,
}

impl CodeView {
    /// As text, for the editor island's events (`components::editor_island`): the kind, both sides' steps in the
    /// reader's notation, then the code.
    pub fn encode(&self) -> String {
        let kind = if self.kind == ViewKind::Sync { "sync" } else { "async" };
        let steps = reader::message::steps;
        let share = self.share.as_deref().unwrap_or("-");
        format!("{kind}\t{}\t{}\t{share}\n{}", steps(&self.asgi), steps(&self.wsgi), self.code)
    }

    /// Back from `encode` (`None` for anything else).
    pub fn decode(text: &str) -> Option<CodeView> {
        let (head, code) = text.split_once('\n')?;
        let mut f = head.split('\t');
        let kind = match f.next()? {
            "sync" => ViewKind::Sync,
            "async" => ViewKind::Async,
            _ => return None,
        };
        let asgi = reader::message::parse_steps(f.next()?)?;
        let wsgi = reader::message::parse_steps(f.next()?)?;
        let share = f.next().filter(|s| crate::share_code::well_formed(s)).map(str::to_string);
        Some(CodeView { code: code.to_string(), kind, asgi, wsgi, share })
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            io: IoStyle::AsyncSleep,
            calls: 1,
            io_ms: 100.0,
            gather: false,
            cpu_ms: 2.0,
            orm: Orm::None,
            db_ms: 5.0,
            db_pool: 0,
            asgi_sync_view: false,
            processes: 1,
            workers: 4,
            threads: 1,
            cores: 2,
            users: 50,
            rate: 0.0,
            seed: 1,
            io_cv: 0.0,
            celery: false,
            crash_at_s: 0.0,
            max_requests: 0,
            timeout_s: 30.0,
            code: None,
        }
    }
}

/// Playback speed limits (simulated seconds per real second).
pub const SPEED_MIN: f64 = 0.01;
/// Fastest.
pub const SPEED_MAX: f64 = 100.0;
/// The speed a page opens at without a scene: a quarter of real time, so a 100 ms call takes 0.4 s on screen,
/// long enough to see where each request is.
pub const DEFAULT_SPEED: f64 = 0.25;

/// One parameter change from a control, a scene or the URL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Param {
    /// A numeric parameter (clamped to its range by `set_param`).
    Set(Num, f64),
    Io(IoStyle),
    Gather(bool),
    Orm(Orm),
    AsgiSyncView(bool),
    Celery(bool),
    Seed(u64),
}

impl Param {
    /// Whether it changes the view's code (so a view the reader wrote gives way to the generated one).
    pub fn shapes_the_view(self) -> bool {
        match self {
            Param::Set(n, _) => matches!(n, Num::Calls | Num::IoMs | Num::CpuMs | Num::DbMs | Num::IoCv),
            Param::Io(_) | Param::Gather(_) | Param::Orm(_) | Param::AsgiSyncView(_) | Param::Celery(_) => true,
            Param::Seed(_) => false,
        }
    }
}

/// Applies one parameter change, clamped to its range.
pub fn set_param(p: &mut Params, change: Param) {
    if change.shapes_the_view() {
        p.code = None;
    }
    match change {
        Param::Set(n, v) => n.set(p, v),
        Param::Io(v) => p.io = v,
        Param::Gather(v) => p.gather = v,
        Param::Orm(v) => p.orm = v,
        Param::AsgiSyncView(v) => p.asgi_sync_view = v,
        Param::Celery(v) => p.celery = v,
        Param::Seed(v) => p.seed = v,
    }
}

/// A numeric parameter's allowed range (inclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    /// Smallest.
    pub min: f64,
    /// Largest.
    pub max: f64,
}

/// How a slider moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Linear,
    /// Geometric (or log(1 + v) from 0): for ranges whose interesting part is at the small end.
    Log,
}

/// Everything about one numeric parameter: its name (the `Params` field, the control's id `ctl-NAME`), URL key,
/// range, whether it is whole, how its slider moves, its label and unit, and how to read and write it.
pub struct Spec {
    pub name: &'static str,
    pub url: &'static str,
    pub range: Range,
    pub integer: bool,
    pub scale: Scale,
    pub label: T,
    pub unit: Option<T>,
    get: fn(&Params) -> f64,
    put: fn(&mut Params, f64),
}

impl Spec {
    /// `v` made allowed: clamped, rounded for whole parameters, the minimum for NaN or ±∞.
    pub fn clamp(&self, v: f64) -> f64 {
        if !v.is_finite() {
            return self.range.min;
        }
        let v = v.clamp(self.range.min, self.range.max);
        if self.integer {
            v.round()
        } else {
            v
        }
    }
}

/// The table of numeric parameters: adding one is a line here, a field of `Params` with its default, and its
/// effect in `Params::scenario`. The URL, the clamping, the controls and the preset generator follow the table.
macro_rules! numeric_params {
    ($($var:ident => $field:ident: $ty:ty, $url:literal, [$min:expr, $max:expr], $scale:ident, $label:ident, $unit:expr;)*) => {
        /// A numeric parameter (see `NUMERIC`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Num { $($var),* }

        /// Every numeric parameter, in `Num` order.
        pub const NUMERIC: &[Spec] = &[$(Spec {
            name: stringify!($field),
            url: $url,
            range: Range { min: $min as f64, max: $max as f64 },
            integer: stringify!($ty).as_bytes()[0] == b'u',
            scale: Scale::$scale,
            label: T::$label,
            unit: $unit,
            get: |p| p.$field as f64,
            put: |p, v| p.$field = v as $ty,
        }),*];

        impl Num {
            /// All, in table order.
            pub const ALL: &'static [Num] = &[$(Num::$var),*];
        }
    };
}

numeric_params! {
    Calls => calls: u32, "calls", [0, 8], Linear, Calls, None;
    IoMs => io_ms: f64, "io_ms", [0, 5000], Log, IoMs, Some(T::Ms);
    CpuMs => cpu_ms: f64, "cpu_ms", [0, 1000], Log, CpuMs, Some(T::Ms);
    DbMs => db_ms: f64, "db_ms", [0, 1000], Log, DbMs, Some(T::Ms);
    DbPool => db_pool: u32, "db_pool", [0, limits::DB_POOL.1], Log, DbPool, None;
    Processes => processes: u32, "procs", [limits::PROCESSES.0, limits::PROCESSES.1], Linear, ProcessesLabel, None;
    Workers => workers: u32, "workers", [limits::WORKERS.0, limits::WORKERS.1], Log, WorkersLabel, None;
    Threads => threads: u32, "threads", [limits::THREADS.0, limits::THREADS.1], Log, ThreadsLabel, None;
    Cores => cores: u32, "cores", [limits::CORES.0, limits::CORES.1], Log, CoresLabel, None;
    Users => users: u32, "users", [limits::USERS.0, limits::USERS.1], Log, UsersLabel, Some(T::Users);
    Rate => rate: f64, "rate", [0, 20_000], Log, RateLabel, Some(T::PerSecondUnit);
    IoCv => io_cv: f64, "io_cv", [0, 3], Linear, IoCvLabel, None;
    CrashAt => crash_at_s: f64, "crash", [0, 3600], Log, CrashAtLabel, Some(T::SecondsUnit);
    MaxRequests => max_requests: u32, "maxreq", [0, 100_000], Log, MaxRequestsLabel, None;
    Timeout => timeout_s: f64, "timeout", [0, 3600], Log, TimeoutLabel, Some(T::SecondsUnit);
}

impl Num {
    /// Its row of the table.
    pub fn spec(self) -> &'static Spec {
        &NUMERIC[self as usize]
    }

    /// The parameter whose `Params` field is `name`.
    pub fn from_name(name: &str) -> Option<Num> {
        Num::ALL.iter().copied().find(|n| n.spec().name == name)
    }

    /// The parameter whose URL key is `key`.
    pub fn from_url(key: &str) -> Option<Num> {
        Num::ALL.iter().copied().find(|n| n.spec().url == key)
    }

    /// Its value in `p`.
    pub fn get(self, p: &Params) -> f64 {
        (self.spec().get)(p)
    }

    /// Sets it in `p`, clamped to its range.
    pub fn set(self, p: &mut Params, v: f64) {
        let s = self.spec();
        (s.put)(p, s.clamp(v));
    }
}

impl Params {
    fn io_dist(&self) -> Dist {
        if self.io_cv > 0.0 {
            Dist::LogNormal { mean_ms: self.io_ms, cv: self.io_cv }
        } else {
            Dist::Fixed(self.io_ms)
        }
    }

    /// The async view's steps (`async def`): CPU, the external calls, the ORM call. With `celery`, the CPU work is
    /// handed to Celery after the calls (read the upload, then `task.delay()`).
    pub fn async_steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        if self.cpu_ms > 0.0 && !self.celery {
            steps.push(Step::Cpu(Dist::Fixed(self.cpu_ms)));
        }
        let d = self.io_dist();
        let call = if self.io.blocks() { Step::BlockingIo(d) } else { Step::AwaitIo(d) };
        if self.calls > 0 {
            if self.gather && self.calls > 1 {
                steps.push(Step::Gather(vec![call; self.calls as usize]));
            } else {
                steps.extend(std::iter::repeat_n(call, self.calls as usize));
            }
        }
        let q = Dist::Fixed(self.db_ms);
        match self.orm {
            Orm::None => {}
            Orm::SyncToAsyncTs => steps.push(Step::SyncToAsync { step: Box::new(Step::Db(q)), thread_sensitive: true }),
            Orm::SyncToAsyncShared => {
                steps.push(Step::SyncToAsync { step: Box::new(Step::Db(q)), thread_sensitive: false })
            }
            Orm::SyncInAsync => steps.push(Step::Db(q)),
        }
        if self.cpu_ms > 0.0 && self.celery {
            steps.push(Step::Offload(Dist::Fixed(self.cpu_ms)));
        }
        steps
    }

    /// The sync view's steps (`def`): the same work, one call after another, blocking. (With `celery`, the CPU work
    /// comes after the calls, as on the ASGI side, but runs in the view.)
    pub fn sync_steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let cpu = (self.cpu_ms > 0.0).then_some(Step::Cpu(Dist::Fixed(self.cpu_ms)));
        if !self.celery {
            steps.extend(cpu.clone());
        }
        steps.extend(std::iter::repeat_n(Step::BlockingIo(self.io_dist()), self.calls as usize));
        if self.orm != Orm::None {
            steps.push(Step::Db(Dist::Fixed(self.db_ms)));
        }
        if self.celery {
            steps.extend(cpu);
        }
        steps
    }

    /// Best-effort inverse of `scenario()`: the parameters that describe a scenario (a preset). What `Params`
    /// cannot express is dropped; `tests::every_preset_round_trips` checks that no preset loses anything.
    pub fn from_scenario(sc: &Scenario) -> Params {
        let mut p = Params { seed: sc.seed, cores: sc.machine.cores, ..Params::default() };
        match sc.traffic.kind {
            sim::TrafficKind::Closed => p.users = sc.traffic.users.unwrap_or(1),
            sim::TrafficKind::Open => p.rate = sc.traffic.rate_per_s.unwrap_or(1.0),
        }
        p.db_pool = sc.db.pool.unwrap_or(0);
        p.crash_at_s = sc.faults.first().map_or(0.0, |f| f.at_s);
        p.calls = 0;
        p.cpu_ms = 0.0;
        let io = |p: &mut Params, d: &Dist, blocking: bool| {
            p.calls += 1;
            p.io_ms = d.mean_ms();
            p.io_cv = if let Dist::LogNormal { cv, .. } = d { *cv } else { 0.0 };
            p.io = if blocking { IoStyle::TimeSleep } else { IoStyle::AsyncSleep };
        };
        if let Some(a) = &sc.asgi {
            p.processes = a.processes;
            p.asgi_sync_view = a.view.kind == ViewKind::Sync;
            if !p.asgi_sync_view {
                for step in &a.view.steps {
                    match step {
                        Step::Cpu(d) => p.cpu_ms += d.mean_ms(),
                        Step::Offload(d) => {
                            p.cpu_ms += d.mean_ms();
                            p.celery = true;
                        }
                        Step::AwaitIo(d) => io(&mut p, d, false),
                        Step::BlockingIo(d) => io(&mut p, d, true),
                        Step::Gather(children) => {
                            p.gather = true;
                            for c in children {
                                if let Step::AwaitIo(d) | Step::BlockingIo(d) = c {
                                    io(&mut p, d, matches!(c, Step::BlockingIo(_)));
                                }
                            }
                        }
                        Step::SyncToAsync { step, thread_sensitive } => {
                            if let Step::Db(d) = step.as_ref() {
                                p.db_ms = d.mean_ms();
                            }
                            p.orm = if *thread_sensitive { Orm::SyncToAsyncTs } else { Orm::SyncToAsyncShared };
                        }
                        Step::Db(d) => {
                            p.db_ms = d.mean_ms();
                            p.orm = Orm::SyncInAsync;
                        }
                    }
                }
            }
        }
        if let Some(w) = &sc.wsgi {
            p.workers = w.workers;
            p.threads = if w.effective_worker_class() == WorkerClass::Gthread { w.threads } else { 1 };
            p.max_requests = w.max_requests;
            p.timeout_s = w.timeout_s;
            if sc.asgi.is_none() || p.asgi_sync_view {
                // Read the work from the sync view instead.
                for step in &w.view.steps {
                    match step {
                        Step::Cpu(d) => p.cpu_ms += d.mean_ms(),
                        Step::BlockingIo(d) => io(&mut p, d, true),
                        Step::Db(d) => {
                            p.db_ms = d.mean_ms();
                            p.orm = Orm::SyncToAsyncTs;
                        }
                        _ => {}
                    }
                }
            }
        }
        p
    }

    /// The scenario: both sides, same traffic, running until stopped (one simulated day).
    pub fn scenario(&self) -> Scenario {
        let asgi_view = if let Some(c) = &self.code {
            View { kind: c.kind, steps: c.asgi.clone() }
        } else if self.asgi_sync_view {
            View { kind: ViewKind::Sync, steps: self.sync_steps() }
        } else {
            View { kind: ViewKind::Async, steps: self.async_steps() }
        };
        Scenario {
            name: "lab".into(),
            seed: self.seed,
            traffic: if self.rate > 0.0 {
                Traffic::open(self.rate, None, Some(limits::DURATION_S.1))
            } else {
                Traffic::closed(self.users, None, Some(limits::DURATION_S.1))
            },
            warmup_s: 0.0,
            machine: Machine { cores: self.cores, ..Machine::default() },
            asgi: Some(AsgiConfig {
                processes: self.processes,
                view: asgi_view,
                overhead_ms: sim::scenario::ASGI_OVERHEAD_MS,
                tcp_nodelay: true,
                backlog: 2048,
                executor_threads: None,
                restart_s: 1.0,
            }),
            wsgi: Some(WsgiConfig {
                workers: self.workers,
                worker_class: if self.threads > 1 { WorkerClass::Gthread } else { WorkerClass::Sync },
                threads: self.threads,
                view: View {
                    kind: ViewKind::Sync,
                    steps: self.code.as_ref().map_or_else(|| self.sync_steps(), |c| c.wsgi.clone()),
                },
                overhead_ms: sim::scenario::WSGI_OVERHEAD_MS,
                backlog: 2048,
                timeout_s: self.timeout_s,
                max_requests: self.max_requests,
                max_requests_jitter: self.max_requests / 10,
                restart_s: 1.0,
            }),
            db: DbConfig { pool: (self.db_pool > 0).then_some(self.db_pool) },
            celery: Default::default(),
            memory: Default::default(),
            faults: if self.crash_at_s > 0.0 {
                [Side::Asgi, Side::Wsgi]
                    .into_iter()
                    .map(|side| Fault { at_s: self.crash_at_s, side, process: 0 })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Writes the generated `src/preset_params.rs` (tests only).
#[cfg(test)]
pub mod generate;
#[cfg(test)]
mod tests;
