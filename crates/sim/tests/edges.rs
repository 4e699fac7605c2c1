//! Robust edges (issue #12): hostile but valid scenarios. Long overloaded runs keep every queue under its stated
//! bound (docs/scenario-format.md, "Bounds"), the clock cannot overflow, and the scenario format rejects what
//! would give a meaningless run, with the field's path.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::scenario;
use proptest::prelude::*;
use sim::engine::{Footprint, MAX_IN_FLIGHT};
use sim::scenario::DEFAULT_CELERY_MAX_QUEUED;
use sim::time::{HORIZON_NS, NS_PER_S};
use sim::{Scenario, Side, Sim, Summary};

/// The future-event list is never swept below this length.
const MIN_COMPACT_AT: usize = 1 << 16;

/// The bounds docs/scenario-format.md states, for one side of a scenario.
struct Bounds {
    in_flight: u32,
    backlog: usize,
    celery_queued: usize,
    threads: usize,
    procs: usize,
}

impl Bounds {
    fn of(sc: &Scenario, side: Side) -> Bounds {
        let cores = sc.machine.cores as usize;
        let celery = sc.celery.workers as usize;
        let users = sc.traffic.users.filter(|_| sc.traffic.kind == sim::TrafficKind::Closed);
        let cap = |n: u32| users.map_or(n, |u| u.min(n));
        match side {
            Side::Wsgi => {
                let w = sc.wsgi.as_ref().unwrap();
                let threads = (w.workers * w.threads) as usize;
                Bounds {
                    in_flight: cap((threads + w.backlog as usize).min(MAX_IN_FLIGHT as usize) as u32),
                    backlog: w.backlog as usize,
                    celery_queued: sc.celery.max_queued as usize,
                    threads: threads + celery,
                    procs: w.workers as usize + celery,
                }
            }
            Side::Asgi => {
                let a = sc.asgi.as_ref().unwrap();
                let in_flight = cap(MAX_IN_FLIGHT);
                let exec = a.executor_threads.unwrap_or((cores as u32 + 4).min(32)) as usize;
                Bounds {
                    in_flight,
                    backlog: a.backlog as usize,
                    celery_queued: sc.celery.max_queued as usize,
                    // Loop threads, one thread-sensitive thread per request, executors, Celery.
                    threads: a.processes as usize * (1 + exec) + in_flight as usize + celery,
                    procs: a.processes as usize + celery,
                }
            }
        }
    }

    #[track_caller]
    fn check(&self, f: &Footprint, users: usize, what: &str) {
        assert!(f.in_flight <= self.in_flight, "{what}: {} in flight > {}", f.in_flight, self.in_flight);
        assert!(f.request_slots <= self.in_flight as usize + 1, "{what}: {} request slots", f.request_slots);
        assert!(f.backlog <= self.backlog, "{what}: backlog {}", f.backlog);
        // A main coroutine and up to 64 gathered children per request.
        assert!(f.ready <= 65 * self.in_flight as usize, "{what}: {} ready", f.ready);
        assert!(f.celery_queued <= self.celery_queued, "{what}: {} tasks queued", f.celery_queued);
        assert!(f.task_slots <= self.celery_queued + self.procs, "{what}: {} task slots", f.task_slots);
        assert!(f.thread_slots <= self.threads, "{what}: {} threads > {}", f.thread_slots, self.threads);
        assert!(f.cpu_heap <= 4 * (self.procs + 1) + 65, "{what}: CPU heap {}", f.cpu_heap);
        assert!(f.waiters <= 2 * (2 * self.threads + 65), "{what}: {} waiters", f.waiters);
        // Live events: per request (its timers and its children's), per thread, per process, per user.
        let live = 66 * self.in_flight as usize + self.threads + 2 * self.procs + users + 16;
        // A step may push a few events after the check that sweeps the list (a gather's children, at most 64).
        let events = (2 * live).max(MIN_COMPACT_AT) + 200;
        assert!(f.events <= events, "{what}: {} events > {events}", f.events);
    }
}

