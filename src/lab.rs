//! The running lab: both simulations advanced together against the wall clock. No browser types here, so it is
//! tested natively; the `use_lab` hook owns one `Lab` and calls it once per animation frame.

use crate::model::Params;
use sim::snapshot::ReqView;
use sim::window::LIVE_WINDOW_S;
use sim::{Side, Sim, Snapshot};

/// Most events one side may process in one frame. The frame's time budget (`advance_within`) usually stops it
/// first; this bounds the work per frame whatever the settings. When the simulation needs more, simulated time
/// slows down instead of the page freezing.
pub const EVENTS_PER_FRAME: u64 = 100_000;

/// Events per side between two looks at the clock (`advance_within`).
pub const SLICE_EVENTS: u64 = 2_000;

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
    /// Requests the reader has sent by hand.
    pub extra_sent: u64,
}

impl Lab {
    /// Builds both sides from the parameters.
    pub fn new(params: &Params) -> Result<Lab, sim::ScenarioError> {
        let sc = params.scenario();
        let sims = [Sim::new(&sc, Side::Asgi)?, Sim::new(&sc, Side::Wsgi)?];
        let mut lab = Lab {
            params: params.clone(),
            sims,
            snaps: Default::default(),
            t_ns: 0,
            lagging: false,
            t_max_ns: 0,
            extra_sent: 0,
        };
        lab.refresh();
        Ok(lab)
    }

    /// Advances both sides by `dt_ns` of simulated time, within the per-frame event budget. When a side runs out
    /// of budget it stops short; the lab's clock is the earlier side's, and the next frame continues from there,
    /// so the sides are in step whenever the simulation keeps up and at most one frame apart when it does not.
    pub fn advance(&mut self, dt_ns: u64) {
        self.advance_within(dt_ns, &mut || true);
    }

