//! The running lab: both simulations advanced together against the wall clock. No browser types here, so it is
//! tested natively; the `use_lab` hook owns one `Lab` and calls it once per animation frame.

use crate::model::Params;
use sim::{Side, Sim, Snapshot};

/// Most events one side may process in one frame. Bounds the work per frame whatever the settings; when the
/// simulation needs more, simulated time slows down instead of the page freezing.
pub const EVENTS_PER_FRAME: u64 = 20_000;

/// Most request dots each side hands to the painter.
pub const MAX_DOTS: usize = 600;

/// Most events one side may process per frame while seeking (replaying to a chosen time): larger than a normal
/// frame's budget because nothing else is drawn meanwhile, small enough to keep a frame under ~20 ms.
pub const SEEK_EVENTS_PER_FRAME: u64 = 60_000;

/// Both sides of one picture.
pub struct Lab {
    /// The parameters it was built from.
    pub params: Params,
    /// ASGI, then WSGI.
    pub sims: [Sim; 2],
    /// Snapshots refreshed after each advance (buffers reused).
    pub snaps: [Snapshot; 2],
    /// Simulated time both sides have reached, ns.
    pub t_ns: u64,
    /// True when the last frame ran out of budget (the simulation is slower than requested).
    pub lagging: bool,
    /// The furthest simulated time reached so far, ns (the end of the scrub bar).
    pub t_max_ns: u64,
}

impl Lab {
    /// Builds both sides from the parameters.
    pub fn new(params: &Params) -> Result<Lab, sim::ScenarioError> {
        let sc = params.scenario();
        let sims = [Sim::new(&sc, Side::Asgi)?, Sim::new(&sc, Side::Wsgi)?];
        let mut lab =
            Lab { params: params.clone(), sims, snaps: Default::default(), t_ns: 0, lagging: false, t_max_ns: 0 };
        lab.refresh();
        Ok(lab)
    }

    /// Advances both sides by `dt_ns` of simulated time, within the per-frame event budget. When a side runs out
    /// of budget it stops short; the lab's clock is the earlier side's, and the next frame continues from there,
    /// so the sides are in step whenever the simulation keeps up and at most one frame apart when it does not.
    pub fn advance(&mut self, dt_ns: u64) {
        let target = self.t_ns.saturating_add(dt_ns);
        let mut reached = true;
        for s in &mut self.sims {
            reached &= s.step_until_budget(target, EVENTS_PER_FRAME);
        }
        self.lagging = !reached;
        self.t_ns = self.sims[0].now().min(self.sims[1].now());
        self.t_max_ns = self.t_max_ns.max(self.t_ns);
        self.refresh();
    }

    /// Moves toward simulated time `target_ns`, replaying from the seed (a fresh lab) if it lies in the past,
    /// handling at most `budget` events per side. Returns true once both sides are at the target. Deterministic:
    /// going back and forward again reproduces the same state.
    pub fn seek(&mut self, target_ns: u64, budget: u64) -> bool {
        if target_ns < self.t_ns {
            let t_max = self.t_max_ns;
            if let Ok(fresh) = Lab::new(&self.params) {
                *self = fresh;
            }
            self.t_max_ns = t_max;
        }
        let mut reached = true;
        for s in &mut self.sims {
            reached &= s.step_until_budget(target_ns, budget);
        }
        self.t_ns = self.sims[0].now().min(self.sims[1].now());
        self.t_max_ns = self.t_max_ns.max(self.t_ns);
        self.refresh();
        reached
    }

    /// Handles exactly one event on the side whose next event comes first, then brings the other to that time.
    pub fn step_one(&mut self) -> bool {
        let next: Vec<Option<u64>> = self.sims.iter_mut().map(|s| s.next_time()).collect();
        let pick = match (next[0], next[1]) {
            (Some(a), Some(b)) => usize::from(b < a),
            (Some(_), None) => 0,
            (None, Some(_)) => 1,
            (None, None) => return false,
        };
        self.sims[pick].step();
        let t = self.sims[pick].now();
        // The other side's next event is at t or later: move its clock up to t, handling nothing.
        self.sims[1 - pick].idle_until(t);
        self.t_ns = t;
        self.t_max_ns = self.t_max_ns.max(t);
        self.refresh();
        true
    }

