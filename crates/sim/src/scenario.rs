//! The scenario format: what to simulate, as serde data (JSON). See `docs/scenario-format.md`.
//!
//! A scenario holds the traffic, the machine, and up to two servers (the ASGI side and the WSGI side) that
//! are simulated separately on identical traffic. Every field has a default except the traffic, so a
//! scenario file only says what differs. `Scenario::from_json` parses and validates; every rejection names
//! the field (`wsgi.workers`) and, for ranges, the allowed range.

mod explain;
mod servers;
mod traffic;
mod validate;

pub use explain::{explain, Explained, Explanation};
pub use servers::{AsgiConfig, View, WorkerClass, WsgiConfig, ASGI_OVERHEAD_MS, WSGI_OVERHEAD_MS};
pub use traffic::{Traffic, TrafficKind};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A rejected scenario: which field, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// Dotted path of the offending field, e.g. `wsgi.workers` or `asgi.view.steps[2].cpu`.
    pub field: String,
    /// What is wrong, including the allowed range where there is one.
    pub message: String,
}

impl ScenarioError {
    /// An error about `field`.
    pub fn new(field: &str, message: String) -> Self {
        Self { field: field.to_string(), message }
    }

    /// An out-of-range error.
    pub fn range(field: &str, unit: &str, min: f64, max: f64, got: f64) -> Self {
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        Self::new(field, format!("must be between {min} and {max}{unit} (got {got})"))
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Which server a simulation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// uvicorn: P processes, one asyncio event loop each.
    Asgi,
    /// gunicorn: W worker processes (sync, or gthread with T threads each).
    Wsgi,
}

impl Side {
    /// Both sides, ASGI first.
    pub const BOTH: [Side; 2] = [Side::Asgi, Side::Wsgi];

    /// Lower-case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Side::Asgi => "asgi",
            Side::Wsgi => "wsgi",
        }
    }
}

/// A whole scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A short name (presets use their key).
    #[serde(default)]
    pub name: String,
    /// Seed of every random draw. The same seed gives the same arrivals and the same per-request durations.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Who sends requests, and how many.
    pub traffic: Traffic,
    /// Requests that arrive before this many seconds are simulated but left out of the statistics.
    #[serde(default)]
    pub warmup_s: f64,
    /// The machine both servers run on (each side is simulated on its own copy of it).
    #[serde(default)]
    pub machine: Machine,
    /// The ASGI side (uvicorn), if simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asgi: Option<AsgiConfig>,
    /// The WSGI side (gunicorn), if simulated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsgi: Option<WsgiConfig>,
    /// The database connection pool shared by a side's processes.
    #[serde(default)]
    pub db: DbConfig,
    /// The Celery pool that `offload` steps hand work to (same machine).
    #[serde(default)]
    pub celery: CeleryConfig,
    /// Memory accounting.
    #[serde(default)]
    pub memory: MemoryModel,
    /// Injected process crashes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<Fault>,
}

fn default_seed() -> u64 {
    1
}

/// The machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Machine {
    /// CPU cores (1–64), shared by every runnable thread of every process.
    pub cores: u32,
    /// Direct cost of one context switch in microseconds, paid only when more processes want CPU than there
    /// are cores (0–1000; default 5).
    pub context_switch_us: f64,
}

impl Default for Machine {
    fn default() -> Self {
        Self { cores: 2, context_switch_us: 5.0 }
    }
}

/// The database pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct DbConfig {
    /// Connections in the pool (1–1000); none means unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<u32>,
}

/// The Celery pool.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CeleryConfig {
    /// Worker processes (1–64).
    pub workers: u32,
    /// Tasks the broker holds waiting for a worker (1–1 000 000; default 100 000). A publish beyond it is
    /// rejected: `.delay()` raises and the request fails, as with RabbitMQ's `x-max-length` and
    /// `x-overflow: reject-publish`, or Redis at `maxmemory` with `noeviction`.
    #[serde(skip_serializing_if = "is_default_max_queued")]
    pub max_queued: u32,
}

/// Default capacity of the Celery broker, in tasks.
pub const DEFAULT_CELERY_MAX_QUEUED: u32 = 100_000;

fn is_default_max_queued(v: &u32) -> bool {
    *v == DEFAULT_CELERY_MAX_QUEUED
}

impl Default for CeleryConfig {
    fn default() -> Self {
        Self { workers: 4, max_queued: DEFAULT_CELERY_MAX_QUEUED }
    }
}

/// Memory accounting, with the post's figures as defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MemoryModel {
    /// Resident size of one Django process (the post: ≈ 50 MB per worker).
    pub process_mb: f64,
    /// Memory counted per extra OS thread (the post: 8 MB — the default stack reservation; resident use is far smaller).
    pub thread_stack_kb: f64,
    /// Memory per coroutine / in-flight async request (the post: "KB").
    pub coroutine_kb: f64,
}

impl Default for MemoryModel {
    fn default() -> Self {
        Self { process_mb: 50.0, thread_stack_kb: 8192.0, coroutine_kb: 5.0 }
    }
}

