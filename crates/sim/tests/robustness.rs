//! Property tests over the scenario format: parsing never panics, every rejection names a field, and every
//! scenario that validates runs to the end without a panic and with every request accounted for.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use sim::{Scenario, Sim};

/// Numbers a careless or hostile scenario might hold (mostly sane ones, so that many scenarios are accepted).
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        30 => (1i64..16).prop_map(Value::from),
        1 => (-5i64..300).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => prop::num::f64::ANY.prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        1 => (0.0f64..2000.0).prop_map(Value::from),
    ]
}

fn duration() -> impl Strategy<Value = Value> {
    prop_oneof![
        20 => number(),
        1 => number().prop_map(|n| json!({ "exp": n })),
        1 => (number(), number()).prop_map(|(m, c)| json!({ "lognormal": { "mean": m, "cv": c } })),
        1 => Just(json!({ "gamma": 1 })),
        1 => Just(json!("ten")),
    ]
}

fn step() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        10 => duration().prop_map(|d| json!({ "cpu": d })),
        1 => duration().prop_map(|d| json!({ "await_io": d })),
        1 => duration().prop_map(|d| json!({ "blocking_io": d })),
        1 => duration().prop_map(|d| json!({ "db": d })),
        1 => duration().prop_map(|d| json!({ "offload": d })),
        1 => (duration(), any::<bool>()).prop_map(|(d, ts)| json!({ "sync_to_async": { "step": { "db": d }, "thread_sensitive": ts } })),
        1 => Just(json!({ "sleep": 1 })),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| prop::collection::vec(inner, 0..4).prop_map(|v| json!({ "gather": v })))
}

fn view() -> impl Strategy<Value = Value> {
    (prop_oneof![4 => Just("async"), 4 => Just("sync"), 1 => Just("other")], prop::collection::vec(step(), 0..4))
        .prop_map(|(k, s)| json!({ "kind": k, "steps": s }))
}

fn scenario() -> impl Strategy<Value = Value> {
    (
        prop_oneof![4 => Just("closed"), 4 => Just("open"), 1 => Just("weird")],
        number(),
        number(),
        prop::option::of(view()),
        prop::option::of(view()),
        (number(), number(), number(), number()),
        any::<bool>(),
    )
        .prop_map(|(kind, a, b, asgi, wsgi, (cores, workers, threads, procs), extra)| {
            let traffic = match kind {
                "closed" => json!({ "kind": kind, "users": a, "requests": 60 }),
                "open" => json!({ "kind": kind, "rate_per_s": b, "requests": 60 }),
                _ => json!({ "kind": kind, "users": a, "rate_per_s": b }),
            };
            let mut sc = json!({ "seed": 3, "traffic": traffic, "machine": { "cores": cores } });
            if let Some(v) = asgi {
                sc["asgi"] = json!({ "processes": procs, "view": v });
            }
            if let Some(v) = wsgi {
                sc["wsgi"] = json!({ "workers": workers, "threads": threads, "worker_class": "gthread", "view": v });
            }
            if extra {
                sc["db"] = json!({ "pool": threads });
                sc["faults"] = json!([{ "at_s": 0.01, "side": "asgi" }]);
            }
            sc
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parsing_any_text_never_panics(text in ".{0,200}") {
        if let Err(e) = Scenario::from_json(&text) {
            prop_assert!(!e.field.is_empty());
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn every_rejection_names_a_field_and_every_accepted_scenario_runs(value in scenario()) {
        match Scenario::from_json(&value.to_string()) {
            Err(e) => {
                prop_assert!(!e.field.is_empty(), "no field in: {e}");
            }
            Ok(mut sc) => {
                // Keep each run small: at most 60 requests and a few simulated seconds.
                sc.traffic.requests = Some(60);
                sc.traffic.duration_s = Some(5.0);
                for side in sc.sides() {
                    let mut sim = Sim::new(&sc, side).unwrap();
                    let s = sim.run();
                    prop_assert_eq!(s.completed + s.refused + s.timed_out + s.failed + s.in_flight, sim.sent());
                    prop_assert_eq!(s.in_flight, 0);
                }
            }
        }
    }
}

#[test]
fn the_generator_produces_accepted_scenarios_too() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let accepted = (0..400)
        .filter(|_| Scenario::from_json(&strategy.new_tree(&mut runner).unwrap().current().to_string()).is_ok())
        .count();
    // Both branches of the property above are exercised.
    assert!(accepted > 10 && accepted < 390, "{accepted} of 400 accepted");
}