    /// `advance`, in slices of `SLICE_EVENTS` events per side, stopping early when `more()` says the frame's
    /// time is up: a slower or busy machine then gets slower simulated time, not a longer frame.
    pub fn advance_within(&mut self, dt_ns: u64, more: &mut dyn FnMut() -> bool) {
        let target = self.t_ns.saturating_add(dt_ns);
        let mut spent = 0;
        let reached = loop {
            let mut reached = true;
            for s in &mut self.sims {
                reached &= s.step_until_budget(target, SLICE_EVENTS);
            }
            spent += SLICE_EVENTS;
            if reached || spent >= EVENTS_PER_FRAME || !more() {
                break reached;
            }
        };
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

    /// Sends one request by hand on both sides at the lab's time (the same request: same id, same durations).
    /// Returns its id to follow. Sides are brought to the same time first.
    pub fn send_extra(&mut self) -> Option<u64> {
        let t = self.t_ns;
        for s in &mut self.sims {
            if s.now() < t {
                s.step_until(t);
            }
        }
        let n = self.extra_sent;
        let ids: Vec<Option<u64>> = self.sims.iter_mut().map(|s| s.send_extra(n)).collect();
        self.extra_sent += 1;
        self.refresh();
        ids[0].or(ids[1])
    }

    /// Crashes the first worker (WSGI) and the first uvicorn process (ASGI) at the lab's time, as a scenario's
    /// fault would (the request-by-request difference the fault-isolation scene is about). Returns whether
    /// anything was crashed (a process already down is left alone).
    pub fn crash(&mut self) -> bool {
        let t = self.t_ns;
        for s in &mut self.sims {
            if s.now() < t {
                s.step_until(t);
            }
        }
        let crashed = self.sims.iter_mut().map(|s| s.crash(0)).fold(false, |a, b| a | b);
        self.refresh();
        crashed
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
        // 5000 users with 1 ms calls need far more than one frame's budget per hundred simulated seconds.
        let before = lab.sims[0].events() + lab.sims[1].events();
        lab.advance(100_000_000_000);
        assert!(lab.lagging);
        assert!(lab.t_ns < 100_100_000_000);
        assert!(lab.sims[0].events() + lab.sims[1].events() - before <= 2 * EVENTS_PER_FRAME);
    }

    #[test]
    fn a_frame_whose_time_is_up_stops_early_and_lags() {
        let mut lab = Lab::new(&Params { users: 5000, cpu_ms: 0.0, io_ms: 1.0, ..Params::default() }).unwrap();
        let mut looks = 0;
        lab.advance_within(10_000_000_000, &mut || {
            looks += 1;
            looks < 2
        });
        assert!(lab.lagging);
        assert_eq!(looks, 2, "it looked at the clock after each slice until told to stop");
        assert!(lab.sims[0].events() + lab.sims[1].events() <= 4 * SLICE_EVENTS + 10);
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
    fn crashing_now_fails_one_request_on_a_worker_and_all_on_a_loop() {
        let mut lab = Lab::new(&Params { users: 40, ..Params::default() }).unwrap();
        lab.advance(1_000_000_000);
        assert!(lab.crash());
        let (a, w) = (lab.sims[0].summary(), lab.sims[1].summary());
        assert!(a.failed > 1, "{a:?}");
        assert_eq!(w.failed, 1, "{w:?}");
        // Both are down until their restart: a second press does nothing.
        assert!(!lab.crash());
    }

    #[test]
    fn a_request_sent_by_hand_is_the_same_request_on_both_sides() {
        let mut lab = Lab::new(&Params { users: 1, ..Params::default() }).unwrap();
        lab.advance(50_000_000);
        let id = lab.send_extra().unwrap();
        let a = lab.sims[0].request_view(id).expect("in flight on the ASGI side");
        let w = lab.sims[1].request_view(id).expect("in flight on the WSGI side");
        assert_eq!((a.id, w.id), (id, id));
        assert_ne!(lab.send_extra(), Some(id));
        // It is answered like any other request.
        lab.advance(2_000_000_000);
        assert!(lab.sims[0].request_view(id).is_none() && lab.sims[1].request_view(id).is_none());
    }

    #[test]
    fn step_one_advances_one_event() {
        let mut lab = Lab::new(&Params::default()).unwrap();
        let before = lab.sims[0].events() + lab.sims[1].events();
        assert!(lab.step_one());
        assert_eq!(lab.sims[0].events() + lab.sims[1].events(), before + 1);
    }
}

/// The numbers shown beside each stage, refreshed a few times a second. Rates and percentiles cover the last
/// `sim::window::LIVE_WINDOW_S` seconds; `None` means there is nothing to show yet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SideStats {
    pub throughput: Option<f64>,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub in_flight: u32,
    pub queue: u32,
    pub loop_lag_ms: Option<f64>,
    /// Average over the live window (threads and coroutines come and go; one steady figure per side).
    pub memory_mb: f64,
    /// Whole-run counts: answered, failed (crash), timed out (gunicorn killed the worker), refused at the door.
    pub completed: u64,
    pub failed: u64,
    pub timed_out: u64,
    pub refused: u64,
    pub events: u64,
    /// Worker boxes drawn (WSGI) or loops drawn (ASGI).
    pub units: usize,
    /// Busy worker threads (WSGI) or blocked loops (ASGI).
    pub busy: usize,
    pub busy_cores: f64,
    /// The followed request on this side, if it is in flight.
    pub follow: Option<ReqView>,
}

/// What the lab shows the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabView {
    /// Simulated time, s.
    pub t_s: f64,
    /// Furthest simulated time reached, s.
    pub t_max_s: f64,
    /// ASGI, WSGI.
    pub sides: [SideStats; 2],
    /// The simulation could not keep up with the requested speed.
    pub lagging: bool,
    /// Replaying toward a chosen time.
    pub seeking: bool,
    /// Work per animation frame (engine + painting) over the last ~5 s: 95th percentile and maximum, ms.
    pub frame_p95_ms: f64,
    pub frame_max_ms: f64,
    /// The longest a frame's simulation took since the last publication, ms (its budget is
    /// `hooks::use_lab::SIM_MS_PER_FRAME`; it may overrun by one slice).
    pub sim_max_ms: f64,
    /// Events both sides handled per frame since the last publication (it adapts to the machine's speed).
    pub events_per_frame: f64,
    /// Size of the WebAssembly memory, bytes (for the soak benchmark).
    pub wasm_bytes: f64,
    /// Both sides' numbers at the end of the run before the reader's last change, if it is kept.
    pub before: Option<[SideStats; 2]>,
}

/// Time-average of the memory gauge over the last `window_s` seconds of finished buckets (the current value
/// before the first bucket ends).
pub fn memory_mb(m: &sim::Metrics, now_value_bytes: f64, window_s: f64) -> f64 {
    let s = &m.series;
    let full = ((s.end_ns() / s.width_ns) as usize).min(s.buckets.len());
    if full == 0 {
        return now_value_bytes / 1_048_576.0;
    }
    let k = ((window_s / (s.width_ns as f64 / 1e9)).ceil() as usize).clamp(1, full);
    let sum: f64 = (full - k..full).map(|i| s.average(i, s.buckets[i].memory_int)).sum();
    sum / k as f64 / 1_048_576.0
}

