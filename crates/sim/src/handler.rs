//! The simulated Python view: a program of steps, each standing for a line of Django code.
//!
//! `Step` is the scenario-facing form (what a scenario file or the app's toggles describe). `Program` is the
//! compiled form the engine executes: the framework's own overhead is prepended, zero-length steps vanish,
//! and steps that mean something different in a thread (sync code) and on an event loop (async code) are
//! lowered for the context they will run in.

mod dist;
mod parse;

pub(crate) use dist::exp1;
pub use dist::Dist;
pub(crate) use parse::bounded_steps;
pub use parse::STEP_KINDS;

use serde::{Deserialize, Serialize};

/// One line of the simulated view. In JSON, an object with exactly one key, the kind (parsed in `parse.rs`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Pure-Python work: needs a core and its process's GIL.
    Cpu(Dist),
    /// Non-blocking I/O (`await asyncio.sleep`, `await client.get`): frees the event loop.
    AwaitIo(Dist),
    /// Blocking I/O (`time.sleep`, `requests.get`): holds its thread, and inside an async view the whole loop.
    BlockingIo(Dist),
    /// `await asyncio.gather(...)`: the children run concurrently; the view resumes when all are done.
    Gather(Vec<Step>),
    /// asgiref's `sync_to_async(fn, thread_sensitive=...)(...)`.
    SyncToAsync { step: Box<Step>, thread_sensitive: bool },
    /// A database query: needs a connection from the pool, then waits this long.
    Db(Dist),
    /// `task.delay()`: publish to the broker and hand this much CPU work to a Celery worker; the response does not wait.
    Offload(Dist),
}

fn default_true() -> bool {
    true
}

/// Largest duration a step may have, in milliseconds (ten minutes).
pub const MAX_STEP_MS: f64 = 600_000.0;
/// Most steps a view may have (at its top level, and children in one gather).
pub const MAX_STEPS: usize = 64;

impl Step {
    /// The largest coefficient of variation of any duration in the step (0 when every duration is fixed).
    pub fn max_cv(&self) -> f64 {
        match self {
            Step::Cpu(d) | Step::AwaitIo(d) | Step::BlockingIo(d) | Step::Db(d) | Step::Offload(d) => d.cv(),
            Step::Gather(children) => children.iter().map(Step::max_cv).fold(0.0, f64::max),
            Step::SyncToAsync { step, .. } => step.max_cv(),
        }
    }

    /// Checks ranges and nesting rules; `field` is the path used in error messages.
    pub fn validate(&self, field: &str) -> Result<(), crate::ScenarioError> {
        use crate::ScenarioError as E;
        match self {
            Step::Cpu(d) => d.validate(&format!("{field}.cpu"), MAX_STEP_MS),
            Step::AwaitIo(d) => d.validate(&format!("{field}.await_io"), MAX_STEP_MS),
            Step::BlockingIo(d) => d.validate(&format!("{field}.blocking_io"), MAX_STEP_MS),
            Step::Db(d) => d.validate(&format!("{field}.db"), MAX_STEP_MS),
            Step::Offload(d) => d.validate(&format!("{field}.offload"), MAX_STEP_MS),
            Step::Gather(children) => {
                let f = format!("{field}.gather");
                if children.len() > MAX_STEPS {
                    return Err(E::new(&f, format!("at most {MAX_STEPS} children (got {})", children.len())));
                }
                for (i, c) in children.iter().enumerate() {
                    if matches!(c, Step::Gather(_)) {
                        return Err(E::new(&format!("{f}[{i}]"), "a gather inside a gather is not supported".into()));
                    }
                    c.validate(&format!("{f}[{i}]"))?;
                }
                Ok(())
            }
            Step::SyncToAsync { step, .. } => {
                let f = format!("{field}.sync_to_async.step");
                match step.as_ref() {
                    Step::Cpu(_) | Step::BlockingIo(_) | Step::AwaitIo(_) | Step::Db(_) => step.validate(&f),
                    _ => Err(E::new(&f, "must be one of cpu, blocking_io, await_io, db".into())),
                }
            }
        }
    }
}

/// Whether the view is `async def` or `def`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ViewKind {
    /// `async def view(request)`.
    #[default]
    Async,
    /// `def view(request)`.
    Sync,
}

