//! What shaped a run besides what the scenario file says: the defaults that applied (a field the file left
//! out) and the adjustments the servers make on their own (gunicorn turning `sync` into `gthread`). A textbook
//! M/M/c scenario that leaves out `overhead_ms`, for example, runs with `WSGI_OVERHEAD_MS` of framework CPU per request on
//! 2 cores, which moves its mean wait a long way from Erlang C: the CLI says so (`--explain`, and `notes`).

use super::{AsgiConfig, Scenario, WorkerClass, WsgiConfig, DEFAULT_CELERY_MAX_QUEUED};
use crate::handler::Step;
use serde::Serialize;
use serde_json::{json, Value};

/// A default that applied: the field, the value used, and what it does.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explained {
    /// Dotted path of the field the scenario left out.
    pub field: String,
    /// The value used.
    pub value: Value,
    /// What it does.
    pub meaning: &'static str,
    /// True if it changes response times (false: memory accounting, labels, the seed).
    pub timing: bool,
}

/// Everything that shaped a run besides the scenario's own fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Explanation {
    /// Defaults that applied, in the order of the format's documentation.
    pub defaults: Vec<Explained>,
    /// Settings the simulated servers change on their own, as the real ones do.
    pub adjustments: Vec<String>,
}

impl Explanation {
    /// Short notes for the CLI's output: the adjustments, then the defaults that change response times.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.adjustments.clone();
        let timing: Vec<String> =
            self.defaults.iter().filter(|d| d.timing).map(|d| format!("{} = {}", d.field, d.value)).collect();
        if !timing.is_empty() {
            notes.push(format!(
                "defaults that shape response times: {} (--explain says what each does)",
                timing.join(", ")
            ));
        }
        notes
    }
}

fn walk<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
    for s in steps {
        out.push(s);
        match s {
            Step::Gather(children) => walk(children, out),
            Step::SyncToAsync { step, .. } => walk(std::slice::from_ref(step), out),
            _ => {}
        }
    }
}

/// Collects the defaults that applied: a field is listed only if the raw document leaves it out.
struct Defaults<'a> {
    /// The scenario as written.
    raw: &'a Value,
    /// The defaults found so far.
    list: Vec<Explained>,
}

impl Defaults<'_> {
    /// Lists `path` with the `value` used, unless the document gives it.
    fn add(&mut self, path: &str, value: Value, meaning: &'static str, timing: bool) {
        let pointer = format!("/{}", path.replace('.', "/"));
        if self.raw.pointer(&pointer).is_none() {
            self.list.push(Explained { field: path.to_string(), value, meaning, timing });
        }
    }
}

/// What shaped the run of `sc`, parsed from `raw` (the same JSON document: it tells which fields were given).
pub fn explain(raw: &Value, sc: &Scenario) -> Explanation {
    let mut d = Defaults { raw, list: Vec::new() };
    let mut adjustments = Vec::new();
    explain_traffic_and_machine(&mut d, sc);
    let mut steps = Vec::new();
    if let Some(a) = &sc.asgi {
        walk(&a.view.steps, &mut steps);
        explain_asgi(&mut d, sc, a);
    }
    if let Some(w) = &sc.wsgi {
        walk(&w.view.steps, &mut steps);
        explain_wsgi(&mut d, sc, w, &mut adjustments);
    }
    explain_resources(&mut d, sc, &steps);
    Explanation { defaults: d.list, adjustments }
}

/// The seed, the warm-up, the users' think time and the machine.
fn explain_traffic_and_machine(d: &mut Defaults, sc: &Scenario) {
    d.add("seed", json!(sc.seed), "seed of every random draw", false);
    d.add("warmup_s", json!(sc.warmup_s), "seconds left out of rates and latencies at the start", false);
    if sc.traffic.kind == super::TrafficKind::Closed {
        d.add("traffic.think", json!(0), "ms between an answer and the user's next request (as `ab`)", true);
    }
    d.add("machine.cores", json!(sc.machine.cores), "cores shared by every process of the side", true);
    d.add(
        "machine.context_switch_us",
        json!(sc.machine.context_switch_us),
        "µs per context switch, paid when more processes want CPU than there are cores",
        true,
    );
}

/// uvicorn's defaults: its processes, the view's kind, the overhead, the backlog, the executor (if the view
/// uses it) and the restart time (which shapes response times only if a process crashes).
fn explain_asgi(d: &mut Defaults, sc: &Scenario, a: &AsgiConfig) {
    d.add("asgi.processes", json!(a.processes), "uvicorn worker processes, one event loop each", true);
    d.add("asgi.view.kind", json!("async"), "`async def` view", true);
    d.add(
        "asgi.overhead_ms",
        json!(a.overhead_ms),
        "ms of CPU per request on the loop (uvicorn HTTP + Django), before the view's first step; 0 for a \
         textbook queue",
        true,
    );
    d.add("asgi.backlog", json!(a.backlog), "listen backlog: connections beyond it are refused", true);
    let uses_executor = a.view.steps.iter().any(|s| {
        let mut all = Vec::new();
        walk(std::slice::from_ref(s), &mut all);
        all.iter().any(|s| matches!(s, Step::SyncToAsync { thread_sensitive: false, .. }))
    });
    if uses_executor {
        d.add(
            "asgi.executor_threads",
            json!((sc.machine.cores + 4).min(32)),
            "threads of the loop's default executor: min(32, cores + 4)",
            true,
        );
    }
    let crashes = sc.faults.iter().any(|f| f.side == super::Side::Asgi);
    d.add("asgi.restart_s", json!(a.restart_s), "s from a crash to the process serving again", crashes);
}

