//! Running a side with progress on standard error, and its result as JSON: the library's `Summary` plus the
//! wait distribution, what the bounds did, and the run's wall time and speed.

use super::io::say;
use serde_json::{json, Value};
use sim::time::{ns_to_s, HORIZON_NS};
use sim::{Scenario, ScenarioError, Side, Sim, Summary};
use std::time::{Duration, Instant};

/// Events between two looks at the wall clock (a few ms of work).
const CHUNK: u64 = 1 << 16;
/// Time between two progress lines.
const EVERY: Duration = Duration::from_secs(2);

/// Progress lines on standard error, at most one every `EVERY`, and a last one per run once any was printed
/// (or always, with `--progress`).
pub struct Progress {
    enabled: bool,
    always: bool,
    printed: bool,
    last: Instant,
}

impl Progress {
    pub fn new(enabled: bool, always: bool) -> Self {
        Progress { enabled: enabled || always, always, printed: false, last: Instant::now() }
    }

    /// Prints `line()` if progress is on and `EVERY` has passed since the last line.
    pub fn tick(&mut self, line: impl FnOnce() -> String) {
        if self.enabled && self.last.elapsed() >= EVERY {
            self.last = Instant::now();
            self.printed = true;
            say(&line());
        }
    }

    /// Prints `line()` at the end of a run if progress lines were shown (or asked for).
    pub fn done(&mut self, line: impl FnOnce() -> String) {
        if self.enabled && (self.always || self.printed) {
            say(&line());
        }
    }
}

/// One side's run.
pub struct SideRun {
    pub side: Side,
    pub summary: Summary,
    pub wait_p50_ms: f64,
    pub wait_p99_ms: f64,
    pub celery_rejected: u64,
    pub horizon_reached: bool,
    pub wall_s: f64,
}

fn progress_line(sc: &Scenario, sim: &mut Sim, started: Instant) -> String {
    let wall = started.elapsed().as_secs_f64();
    let by_count = sc.traffic.requests().map(|n| sim.sent() as f64 / n as f64);
    let by_time = sc.traffic.duration_s().map(|d| ns_to_s(sim.now()) / d);
    let sending = match (by_count, by_time) {
        (Some(a), Some(b)) => a.max(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => 0.0,
    };
    let stage = if sim.finished() {
        "finished".to_string()
    } else if sending >= 1.0 {
        "sending done, finishing what is in flight".to_string()
    } else {
        format!("{:.0} % sent", sending * 100.0)
    };
    format!(
        "{}: {stage}; {:.1} s simulated, {} requests sent, {} in flight, {:.1} M events ({:.1} M/s), {:.0} s wall",
        sim.side().name(),
        ns_to_s(sim.now()),
        sim.sent(),
        sim.in_flight(),
        sim.events() as f64 / 1e6,
        sim.events() as f64 / 1e6 / wall.max(1e-9),
        wall
    )
}

/// Runs one side to the end.
pub fn run_side(sc: &Scenario, side: Side, progress: &mut Progress) -> Result<SideRun, ScenarioError> {
    let started = Instant::now();
    let mut sim = Sim::new(sc, side)?;
    sim.track_waits();
    while !sim.run_budget(CHUNK) {
        progress.tick(|| progress_line(sc, &mut sim, started));
    }
    progress.done(|| progress_line(sc, &mut sim, started));
    Ok(SideRun {
        side,
        summary: sim.summary(),
        wait_p50_ms: sim.wait_percentile_ms(50.0).unwrap_or(0.0),
        wait_p99_ms: sim.wait_percentile_ms(99.0).unwrap_or(0.0),
        celery_rejected: sim.celery_rejected(),
        horizon_reached: sim.horizon_reached(),
        wall_s: started.elapsed().as_secs_f64(),
    })
}

impl SideRun {
    /// The summary's fields, then the CLI's own (docs/cli.md).
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(&self.summary).unwrap_or_default();
        if let Value::Object(m) = &mut v {
            let s = &self.summary;
            m.insert(
                "wait_ms".into(),
                json!({ "mean": s.split_ms.queued, "p50": self.wait_p50_ms, "p99": self.wait_p99_ms }),
            );
            m.insert("celery_rejected".into(), json!(self.celery_rejected));
            m.insert("horizon_reached".into(), json!(self.horizon_reached));
            m.insert("wall_ms".into(), json!(self.wall_s * 1e3));
            m.insert("events_per_s".into(), json!(s.events as f64 / self.wall_s.max(1e-9)));
        }
        v
    }

    /// Notes about what the bounds did in this run.
    pub fn notes(&self) -> Vec<String> {
        let side = self.side.name();
        let mut notes = Vec::new();
        if self.celery_rejected > 0 {
            notes.push(format!(
                "{side}: the Celery broker was full (celery.max_queued): {} publishes were rejected and their requests \
                 counted as failed",
                self.celery_rejected
            ));
        }
        if self.horizon_reached {
            notes.push(format!(
                "{side}: stopped at the simulation horizon ({:.3e} s of simulated time) with {} requests in flight",
                ns_to_s(HORIZON_NS),
                self.summary.in_flight
            ));
        }
        notes
    }
}