/// The numbers of one side.
pub fn side_stats(sim: &Sim, snap: &Snapshot, follow: Option<u64>) -> SideStats {
    let asgi = snap.side == Some(Side::Asgi);
    let m = sim.metrics();
    let live = m.recent.live(sim.now(), LIVE_WINDOW_S);
    let (units, busy) = if asgi {
        (snap.loops.len(), snap.loops.iter().filter(|l| l.blocked).count())
    } else {
        (snap.workers.len(), snap.threads.iter().filter(|t| t.req.is_some()).count())
    };
    SideStats {
        throughput: live.throughput,
        p50_ms: live.p50_ms,
        p99_ms: live.p99_ms,
        in_flight: snap.requests_total,
        queue: snap.backlog + snap.loops.iter().map(|l| l.ready).sum::<u32>(),
        loop_lag_ms: asgi.then(|| snap.loops.iter().map(|l| l.lag_now_ns).max().unwrap_or(0) as f64 / 1e6),
        memory_mb: memory_mb(m, snap.memory_bytes, LIVE_WINDOW_S),
        completed: m.completed,
        failed: m.failed,
        timed_out: m.timed_out,
        refused: m.refused,
        events: snap.events,
        units,
        busy,
        busy_cores: snap.busy_cores,
        follow: follow.and_then(|id| sim.request_view(id)),
    }
}

/// What the page shows of the lab now.
pub fn view(lab: &Lab, follow: Option<u64>, seeking: bool) -> LabView {
    LabView {
        t_s: lab.t_ns as f64 / 1e9,
        t_max_s: lab.t_max_ns as f64 / 1e9,
        lagging: lab.lagging,
        seeking,
        sides: [0, 1].map(|i| side_stats(&lab.sims[i], &lab.snaps[i], follow)),
        ..Default::default()
    }
}

#[cfg(test)]
mod scene_tests {
    use super::*;

    /// Restarts and bad endings so far on both sides.
    fn incidents(lab: &Lab) -> u64 {
        lab.sims.iter().map(|s| s.metrics().restarts + s.metrics().failed + s.metrics().timed_out).sum()
    }

    #[test]
    fn scenes_that_open_late_open_just_before_their_event() {
        for sc in crate::scenes::all().iter().filter(|sc| sc.start_s > 0.0) {
            let p = crate::preset_params::preset_params(sc.preset).unwrap();
            let mut lab = Lab::new(&p).unwrap();
            let start = (sc.start_s * 1e9) as u64;
            while !lab.seek(start, 1_000_000) {}
            assert_eq!(incidents(&lab), 0, "{}: something already happened before it opens", sc.key);
            // Within three seconds of the reader's time at the scene's speed.
            let until = start + (3.0 * sc.speed * 1e9) as u64;
            while !lab.seek(until, 1_000_000) {}
            assert!(incidents(&lab) > 0, "{}: nothing happens within 3 s of opening", sc.key);
        }
    }

    #[test]
    fn the_post_benchmark_never_reads_above_its_stated_bound() {
        // The scene says: 100 workers holding each request ≥ 300 ms serve at most 100 ÷ 0.3 s ≈ 333/s.
        let p = crate::preset_params::preset_params("post-benchmark-io").unwrap();
        let mut lab = Lab::new(&p).unwrap();
        let (mut hi, mut n) = (0.0f64, 0);
        for k in 1..=80u64 {
            while !lab.seek(k * 250_000_000, 1_000_000) {}
            if let Some(x) = view(&lab, None, false).sides[1].throughput {
                hi = hi.max(x);
                n += 1;
            }
        }
        assert!(n > 60, "numbers shown {n} times");
        assert!(hi <= 100.0 / 0.3, "WSGI read {hi}/s");
        assert!(hi > 300.0, "WSGI read at most {hi}/s");
    }

    #[test]
    fn numbers_are_absent_not_zero_before_the_first_answers() {
        let mut lab = Lab::new(&crate::model::Params { io_ms: 100.0, ..crate::model::Params::default() }).unwrap();
        lab.advance(20_000_000);
        let v = view(&lab, None, false);
        assert_eq!((v.sides[0].throughput, v.sides[0].p50_ms), (None, None));
    }

    #[test]
    fn a_question_about_failures_opens_late_or_holds() {
        for sc in crate::scenes::all() {
            if sc.asks.contains(&crate::scenes::Ask::Failures) {
                assert!(sc.hold && sc.start_s > 0.0, "{}", sc.key);
            }
        }
    }
}