/// A process crash at a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// When, in seconds.
    pub at_s: f64,
    /// Which side.
    pub side: Side,
    /// Which process of that side (uvicorn process or gunicorn worker index).
    #[serde(default)]
    pub process: u32,
}

/// Allowed ranges, shared by validation, the CLI's messages and the app's sliders.
pub mod limits {
    /// Concurrent users.
    pub const USERS: (u32, u32) = (1, 5000);
    /// Open-loop arrival rate, requests per second.
    pub const RATE_PER_S: (f64, f64) = (0.001, 100_000.0);
    /// Requests per run.
    pub const REQUESTS: (u64, u64) = (1, 50_000_000);
    /// Sending time, seconds.
    pub const DURATION_S: (f64, f64) = (0.001, 86_400.0);
    /// Cores.
    pub const CORES: (u32, u32) = (1, 64);
    /// uvicorn processes.
    pub const PROCESSES: (u32, u32) = (1, 16);
    /// gunicorn workers.
    pub const WORKERS: (u32, u32) = (1, 200);
    /// gthread threads per worker.
    pub const THREADS: (u32, u32) = (1, 64);
    /// DB pool size.
    pub const DB_POOL: (u32, u32) = (1, 1000);
    /// Celery workers.
    pub const CELERY_WORKERS: (u32, u32) = (1, 64);
    /// Tasks the Celery broker holds.
    pub const CELERY_MAX_QUEUED: (u32, u32) = (1, 1_000_000);
    /// Largest scenario file the CLI reads, bytes.
    pub const FILE_BYTES: usize = 1 << 20;
    /// Executor threads.
    pub const EXECUTOR_THREADS: (u32, u32) = (1, 1024);
    /// Listen backlog.
    pub const BACKLOG: (u32, u32) = (1, 65_535);
    /// Framework overhead per request, ms.
    pub const OVERHEAD_MS: (f64, f64) = (0.0, 1000.0);
}

impl Scenario {
    /// Parses JSON and validates it. Errors name the field (`wsgi.workers`) and the allowed range.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let sc: Scenario = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            // A document that is not an object at all, or not JSON, is rejected as a whole (as is an empty key).
            let field = if matches!(path.as_str(), "." | "?" | "") { "(scenario)".to_string() } else { path };
            ScenarioError::new(&field, e.into_inner().to_string())
        })?;
        // Only whitespace may follow the scenario: anything else is a second document or a truncated edit.
        de.end().map_err(|e| ScenarioError::new("(scenario)", format!("unexpected text after the scenario: {e}")))?;
        sc.validate()?;
        Ok(sc)
    }

    /// Serialises to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The sides this scenario describes, ASGI first.
    pub fn sides(&self) -> Vec<Side> {
        Side::BOTH
            .into_iter()
            .filter(|s| match s {
                Side::Asgi => self.asgi.is_some(),
                Side::Wsgi => self.wsgi.is_some(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(s)
    }

    const MIN: &str = r#"{"traffic": {"kind": "closed", "users": 10, "requests": 100},
        "wsgi": {"view": {"kind": "sync", "steps": [{"blocking_io": 100}]}}}"#;

    #[test]
    fn minimal_scenario_gets_defaults() {
        let sc = parse(MIN).unwrap();
        assert_eq!(sc.machine.cores, 2);
        assert_eq!(sc.wsgi.as_ref().unwrap().workers, 4);
        assert_eq!(sc.wsgi.as_ref().unwrap().timeout_s, 30.0);
        assert_eq!(sc.sides(), vec![Side::Wsgi]);
        let back = parse(&sc.to_json()).unwrap();
        assert_eq!(back, sc);
    }

    #[test]
    fn rejections_name_the_field() {
        let cases = [
            (MIN.replace("\"users\": 10", "\"users\": 0"), "traffic.users"),
            (MIN.replace("\"users\": 10", "\"users\": 10, \"colour\": 1"), "traffic"),
            (MIN.replace("{\"blocking_io\": 100}", "{\"blocking_io\": -1}"), "wsgi.view.steps[0].blocking_io"),
            (MIN.replace("{\"blocking_io\": 100}", "{\"sleep\": 1}"), "wsgi.view.steps[0]"),
            (MIN.replace("\"view\"", "\"workers\": 500, \"view\""), "wsgi.workers"),
            (MIN.replace("\"requests\": 100", "\"requests\": \"many\""), "traffic.requests"),
        ];
        for (text, field) in cases {
            let e = parse(&text).unwrap_err();
            assert!(e.field.starts_with(field), "expected {field}, got {e}");
        }
        let e = parse("{not json").unwrap_err();
        assert!(e.message.contains("line 1"), "{e}");
        // Found by the fuzzer: an empty key.
        let e = parse(r#"{"", "x": 1}"#).unwrap_err();
        assert_eq!(e.field, "(scenario)");
        for text in ["", "{", "[]", "null", r#"{"traffic": }"#] {
            assert!(!parse(text).unwrap_err().field.is_empty(), "{text}");
        }
        let e = parse(&MIN.replace("\"view\"", "\"workers\": 500, \"view\"")).unwrap_err();
        assert!(e.message.contains("between 1 and 200"), "{e}");
    }
}