/// The compiled form of one step. `Copy`, so the engine can read an op and then mutate itself freely; the
/// children of a gather and the call inside `sync_to_async` live in the program's `pool`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// CPU work on the running thread (the loop thread on an event loop).
    Cpu(Dist),
    /// Waiting without CPU. `blocking` only matters on an event loop: it then holds the loop.
    Io { dist: Dist, blocking: bool },
    /// A query that first needs a pool connection.
    Db(Dist),
    /// Event loop only: the ops `pool[start..start + len]` run concurrently.
    Gather { start: u16, len: u16 },
    /// A thread-side wait for the longest of the awaits `dists[start..start + len]` (an async view run by a WSGI
    /// worker, where Django gives each request its own event loop inside the worker thread).
    GatherIo { start: u16, len: u16 },
    /// Event loop only: run `pool[inner]` on a thread and await it.
    SyncToAsync { inner: u16, thread_sensitive: bool },
    /// Publish to the broker (a short blocking call), then queue CPU work for the Celery pool.
    Offload(Dist),
    /// Event loop only: run the whole thread program on the request's thread-sensitive thread (a `def` view
    /// under ASGI).
    SyncView,
    /// Event loop only: the coroutine gives the loop back and queues again behind every ready one (an `await`
    /// that is ready at once, as between uvicorn's protocol callback and the application's task).
    Yield,
}

/// A compiled view: top-level ops plus the pools that gathers and `sync_to_async` calls index into.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    /// Top-level ops, in order.
    pub ops: Vec<Op>,
    /// Children of gathers and calls wrapped by `sync_to_async`.
    pub pool: Vec<Op>,
    /// Durations of thread-side gathered awaits.
    pub dists: Vec<Dist>,
    /// For each top-level op, the index of the view step it came from (`NO_LINE` for the framework's overhead).
    pub lines: Vec<u16>,
    /// Pool entries from this index on are the framework's own thread hops (not the view's).
    pub framework_pool: Option<u16>,
}

/// Line index of ops that belong to no step of the view (the framework's own work).
pub const NO_LINE: u16 = u16::MAX;

impl Program {
    /// True if any op hands work to Celery.
    pub fn offloads(&self) -> bool {
        self.ops.iter().chain(&self.pool).any(|o| matches!(o, Op::Offload(_)))
    }

    /// Prepends `overhead_ms` of CPU (the framework's share of every request), if non-zero: one burst, as a
    /// gunicorn worker thread runs Django's WSGI handler.
    pub fn with_overhead(mut self, overhead_ms: f64) -> Self {
        if overhead_ms > 0.0 {
            self.ops.insert(0, Op::Cpu(Dist::Fixed(overhead_ms)));
            self.lines.insert(0, NO_LINE);
        }
        self
    }

    /// Wraps the view in Django's ASGI request cycle on uvicorn (`ASGI_BEFORE`, `ASGI_AFTER`), splitting
    /// `overhead_ms` over its parts. Unlike WSGI's one burst, the parts interleave with every other request's
    /// on the loop, and two of them hop to the request's own thread.
    pub fn with_asgi_cycle(mut self, overhead_ms: f64) -> Self {
        if overhead_ms <= 0.0 {
            return self;
        }
        let mut before = Vec::new();
        let mut after = Vec::new();
        self.framework_pool = Some(self.pool.len() as u16);
        for (parts, out) in [(ASGI_BEFORE, &mut before), (ASGI_AFTER, &mut after)] {
            for part in parts {
                out.push(match *part {
                    Part::Loop(share) => Op::Cpu(Dist::Fixed(overhead_ms * share)),
                    Part::Yield => Op::Yield,
                    Part::Thread(share) => {
                        let inner = self.pool.len() as u16;
                        self.pool.push(Op::Cpu(Dist::Fixed(overhead_ms * share)));
                        Op::SyncToAsync { inner, thread_sensitive: true }
                    }
                });
            }
        }
        let (nb, na) = (before.len(), after.len());
        self.ops.splice(0..0, before);
        self.ops.extend(after);
        self.lines.splice(0..0, std::iter::repeat_n(NO_LINE, nb));
        self.lines.extend(std::iter::repeat_n(NO_LINE, na));
        self
    }
}

