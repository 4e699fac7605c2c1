//! Sweeps: the same handler at many worker counts or user counts, both sides, run in slices so that a page can
//! interleave them with painting (`work(max_events)`), and to completion natively.
//!
//! Each point runs for a simulated duration chosen so that it answers about `requests_per_point` requests
//! (estimated from the capacity bounds), with the first 20 % as warm-up. Its numbers are exactly those of running
//! `point(...)`'s scenario alone (the CLI does the same), which the tests check.

use crate::theory::{bounds, max_throughput};
use crate::{Scenario, Side, Sim, Summary, Traffic, TrafficKind};

/// What varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// gunicorn workers (the ASGI side does not depend on it; it is run once per point anyway, for a flat line).
    Workers,
    /// Concurrent users (closed loop).
    Users,
}

impl Axis {
    /// The default values swept.
    pub fn values(self) -> Vec<u32> {
        match self {
            Axis::Workers => vec![1, 2, 4, 8, 16, 32, 64, 100, 150, 200],
            Axis::Users => vec![1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        }
    }
}

/// The scenario of one sweep point: the base with the axis set to `x`, running long enough to answer about
/// `requests` requests on `side` (2 s to 1 h of simulated time), the first 20 % being warm-up.
pub fn point(base: &Scenario, axis: Axis, x: u32, side: Side, requests: u64) -> Scenario {
    let mut sc = base.clone();
    match axis {
        Axis::Workers => {
            if let Some(w) = sc.wsgi.as_mut() {
                w.workers = x;
            }
        }
        Axis::Users => {
            sc.traffic = Traffic { kind: TrafficKind::Closed, users: Some(x), rate_per_s: None, ..sc.traffic.clone() };
        }
    }
    let x_est = max_throughput(&bounds(&sc, side)).min(match sc.traffic.kind {
        TrafficKind::Open => sc.traffic.rate_per_s.unwrap_or(1.0),
        TrafficKind::Closed => f64::INFINITY,
    });
    let duration = if x_est.is_finite() && x_est > 0.0 { requests as f64 / x_est } else { 60.0 };
    let duration = duration.clamp(2.0, 3600.0);
    sc.traffic.requests = None;
    sc.traffic.duration_s = Some(duration);
    sc.warmup_s = duration * 0.2;
    sc
}

/// One result.
#[derive(Clone, Debug, PartialEq)]
pub struct PointResult {
    pub x: u32,
    pub side: Side,
    pub summary: Summary,
}

/// A sweep in progress.
pub struct Sweep {
    jobs: Vec<(u32, Side, Scenario)>,
    next: usize,
    current: Option<(u32, Side, Sim)>,
    /// Finished points, in order.
    pub results: Vec<PointResult>,
    /// Events handled so far, all points.
    pub events: u64,
    /// The first scenario error met, if any (the point is skipped).
    pub error: Option<crate::ScenarioError>,
}

impl Sweep {
    /// A sweep of `base` over `values` of `axis`, both sides present in `base`.
    pub fn new(base: &Scenario, axis: Axis, values: &[u32], requests_per_point: u64) -> Sweep {
        let mut jobs = Vec::new();
        for &x in values {
            for side in base.sides() {
                jobs.push((x, side, point(base, axis, x, side, requests_per_point)));
            }
        }
        Sweep { jobs, next: 0, current: None, results: Vec::new(), events: 0, error: None }
    }

    /// A batch of arbitrary runs; `x` labels each (an index, a worker count…).
    pub fn from_jobs(jobs: Vec<(u32, Side, Scenario)>) -> Sweep {
        Sweep { jobs, next: 0, current: None, results: Vec::new(), events: 0, error: None }
    }

    /// Number of runs in the batch.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// True for an empty batch.
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Fraction done, 0–1 (by points).
    pub fn progress(&self) -> f64 {
        if self.jobs.is_empty() {
            1.0
        } else {
            self.results.len() as f64 / self.jobs.len() as f64
        }
    }

    /// True when every point is done.
    pub fn done(&self) -> bool {
        self.next >= self.jobs.len() && self.current.is_none()
    }

    /// Does at most about `max_events` events of work. Returns true when the sweep is done.
    pub fn work(&mut self, max_events: u64) -> bool {
        let mut left = max_events;
        while left > 0 {
            if self.current.is_none() {
                let Some((x, side, sc)) = self.jobs.get(self.next).cloned() else { return true };
                self.next += 1;
                match Sim::new(&sc, side) {
                    Ok(sim) => self.current = Some((x, side, sim)),
                    Err(e) => {
                        self.error.get_or_insert(e);
                        continue;
                    }
                }
            }
            let Some((x, side, sim)) = self.current.as_mut() else { continue };
            let before = sim.events();
            let finished = sim.run_budget(left);
            let spent = sim.events() - before;
            self.events += spent;
            left = left.saturating_sub(spent.max(1));
            if finished {
                let (x, side) = (*x, *side);
                let summary = sim.summary();
                self.results.push(PointResult { x, side, summary });
                self.current = None;
            }
        }
        self.done()
    }

    /// Runs to the end.
    pub fn run(mut self) -> Vec<PointResult> {
        while !self.work(u64::MAX / 4) {}
        self.results
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_equals_its_points_run_alone() {
        let base = crate::presets::get("workers-2n-plus-1").unwrap().scenario;
        let values = [1, 4, 16];
        let results = Sweep::new(&base, Axis::Workers, &values, 2000).run();
        assert_eq!(results.len(), values.len() * 2);
        for r in &results {
            let alone = Sim::new(&point(&base, Axis::Workers, r.x, r.side, 2000), r.side).unwrap().run();
            assert_eq!(alone, r.summary);
        }
        // Throughput grows with workers until the cores bind.
        let wsgi: Vec<f64> =
            results.iter().filter(|r| r.side == Side::Wsgi).map(|r| r.summary.throughput_per_s).collect();
        assert!(wsgi[0] < wsgi[1] && wsgi[1] <= wsgi[2] * 1.01, "{wsgi:?}");
    }

    #[test]
    fn sliced_work_gives_the_same_results() {
        let base = crate::presets::get("cpu-bound").unwrap().scenario;
        let whole = Sweep::new(&base, Axis::Users, &[1, 10, 100], 1000).run();
        let mut sliced = Sweep::new(&base, Axis::Users, &[1, 10, 100], 1000);
        let mut n = 0;
        while !sliced.work(777) {
            n += 1;
        }
        assert!(n > 3);
        assert_eq!(sliced.results, whole);
        assert_eq!(sliced.progress(), 1.0);
    }
}
