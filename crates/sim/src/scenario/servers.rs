//! The two servers a scenario may describe: uvicorn serving Django's ASGI handler and gunicorn serving its WSGI
//! handler, each with the view it serves, and the framework overheads fitted on real Django.

use crate::handler::{Step, ViewKind};
use serde::{Deserialize, Serialize};

/// The view a side serves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// `async` (`async def`) or `sync` (`def`).
    #[serde(default)]
    pub kind: ViewKind,
    /// The lines of the view, in order (at most `MAX_STEPS`: a longer list is rejected as soon as it passes it).
    #[serde(default, deserialize_with = "crate::handler::bounded_steps")]
    pub steps: Vec<Step>,
}

/// uvicorn serving Django's ASGI handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsgiConfig {
    /// uvicorn worker processes, one event loop each (1–16).
    #[serde(default = "one")]
    pub processes: u32,
    /// The view.
    pub view: View,
    /// CPU per request for uvicorn's HTTP handling and Django's request cycle, in ms (default
    /// `ASGI_OVERHEAD_MS`). Split over the cycle's parts (`handler::ASGI_BEFORE`, `ASGI_AFTER`): most on the
    /// loop, interleaved with other requests, some on the request's own thread.
    #[serde(default = "default_asgi_overhead")]
    pub overhead_ms: f64,
    /// Whether the sockets set `TCP_NODELAY` (default true). uvicorn 0.54 with `--workers N` and gunicorn's
    /// `UvicornWorker` do not (uvicorn issue 3149): each response then waits for the client's delayed ACK.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub tcp_nodelay: bool,
    /// Listen backlog: connections not yet accepted beyond this are refused (default 2048, uvicorn's).
    #[serde(default = "default_backlog")]
    pub backlog: u32,
    /// Threads of the loop's default executor (`thread_sensitive=False`); default min(32, cores + 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_threads: Option<u32>,
    /// Seconds before a dead process is running again (default 1).
    #[serde(default = "default_restart_s")]
    pub restart_s: f64,
}

/// gunicorn's worker class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WorkerClass {
    /// One request per process at a time.
    #[default]
    Sync,
    /// `threads` requests per process, sharing the process's GIL.
    Gthread,
}

/// gunicorn serving Django's WSGI handler.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WsgiConfig {
    /// Worker processes (1–200).
    #[serde(default = "default_workers")]
    pub workers: u32,
    /// `sync` or `gthread`.
    #[serde(default)]
    pub worker_class: WorkerClass,
    /// Threads per process (1–64). More than one turns a `sync` worker class into `gthread`, as gunicorn does.
    #[serde(default = "one")]
    pub threads: u32,
    /// The view.
    pub view: View,
    /// CPU per request for gunicorn's HTTP handling and Django's request/response cycle, in ms (default
    /// `WSGI_OVERHEAD_MS`), one burst on the worker thread.
    #[serde(default = "default_wsgi_overhead")]
    pub overhead_ms: f64,
    /// Listen backlog (default 2048, gunicorn's).
    #[serde(default = "default_backlog")]
    pub backlog: u32,
    /// Seconds a sync worker may spend on one request before the master kills it (default 30; 0 = never).
    #[serde(default = "default_timeout")]
    pub timeout_s: f64,
    /// Restart a worker after this many requests (0 = never, gunicorn's default).
    #[serde(default)]
    pub max_requests: u32,
    /// Add a random 0..=jitter to each worker's `max_requests`.
    #[serde(default)]
    pub max_requests_jitter: u32,
    /// Seconds from a worker's exit to its replacement serving (default 1: Django imports without `preload_app`).
    #[serde(default = "default_restart_s")]
    pub restart_s: f64,
}

impl WsgiConfig {
    /// The worker class gunicorn actually runs: `gthread` when `threads` > 1, whatever `worker_class` says
    /// (gunicorn: "if you try to use the sync worker type and set the threads setting to more than 1, the gthread
    /// worker type will be used instead").
    pub fn effective_worker_class(&self) -> WorkerClass {
        if self.threads > 1 {
            WorkerClass::Gthread
        } else {
            self.worker_class
        }
    }
}

fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn default_workers() -> u32 {
    4
}
fn default_backlog() -> u32 {
    2048
}
fn default_timeout() -> f64 {
    30.0
}
fn default_restart_s() -> f64 {
    1.0
}
fn default_asgi_overhead() -> f64 {
    ASGI_OVERHEAD_MS
}
fn default_wsgi_overhead() -> f64 {
    WSGI_OVERHEAD_MS
}

/// uvicorn + Django's ASGI handler: CPU per request (loop and the request's thread), ms. Fitted on real Django
/// 5.2 on this project's machine kind (`bench/django/measured/2026-11-28.json`): a trivial `async def` view on one
/// uvicorn process at 10 connections answered 429 req/s, one GIL fully busy (2.48 ms of CPU per request,
/// measured), and the engine matches that throughput at 2.3. The other concurrencies are held out:
/// `docs/fidelity.md`.
pub const ASGI_OVERHEAD_MS: f64 = 2.3;
/// gunicorn (sync and gthread) + Django's WSGI handler: CPU per request, ms. Fitted on the same measurement:
/// 4 sync workers at 10 connections, 3679 req/s with the load generator on the same cores (0.465 ms of server
/// CPU per request, measured). One value serves both worker classes within the machine's noise.
pub const WSGI_OVERHEAD_MS: f64 = 0.47;