/// Runs a side to the end, checking the footprint every `every` events. Returns the summary, the simulator and
/// the longest the future-event list was at a check.
fn run_checked(sc: &Scenario, side: Side, every: u64) -> (Summary, Sim, usize) {
    let bounds = Bounds::of(sc, side);
    let users = sc.traffic.users.unwrap_or(0) as usize;
    let mut sim = Sim::new(sc, side).unwrap();
    let mut peak_events = 0;
    while !sim.run_budget(every) {
        let f = sim.footprint();
        bounds.check(&f, users, side.name());
        peak_events = peak_events.max(f.events);
    }
    let s = sim.summary();
    assert_eq!(s.completed + s.refused + s.timed_out + s.failed + s.in_flight, sim.sent(), "{side:?} conservation");
    (s, sim, peak_events)
}

#[test]
fn an_hour_of_a_celery_pool_that_cannot_keep_up_stays_bounded() {
    // 80 publishes a second, one Celery worker finishing one task a second: the broker fills up in about 21
    // minutes, then rejects; the rejected publishes fail their requests.
    let sc = scenario(
        r#"{"traffic": {"kind": "closed", "users": 8, "duration_s": 3600},
            "celery": {"workers": 1},
            "wsgi": {"workers": 8, "view": {"kind": "sync", "steps": [{"blocking_io": 100}, {"offload": 1000}]}}}"#,
    );
    let (s, sim, _) = run_checked(&sc, Side::Wsgi, 50_000);
    assert!(sim.celery_rejected() > 100_000, "{}", sim.celery_rejected());
    assert_eq!(s.failed, sim.celery_rejected());
    // Every task that got into the broker ran; the queue drained within max_queued tasks' time.
    assert!(s.celery_done >= DEFAULT_CELERY_MAX_QUEUED as u64);
    assert!(sim.now() < (3600 + DEFAULT_CELERY_MAX_QUEUED as u64 + 60) * NS_PER_S);
    assert!(!sim.horizon_reached());
}

#[test]
fn a_full_broker_fails_the_request_wherever_the_publish_is() {
    // A tiny broker and a slow worker: publishes from a loop, a gathered child, a `def` view's thread and a
    // gunicorn worker are all rejected once it is full, and each one fails its request (never completes it).
    let views = [
        ("asgi", r#"{"kind": "async", "steps": [{"offload": 1000}, {"cpu": 1}]}"#),
        ("asgi", r#"{"kind": "async", "steps": [{"gather": [{"offload": 1000}, {"await_io": 5}]}, {"cpu": 1}]}"#),
        ("asgi", r#"{"kind": "sync", "steps": [{"offload": 1000}, {"blocking_io": 1}]}"#),
        ("wsgi", r#"{"kind": "sync", "steps": [{"offload": 1000}, {"blocking_io": 1}]}"#),
        ("wsgi", r#"{"kind": "async", "steps": [{"gather": [{"await_io": 5}, {"offload": 1000}]}]}"#),
    ];
    for (side, view) in views {
        let sc = scenario(&format!(
            r#"{{"traffic": {{"kind": "closed", "users": 4, "duration_s": 30}},
                "celery": {{"workers": 1, "max_queued": 3}}, "{side}": {{"view": {view}}}}}"#
        ));
        let side = sc.sides()[0];
        let (s, sim, _) = run_checked(&sc, side, 10_000);
        assert!(sim.celery_rejected() > 0, "{view}");
        assert_eq!(s.failed, sim.celery_rejected(), "{view}");
        assert!(s.completed > 0 && s.celery_done > 0, "{view}");
        assert!(sim.footprint().task_slots <= 3 + 1, "{view}");
    }
}

#[test]
fn an_hour_of_open_traffic_above_capacity_stays_bounded() {
    // 300 requests a second for 5 ms of CPU each on one core (capacity 200/s): the WSGI backlog fills and
    // refuses; the ASGI loop accepts everything until the engine's in-flight bound refuses instead.
    let sc = scenario(
        r#"{"traffic": {"kind": "open", "rate_per_s": 300, "duration_s": 3600},
            "machine": {"cores": 1},
            "asgi": {"overhead_ms": 0, "view": {"kind": "async", "steps": [{"cpu": 5}]}},
            "wsgi": {"workers": 4, "overhead_ms": 0, "view": {"kind": "sync", "steps": [{"cpu": 5}]}}}"#,
    );
    for side in sc.sides() {
        let (s, sim, _) = run_checked(&sc, side, 100_000);
        assert!(s.refused > 100_000, "{side:?}: {} refused", s.refused);
        assert!(!sim.horizon_reached());
    }
}

#[test]
fn cancelled_timers_do_not_pile_up() {
    // Every request on a sync worker arms gunicorn's timeout; with a day-long timeout and 500 000 requests, each
    // timer used to stay queued until it surfaced a day later.
    let sc = scenario(
        r#"{"traffic": {"kind": "open", "rate_per_s": 50000, "requests": 500000},
            "machine": {"cores": 64},
            "wsgi": {"workers": 200, "timeout_s": 86400, "view": {"kind": "sync", "steps": [{"cpu": 0.1}]}}}"#,
    );
    let (s, _, peak_events) = run_checked(&sc, Side::Wsgi, 5_000);
    assert_eq!(s.completed, 500_000);
    assert!(peak_events > MIN_COMPACT_AT / 2 && peak_events <= MIN_COMPACT_AT + 200, "{peak_events}");
}

#[test]
fn killed_requests_leave_no_timers_behind() {
    // Ten-minute calls killed by a 10 ms timeout, the worker back at once: each kill cancels a timer due ten
    // minutes later. 200 000 kills in ten seconds used to keep 200 000 dead timers queued.
    let sc = scenario(
        r#"{"traffic": {"kind": "open", "rate_per_s": 20000, "duration_s": 10},
            "wsgi": {"workers": 200, "timeout_s": 0.01, "restart_s": 0, "backlog": 100,
                     "view": {"kind": "sync", "steps": [{"blocking_io": 600000}]}}}"#,
    );
    let (s, _, peak_events) = run_checked(&sc, Side::Wsgi, 5_000);
    assert!(s.timed_out > 100_000, "{}", s.timed_out);
    assert!(peak_events <= MIN_COMPACT_AT + 200, "{peak_events}");
}