/// gunicorn's defaults (the timeout only for sync workers; the restart time shapes response times only if
/// workers exit), and its turning `sync` with threads into `gthread`.
fn explain_wsgi(d: &mut Defaults, sc: &Scenario, w: &WsgiConfig, adjustments: &mut Vec<String>) {
    d.add("wsgi.workers", json!(w.workers), "gunicorn worker processes", true);
    d.add("wsgi.worker_class", json!("sync"), "one request per worker at a time", true);
    d.add("wsgi.view.kind", json!("async"), "`async def` view (a private event loop per request)", true);
    d.add(
        "wsgi.overhead_ms",
        json!(w.overhead_ms),
        "ms of CPU per request (Django's request/response cycle), before the view's first step; 0 for a \
         textbook queue",
        true,
    );
    d.add("wsgi.backlog", json!(w.backlog), "listen backlog: connections beyond it are refused", true);
    if w.effective_worker_class() == WorkerClass::Sync {
        d.add("wsgi.timeout_s", json!(w.timeout_s), "a sync worker busy longer than this is killed", true);
    }
    // Workers exit on a crash, a timeout (sync only) or `max_requests`: only then does the restart time matter.
    let exits = sc.faults.iter().any(|f| f.side == super::Side::Wsgi)
        || w.max_requests > 0
        || (w.effective_worker_class() == WorkerClass::Sync && w.timeout_s > 0.0);
    d.add("wsgi.restart_s", json!(w.restart_s), "s from a worker's exit to its replacement serving", exits);
    if w.worker_class == WorkerClass::Sync && w.threads > 1 {
        adjustments.push(format!(
            "wsgi: `threads` = {} with `worker_class` = sync runs the gthread worker, as gunicorn does (so \
             `timeout_s` does not kill long requests)",
            w.threads
        ));
    }
}

/// The DB pool and the Celery pool (only if some step of either view uses them), and the memory accounting.
fn explain_resources(d: &mut Defaults, sc: &Scenario, steps: &[&Step]) {
    let has = |f: fn(&Step) -> bool| steps.iter().any(|s| f(s));
    if has(|s| matches!(s, Step::Db(_))) {
        d.add("db.pool", Value::Null, "no pool limit: every query gets a connection at once", true);
    }
    if has(|s| matches!(s, Step::Offload(_))) {
        d.add("celery.workers", json!(sc.celery.workers), "Celery worker processes on the same machine", true);
        d.add(
            "celery.max_queued",
            json!(DEFAULT_CELERY_MAX_QUEUED),
            "tasks the broker holds; a publish beyond it fails its request",
            true,
        );
    }
    d.add("memory.process_mb", json!(sc.memory.process_mb), "MB counted per process", false);
    d.add("memory.thread_stack_kb", json!(sc.memory.thread_stack_kb), "KB counted per extra thread", false);
    d.add("memory.coroutine_kb", json!(sc.memory.coroutine_kb), "KB counted per coroutine", false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str) -> Explanation {
        let raw: Value = serde_json::from_str(text).unwrap();
        explain(&raw, &Scenario::from_json(text).unwrap())
    }

    #[test]
    fn a_textbook_queue_is_told_about_the_framework_overhead() {
        let e = ex(r#"{"traffic": {"kind": "open", "rate_per_s": 180, "requests": 1000},
            "wsgi": {"workers": 2, "view": {"kind": "sync", "steps": [{"cpu": {"exp": 10}}]}}}"#);
        let fields: Vec<&str> = e.defaults.iter().map(|d| d.field.as_str()).collect();
        for f in ["machine.cores", "machine.context_switch_us", "wsgi.overhead_ms", "wsgi.timeout_s", "seed"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        for f in ["wsgi.workers", "wsgi.view.kind", "db.pool", "celery.workers", "asgi.overhead_ms"] {
            assert!(!fields.contains(&f), "{f} should not be listed: {fields:?}");
        }
        let notes = e.notes().join("\n");
        assert!(notes.contains("wsgi.overhead_ms = 0.4") && notes.contains("machine.cores = 2"), "{notes}");
        assert!(!notes.contains("memory."), "{notes}");
        // Given fields are not listed.
        let e = ex(r#"{"traffic": {"kind": "open", "rate_per_s": 180, "requests": 1000},
            "machine": {"cores": 2, "context_switch_us": 0},
            "wsgi": {"workers": 2, "overhead_ms": 0, "view": {"kind": "sync", "steps": [{"cpu": {"exp": 10}}]}}}"#);
        assert!(e.defaults.iter().all(|d| !d.field.starts_with("machine.") && d.field != "wsgi.overhead_ms"));
    }

    #[test]
    fn sync_with_threads_is_reported_as_gthread() {
        let e = ex(r#"{"traffic": {"kind": "closed", "users": 5, "requests": 10},
            "wsgi": {"threads": 64, "view": {"kind": "sync", "steps": [{"db": 5}, {"offload": 10}]}}}"#);
        assert_eq!(e.adjustments.len(), 1);
        assert!(e.adjustments[0].contains("gthread"), "{:?}", e.adjustments);
        let fields: Vec<&str> = e.defaults.iter().map(|d| d.field.as_str()).collect();
        assert!(fields.contains(&"db.pool") && fields.contains(&"celery.max_queued"), "{fields:?}");
        // gthread workers are not killed by the timeout: its default is not listed.
        assert!(!fields.contains(&"wsgi.timeout_s"), "{fields:?}");
    }
}
