//! The engine against queueing theory: M/M/c (Erlang C), M/D/1 (Pollaczek–Khinchine), M/M/1-PS, and the
//! operational laws (Little, response-time law). Deterministic seeds; sample sizes chosen so that the
//! estimators' standard error is well under the 2 % tolerance (about 0.7 % or less).

mod common;
use common::{close, run};
use sim::theory;
use sim::Side;

/// A gunicorn sync pool of `c` workers on `c` cores (no sharing, no framework overhead) with CPU-only requests
/// arriving as a Poisson stream: exactly M/G/c. `service` is a duration in the scenario format (ms).
fn pool(c: u32, cores: u32, rate_per_s: f64, service: &str, requests: u64, warmup_s: f64) -> String {
    format!(
        r#"{{"seed": 7, "warmup_s": {warmup_s},
            "traffic": {{"kind": "open", "rate_per_s": {rate_per_s}, "requests": {requests}}},
            "machine": {{"cores": {cores}, "context_switch_us": 0}},
            "wsgi": {{"workers": {c}, "backlog": 65535, "overhead_ms": 0, "timeout_s": 0,
                     "view": {{"kind": "sync", "steps": [{{"cpu": {service}}}]}}}}}}"#
    )
}

#[test]
fn mmc_matches_erlang_c() {
    // Mean service 10 ms (μ = 100/s). Sample sizes grow with ρ because the variance of the mean wait does.
    let mu = 100.0;
    for c in [1u32, 4, 16] {
        for (rho, n) in [(0.5, 2_000_000u64), (0.8, 3_000_000), (0.9, 8_000_000)] {
            let lambda = rho * c as f64 * mu;
            let s = run(&pool(c, c, lambda, r#"{"exp": 10}"#, n, 50.0), Side::Wsgi);
            let want_w = theory::mmc_wait(c, lambda, mu) * 1000.0;
            let want_r = theory::mmc_response(c, lambda, mu) * 1000.0;
            // The mean wait is tiny for c = 16 at ρ = 0.5 (most requests never wait): compare it on the scale
            // of the service time there, and relatively elsewhere.
            if want_w > 0.5 {
                close(&format!("M/M/{c} ρ={rho} mean wait"), s.split_ms.queued, want_w, 0.02);
            } else {
                assert!(
                    (s.split_ms.queued - want_w).abs() < 0.02 * 10.0,
                    "M/M/{c} ρ={rho} wait {} vs {want_w}",
                    s.split_ms.queued
                );
            }
            close(&format!("M/M/{c} ρ={rho} mean response"), s.latency_mean_ms, want_r, 0.02);
            assert_eq!(s.refused + s.failed + s.timed_out, 0);
        }
    }
}

#[test]
fn md1_matches_pollaczek_khinchine() {
    let mu = 100.0;
    for (rho, n) in [(0.5, 1_000_000u64), (0.8, 2_000_000), (0.9, 4_000_000)] {
        let lambda = rho * mu;
        let s = run(&pool(1, 1, lambda, "10", n, 50.0), Side::Wsgi);
        let want = theory::mg1_wait(lambda, 1.0 / mu, 0.0) * 1000.0;
        close(&format!("M/D/1 ρ={rho} mean wait"), s.split_ms.queued, want, 0.02);
    }
}

#[test]
fn processor_sharing_on_one_core() {
    // 200 sync workers on one core: every request gets a worker at once and they share the core — M/M/1-PS.
    let mu = 100.0;
    for (rho, n) in [(0.5, 1_000_000u64), (0.8, 2_000_000), (0.9, 4_000_000)] {
        let lambda = rho * mu;
        let s = run(&pool(200, 1, lambda, r#"{"exp": 10}"#, n, 50.0), Side::Wsgi);
        let want = theory::mg1_ps_response(lambda, mu) * 1000.0;
        close(&format!("M/M/1-PS ρ={rho} mean response"), s.latency_mean_ms, want, 0.02);
        // PS is insensitive to the service distribution: deterministic service gives the same mean.
        let d = run(&pool(200, 1, lambda, "10", n, 50.0), Side::Wsgi);
        close(&format!("M/D/1-PS ρ={rho} mean response"), d.latency_mean_ms, want, 0.02);
    }
}

#[test]
fn gil_makes_threads_of_one_process_share_one_core() {
    // One gthread worker with 200 threads on 8 cores is still M/M/1-PS: the GIL lets one thread run Python.
    let (mu, lambda) = (100.0, 70.0);
    let json = format!(
        r#"{{"seed": 3, "warmup_s": 50, "traffic": {{"kind": "open", "rate_per_s": {lambda}, "requests": 1000000}},
            "machine": {{"cores": 8, "context_switch_us": 0}},
            "wsgi": {{"workers": 1, "worker_class": "gthread", "threads": 64, "backlog": 65535, "overhead_ms": 0,
                     "view": {{"kind": "sync", "steps": [{{"cpu": {{"exp": 10}}}}]}}}}}}"#
    );
    let s = run(&json, Side::Wsgi);
    // With 64 threads the pool almost never fills at ρ = 0.7 (P(N ≥ 64) = 0.7^64 ≈ 1e-10).
    close("GIL-bound gthread mean response", s.latency_mean_ms, theory::mg1_ps_response(lambda, mu) * 1000.0, 0.02);
    assert!(s.mean_busy_cores < 0.75, "one GIL cannot use more than one core: {}", s.mean_busy_cores);
}

#[test]
fn closed_loop_obeys_response_time_law_and_little() {
    // 30 users thinking 200 ms between requests, against 3 workers on 2 cores, mixed CPU and I/O. (A fixed think
    // time: with a random one, the sampling error of its mean would dominate R = N/X − Z, as R ≪ Z here.) The
    // window ends when sending stops, while all 30 users are still cycling.
    let json = r#"{"seed": 11, "warmup_s": 20,
        "traffic": {"kind": "closed", "users": 30, "think": 200, "duration_s": 3000},
        "machine": {"cores": 2},
        "wsgi": {"workers": 3, "view": {"kind": "sync", "steps": [{"cpu": {"exp": 8}}, {"blocking_io": {"exp": 12}}]}},
        "asgi": {"view": {"kind": "async", "steps": [{"cpu": {"exp": 8}}, {"await_io": {"exp": 12}}]}}}"#;
    for side in [Side::Wsgi, Side::Asgi] {
        let s = run(json, side);
        let x = s.throughput_per_s;
        let r = s.latency_mean_ms / 1000.0;
        // Response-time law: R = N/X − Z.
        close(&format!("{side:?} response-time law"), r, theory::closed_response(30.0, x, 0.2), 0.01);
        // Little's law on the server: L = X · R (time-averaged requests in the system).
        close(&format!("{side:?} Little's law"), s.mean_in_flight, x * r, 0.01);
    }
}

#[test]
fn little_law_holds_for_open_traffic_on_an_event_loop() {
    let json = r#"{"seed": 5, "warmup_s": 10,
        "traffic": {"kind": "open", "rate_per_s": 300, "requests": 300000},
        "asgi": {"view": {"kind": "async", "steps": [{"cpu": {"exp": 1}}, {"await_io": {"exp": 50}}]}}}"#;
    let s = run(json, Side::Asgi);
    close("throughput = λ", s.throughput_per_s, 300.0, 0.01);
    close("Little's law", s.mean_in_flight, s.throughput_per_s * s.latency_mean_ms / 1000.0, 0.01);
}