#[test]
fn compaction_changes_no_result() {
    // The same run with the timers swept out (a long timeout keeps them queued) and without them (no timeout):
    // no request here comes near the timeout, so every figure is the same.
    let run = |timeout: &str| {
        let sc = scenario(&format!(
            r#"{{"traffic": {{"kind": "open", "rate_per_s": 3000, "requests": 200000}}, "machine": {{"cores": 4}},
                "wsgi": {{"workers": 8, "timeout_s": {timeout}, "view": {{"kind": "sync", "steps": [{{"cpu": {{"exp": 2}}}}]}}}}}}"#
        ));
        let mut sim = Sim::new(&sc, Side::Wsgi).unwrap();
        let mut s = sim.run();
        s.events = 0;
        s
    };
    assert_eq!(run("86400"), run("0"));
}

#[test]
fn a_drain_past_the_clock_range_ends_at_the_horizon() {
    // 50 M requests of ten minutes of CPU on one core: 3·10^10 s of work, past the horizon (10^9 s) and past the
    // range of integer nanoseconds (1.8·10^10 s). The run ends at the horizon, everything accounted for.
    let sc = scenario(
        r#"{"traffic": {"kind": "closed", "users": 1000, "requests": 50000000},
            "machine": {"cores": 1},
            "wsgi": {"workers": 200, "timeout_s": 0, "overhead_ms": 0, "view": {"kind": "sync", "steps": [{"cpu": 600000}]}}}"#,
    );
    let (s, mut sim, _) = run_checked(&sc, Side::Wsgi, 1_000_000);
    assert!(sim.horizon_reached());
    assert!(sim.now() <= HORIZON_NS);
    assert!(s.in_flight > 0 && s.completed > 0);
    assert!(sim.next_time().is_none() && sim.finished());
    assert!(s.elapsed_s <= 1.0e9 + 1.0, "{}", s.elapsed_s);
}

#[test]
fn heavy_tailed_durations_end_within_the_horizon() {
    // cv = 10 on a ten-minute mean: a tail without practical bound (durations are clamped at 10^17 ns).
    let sc = scenario(
        r#"{"traffic": {"kind": "closed", "users": 50, "requests": 20000},
            "asgi": {"view": {"kind": "async", "steps": [{"await_io": {"lognormal": {"mean": 600000, "cv": 10}}}]}},
            "wsgi": {"timeout_s": 0, "view": {"kind": "sync", "steps": [{"cpu": {"lognormal": {"mean": 600000, "cv": 10}}}]}}}"#,
    );
    for side in sc.sides() {
        let (s, sim, _) = run_checked(&sc, side, 100_000);
        assert!(sim.now() <= HORIZON_NS);
        assert!(s.completed > 0);
    }
}

