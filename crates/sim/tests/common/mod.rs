//! Shared helpers for the engine's integration tests.
#![allow(dead_code)]

use sim::{Scenario, Side, Sim, Summary};

/// Parses a scenario (panicking with the error, which names the field).
pub fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap_or_else(|e| panic!("bad test scenario: {e}\n{json}"))
}

/// Runs one side to completion.
pub fn run(json: &str, side: Side) -> Summary {
    Sim::new(&scenario(json), side).expect("scenario builds").run()
}

/// Asserts `got` is within `tol` (relative) of `want`.
#[track_caller]
pub fn close(what: &str, got: f64, want: f64, tol: f64) {
    let rel = (got - want).abs() / want.abs().max(1e-12);
    assert!(
        rel <= tol,
        "{what}: got {got:.6}, want {want:.6} (off by {:.2}%, allowed {:.2}%)",
        rel * 100.0,
        tol * 100.0
    );
}