    fn refresh(&mut self) {
        for (s, snap) in self.sims.iter().zip(self.snaps.iter_mut()) {
            s.snapshot_into(snap, MAX_DOTS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IoStyle;

    #[test]
    fn both_sides_stay_in_step_and_budget_bounds_work() {
        let mut lab = Lab::new(&Params { users: 5000, cpu_ms: 0.0, io_ms: 1.0, ..Params::default() }).unwrap();
        lab.advance(100_000_000);
        assert!(!lab.lagging);
        assert_eq!(lab.sims[0].now(), lab.sims[1].now());
        // 5000 users with 1 ms calls need far more than one frame's budget per ten simulated seconds.
        let before = lab.sims[0].events() + lab.sims[1].events();
        lab.advance(10_000_000_000);
        assert!(lab.lagging);
        assert!(lab.t_ns < 10_100_000_000);
        assert!(lab.sims[0].events() + lab.sims[1].events() - before <= 2 * EVENTS_PER_FRAME);
    }

    #[test]
    fn time_sleep_freezes_the_loop() {
        let p = Params { io: IoStyle::TimeSleep, ..Params::default() };
        let mut lab = Lab::new(&p).unwrap();
        lab.advance(500_000_000);
        let l = &lab.snaps[0].loops[0];
        assert!(l.blocked, "{l:?}");
        assert!(l.ready > 0 || lab.snaps[0].backlog > 0);
    }

    #[test]
    fn seeking_back_and_forth_reproduces_the_numbers() {
        let p = Params { users: 200, ..Params::default() };
        let mut lab = Lab::new(&p).unwrap();
        while !lab.seek(3_000_000_000, 1000) {}
        let at3 = (lab.sims[0].summary(), lab.sims[1].summary());
        while !lab.seek(5_000_000_000, 1000) {}
        while !lab.seek(1_000_000_000, 1000) {}
        assert_eq!(lab.t_ns, 1_000_000_000);
        assert_eq!(lab.t_max_ns, 5_000_000_000);
        while !lab.seek(3_000_000_000, 1000) {}
        assert_eq!((lab.sims[0].summary(), lab.sims[1].summary()), at3);
    }

    #[test]
    fn step_one_advances_one_event() {
        let mut lab = Lab::new(&Params::default()).unwrap();
        let before = lab.sims[0].events() + lab.sims[1].events();
        assert!(lab.step_one());
        assert_eq!(lab.sims[0].events() + lab.sims[1].events(), before + 1);
    }
}

/// Live numbers over the most recent part of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Recent {
    /// Completed requests per second.
    pub throughput: f64,
    /// Latency percentiles of the requests answered in the window, ms.
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Numbers over the last `window_s` seconds of finished buckets (at least one bucket).
pub fn recent(m: &sim::Metrics, window_s: f64) -> Recent {
    let s = &m.series;
    let full = ((s.end_ns() / s.width_ns) as usize).min(s.buckets.len());
    if full == 0 {
        return Recent::default();
    }
    let width_s = s.width_ns as f64 / 1e9;
    let k = ((window_s / width_s).ceil() as usize).clamp(1, full);
    let mut hist = s.buckets[full - 1].latency_us.clone();
    let mut done = 0u64;
    for b in &s.buckets[full - k..full] {
        done += b.completed as u64;
    }
    for b in &s.buckets[full - k..full - 1] {
        let _ = hist.add(&b.latency_us);
    }
    let pct = |q: f64| if hist.is_empty() { 0.0 } else { hist.value_at_quantile(q) as f64 / 1000.0 };
    Recent { throughput: done as f64 / (k as f64 * width_s), p50_ms: pct(0.5), p99_ms: pct(0.99) }
}