#[test]
fn threads_turn_a_sync_worker_into_gthread() {
    // gunicorn: "if you try to use the sync worker type and set the threads setting to more than 1, the gthread
    // worker type will be used instead". One worker with 8 threads serves 8 requests at once, and its 40 s
    // requests are not killed by the 30 s timeout (gthread workers heartbeat from their main thread).
    let json = |class: &str, threads: u32| {
        format!(
            r#"{{"traffic": {{"kind": "closed", "users": 8, "requests": 16}},
                "wsgi": {{"workers": 1, "worker_class": "{class}", "threads": {threads}, "timeout_s": 30,
                         "view": {{"kind": "sync", "steps": [{{"blocking_io": 40000}}]}}}}}}"#
        )
    };
    let sync = common::run(&json("sync", 8), Side::Wsgi);
    let gthread = common::run(&json("gthread", 8), Side::Wsgi);
    assert_eq!(sync, gthread);
    assert_eq!(sync.completed, 16);
    assert_eq!(sync.timed_out, 0);
    // One thread: a sync worker, killed by the timeout.
    let one = common::run(&json("sync", 1), Side::Wsgi);
    assert!(one.timed_out > 0);
}

#[test]
fn a_warmup_as_long_as_sending_is_rejected() {
    let json = |warmup: f64| {
        format!(
            r#"{{"warmup_s": {warmup}, "traffic": {{"kind": "closed", "users": 2, "duration_s": 10}},
                "wsgi": {{"view": {{"kind": "sync", "steps": [{{"cpu": 1}}]}}}}}}"#
        )
    };
    for w in [10.0, 20.0] {
        let e = Scenario::from_json(&json(w)).unwrap_err();
        assert_eq!(e.field, "warmup_s");
        assert!(e.message.contains("less than `traffic.duration_s`"), "{e}");
    }
    assert!(Scenario::from_json(&json(9.5)).is_ok());
}

#[test]
fn a_step_with_two_kinds_is_named_and_explained() {
    let e = Scenario::from_json(
        r#"{"traffic": {"kind": "closed", "users": 2, "requests": 5},
            "wsgi": {"view": {"kind": "sync", "steps": [{"cpu": 1}, {"await_io": 3, "cpu": 1}]}}}"#,
    )
    .unwrap_err();
    assert_eq!(e.field, "wsgi.view.steps[1]");
    assert!(e.message.contains("a step has exactly one kind") && e.message.contains("`await_io` and `cpu`"), "{e}");
}

#[test]
fn a_huge_list_of_steps_is_rejected_at_the_limit() {
    let steps = vec![r#"{"cpu": 1}"#; 200_000].join(",");
    let e = Scenario::from_json(&format!(
        r#"{{"traffic": {{"kind": "closed", "users": 2, "requests": 5}},
            "asgi": {{"view": {{"steps": [{{"gather": [{steps}]}}]}}}}}}"#
    ))
    .unwrap_err();
    assert_eq!(e.field, "asgi.view.steps[0].gather");
    assert!(e.message.contains("at most 64 steps"), "{e}");
    let e = Scenario::from_json(&format!(
        r#"{{"traffic": {{"kind": "closed", "users": 2, "requests": 5}}, "asgi": {{"view": {{"steps": [{steps}]}}}}}}"#
    ))
    .unwrap_err();
    assert_eq!(e.field, "asgi.view.steps");
}

#[test]
fn text_after_the_scenario_is_rejected() {
    let good = r#"{"traffic": {"kind": "closed", "users": 2, "requests": 5}, "wsgi": {"view": {"steps": []}}}"#;
    assert!(Scenario::from_json(&format!("{good}\n\t ")).is_ok());
    for tail in [" x", "{}", " ,", "\n{\"seed\": 2}"] {
        let e = Scenario::from_json(&format!("{good}{tail}")).unwrap_err();
        assert_eq!(e.field, "(scenario)", "{tail}");
        assert!(e.message.contains("after the scenario"), "{e}");
    }
}