/// How long a client delays its ACK (Linux's minimum delayed-ACK timeout), in milliseconds.
pub const DELAYED_ACK_MS: f64 = 40.0;

impl Program {
    /// Without `TCP_NODELAY`, the response's last segment waits for the client's delayed ACK of the first
    /// (Nagle): the answer reaches the client `DELAYED_ACK_MS` later. The loop is free meanwhile.
    pub fn with_delayed_ack(mut self) -> Self {
        self.ops.push(Op::Io { dist: Dist::Fixed(DELAYED_ACK_MS), blocking: false });
        self.lines.push(NO_LINE);
        self
    }
}

/// One part of the framework's work around a view, with its share of `overhead_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Part {
    /// CPU on the event loop.
    Loop(f64),
    /// The coroutine queues again behind the ready ones.
    Yield,
    /// CPU on the request's own thread, awaited through `sync_to_async(thread_sensitive=True)`.
    Thread(f64),
}

/// Django 5.2's ASGI request cycle under uvicorn before the view runs: uvicorn parses the request and starts
/// the application's task (loop); the task runs when its turn comes (yield); `ASGIHandler` reads the body and
/// sends `request_started`, whose receivers are sync, so `asend` runs them through `sync_to_async` on the
/// request's thread (`ThreadSensitiveContext`); it builds the request and runs the middleware (loop).
pub const ASGI_BEFORE: &[Part] = &[Part::Loop(0.3), Part::Yield, Part::Loop(0.15), Part::Thread(0.1), Part::Loop(0.15)];
/// The share of the ASGI overhead that runs on the loop itself (the rest runs on the request's thread).
pub fn asgi_loop_share() -> f64 {
    ASGI_BEFORE.iter().chain(ASGI_AFTER).map(|p| if let Part::Loop(s) = p { *s } else { 0.0 }).sum()
}

/// After the view: the response is sent (loop). `response.close()` then sends `request_finished` through
/// `sync_to_async` on the request's thread, but the client already has its answer: that hop does not delay it
/// (a blocked loop would otherwise hold every answer back), so its CPU is counted here, on the loop.
pub const ASGI_AFTER: &[Part] = &[Part::Loop(0.3)];

/// Where a compiled program runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// On an asyncio event loop (an `async def` view under ASGI).
    Loop,
    /// On an OS thread that runs the request start to finish.
    Thread,
}

/// How long `.delay()` blocks its caller to publish a task (a Redis round trip), in milliseconds.
pub const BROKER_PUBLISH_MS: f64 = 0.3;

/// Lowers steps for the given context. `async_view` tells whether the code is `async def` (an async view in a
/// thread context runs on a private per-request event loop, so a gather of awaits is still concurrent).
pub fn compile(steps: &[Step], ctx: Context, async_view: bool) -> Program {
    let mut prog = Program::default();
    let mut ops = Vec::with_capacity(steps.len());
    for (i, s) in steps.iter().enumerate() {
        lower(s, ctx, async_view, &mut prog, &mut ops);
        prog.lines.resize(ops.len(), i as u16);
    }
    prog.ops = ops;
    prog
}