/// Overloaded scenarios of every shape: few workers, slow steps, Celery offloads, open or closed traffic.
fn overloaded() -> impl Strategy<Value = String> {
    let step = prop_oneof![
        (1u32..50).prop_map(|d| format!(r#"{{"cpu": {{"exp": {d}}}}}"#)),
        (1u32..500).prop_map(|d| format!(r#"{{"await_io": {d}}}"#)),
        (1u32..5000).prop_map(|d| format!(r#"{{"blocking_io": {d}}}"#)),
        (1u32..50).prop_map(|d| format!(r#"{{"db": {d}}}"#)),
        (1u32..5000).prop_map(|d| format!(r#"{{"offload": {d}}}"#)),
        (1u32..100).prop_map(|d| format!(r#"{{"gather": [{{"await_io": {d}}}, {{"cpu": 1}}, {{"offload": {d}}}]}}"#)),
        (1u32..20, any::<bool>())
            .prop_map(|(d, ts)| format!(r#"{{"sync_to_async": {{"step": {{"db": {d}}}, "thread_sensitive": {ts}}}}}"#)),
    ];
    (
        prop::collection::vec(step, 1..4),
        any::<bool>(),
        1u32..3000,
        (1u32..4, 1u32..8, 1u32..4, 1u32..3, 1u32..200, 1u32..5),
        any::<bool>(),
        (1u32..10, prop::collection::vec((1u32..600, any::<bool>()), 0..4)),
    )
        .prop_map(|(steps, open, load, (cores, workers, threads, procs, max_queued, pool), sync_view, (timeout, faults))| {
            let steps = steps.join(", ");
            let traffic = if open {
                format!(r#"{{"kind": "open", "rate_per_s": {load}, "duration_s": 600}}"#)
            } else {
                format!(r#"{{"kind": "closed", "users": {load}, "duration_s": 600}}"#)
            };
            let kind = if sync_view { "sync" } else { "async" };
            // Crashes kill what a process holds: its requests' and threads' timers are cancelled in bulk.
            let faults: Vec<String> = faults
                .iter()
                .map(|(at, asgi)| format!(r#"{{"at_s": {at}, "side": "{}"}}"#, if *asgi { "asgi" } else { "wsgi" }))
                .collect();
            let faults = faults.join(", ");
            let json = format!(
                r#"{{"traffic": {traffic}, "machine": {{"cores": {cores}}}, "db": {{"pool": {pool}}}, "faults": [{faults}],
                    "celery": {{"workers": 1, "max_queued": {max_queued}}},
                    "asgi": {{"processes": {procs}, "backlog": 64, "view": {{"kind": "{kind}", "steps": [{steps}]}}}},
                    "wsgi": {{"workers": {workers}, "threads": {threads}, "backlog": 64, "timeout_s": {timeout},
                             "max_requests": 50, "restart_s": 0.5,
                             "view": {{"kind": "{kind}", "steps": [{steps}]}}}}}}"#
            );
            json
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn overloaded_runs_stay_under_the_stated_bounds(json in overloaded()) {
        let sc = Scenario::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        for side in sc.sides() {
            let bounds = Bounds::of(&sc, side);
            let users = sc.traffic.users.unwrap_or(0) as usize;
            let mut sim = Sim::new(&sc, side).unwrap();
            // A slice of each run (the first 300 000 events), checked often.
            for _ in 0..30 {
                if sim.run_budget(10_000) {
                    break;
                }
                bounds.check(&sim.footprint(), users, &json);
            }
            let s = sim.summary();
            prop_assert_eq!(s.completed + s.refused + s.timed_out + s.failed + s.in_flight, sim.sent());
        }
    }
}

#[test]
fn a_crash_on_demand_fails_what_the_process_held_and_it_comes_back() {
    let json = r#"{"traffic": {"kind": "closed", "users": 40, "duration_s": 10},
        "asgi": {"view": {"kind": "async", "steps": [{"await_io": 200}]}},
        "wsgi": {"workers": 4, "view": {"kind": "sync", "steps": [{"blocking_io": 200}]}}}"#;
    let sc = sim::Scenario::from_json(json).unwrap();
    for side in [sim::Side::Asgi, sim::Side::Wsgi] {
        let mut s = sim::Sim::new(&sc, side).unwrap();
        s.step_until(3_000_000_000);
        assert!(s.crash(0), "{side:?}");
        assert!(!s.crash(0), "{side:?}: already down");
        assert!(!s.crash(99), "{side:?}: no such process");
        let failed = s.summary().failed;
        // A loop holds all 40 users' requests; a sync worker holds one.
        let want = if side == sim::Side::Asgi { 40 } else { 1 };
        assert_eq!(failed, want, "{side:?}");
        let sum = s.run();
        assert_eq!(sum.restarts, 1, "{side:?}");
        assert!(sum.completed > 100, "{side:?}: it serves again after the restart");
    }
}