fn lower(step: &Step, ctx: Context, async_view: bool, prog: &mut Program, out: &mut Vec<Op>) {
    match (step, ctx) {
        (Step::Cpu(d), _) => push_nonzero(out, Op::Cpu(*d), d),
        (Step::AwaitIo(d), Context::Loop) => push_nonzero(out, Op::Io { dist: *d, blocking: false }, d),
        (Step::AwaitIo(d) | Step::BlockingIo(d), Context::Thread) | (Step::BlockingIo(d), Context::Loop) => {
            push_nonzero(out, Op::Io { dist: *d, blocking: true }, d)
        }
        (Step::Db(d), _) => out.push(Op::Db(*d)),
        (Step::Offload(d), _) => out.push(Op::Offload(*d)),
        (Step::Gather(children), Context::Loop) => {
            let mut kids = Vec::with_capacity(children.len());
            for c in children {
                lower(c, ctx, async_view, prog, &mut kids);
            }
            if !kids.is_empty() {
                let start = prog.pool.len() as u16;
                let len = kids.len() as u16;
                prog.pool.extend(kids);
                out.push(Op::Gather { start, len });
            }
        }
        (Step::Gather(children), Context::Thread) => {
            // In sync code there is no gather: the calls run one after another. An async view served by a WSGI
            // worker gets a private event loop, so plain awaits in a gather still overlap (the rest run in order).
            let start = prog.dists.len() as u16;
            for c in children {
                if let (true, Step::AwaitIo(d)) = (async_view, c) {
                    if !d.is_zero() {
                        prog.dists.push(*d);
                    }
                }
            }
            let len = prog.dists.len() as u16 - start;
            if len > 0 {
                out.push(Op::GatherIo { start, len });
            }
            for c in children {
                if !(async_view && matches!(c, Step::AwaitIo(_))) {
                    lower(c, ctx, async_view, prog, out);
                }
            }
        }
        (Step::SyncToAsync { step, thread_sensitive }, Context::Loop) => {
            let mut tmp = Vec::new();
            // The wrapped call runs in a thread: every wait in it blocks that thread, not the loop.
            lower(step, Context::Thread, false, prog, &mut tmp);
            let inner = tmp.pop().unwrap_or(Op::Cpu(Dist::Fixed(0.0)));
            let idx = prog.pool.len() as u16;
            prog.pool.push(inner);
            out.push(Op::SyncToAsync { inner: idx, thread_sensitive: *thread_sensitive });
        }
        (Step::SyncToAsync { step, .. }, Context::Thread) => lower(step, Context::Thread, false, prog, out),
    }
}

fn push_nonzero(out: &mut Vec<Op>, op: Op, d: &Dist) {
    if !d.is_zero() {
        out.push(op);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_every_form() {
        let d: Dist = serde_json::from_str("100").unwrap();
        assert_eq!(d, Dist::Fixed(100.0));
        let d: Dist = serde_json::from_str(r#"{"exp": 5}"#).unwrap();
        assert_eq!(d, Dist::Exp(5.0));
        let d: Dist = serde_json::from_str(r#"{"lognormal": {"mean": 5, "cv": 0.5}}"#).unwrap();
        assert_eq!(d, Dist::LogNormal { mean_ms: 5.0, cv: 0.5 });
        let err = serde_json::from_str::<Dist>(r#"{"gamma": 5}"#).unwrap_err().to_string();
        assert!(err.contains("gamma"), "{err}");
        for d in [Dist::Fixed(1.5), Dist::Exp(2.0), Dist::LogNormal { mean_ms: 3.0, cv: 0.2 }] {
            let back: Dist = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
            assert_eq!(back, d);
        }
    }

    #[test]
    fn sampled_means_match() {
        use rand_xoshiro::rand_core::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        for d in [Dist::Exp(10.0), Dist::LogNormal { mean_ms: 10.0, cv: 1.0 }] {
            let n = 200_000;
            let mean = (0..n).map(|_| d.sample_ns(&mut rng) as f64).sum::<f64>() / n as f64 / 1e6;
            assert!((mean - 10.0).abs() < 0.15, "{d:?} mean {mean}");
        }
    }

    #[test]
    fn gather_lowers_per_context() {
        let steps = vec![Step::Gather(vec![Step::AwaitIo(Dist::Fixed(100.0)); 3])];
        let p = compile(&steps, Context::Loop, true);
        assert_eq!(p.ops, vec![Op::Gather { start: 0, len: 3 }]);
        assert_eq!(p.pool.len(), 3);
        // Sync code calls one after another.
        let sync = compile(&[Step::Gather(vec![Step::BlockingIo(Dist::Fixed(100.0)); 3])], Context::Thread, false);
        assert_eq!(sync.ops.len(), 3);
        // An async view in a WSGI worker still overlaps its awaits.
        let p = compile(&steps, Context::Thread, true);
        assert_eq!(p.ops, vec![Op::GatherIo { start: 0, len: 3 }]);
        assert_eq!(p.dists.len(), 3);
    }

    #[test]
    fn nested_gather_is_rejected_with_its_path() {
        let s = Step::Gather(vec![Step::Gather(vec![])]);
        let e = s.validate("asgi.view.steps[0]").unwrap_err();
        assert_eq!(e.field, "asgi.view.steps[0].gather[0]");
    }
}
