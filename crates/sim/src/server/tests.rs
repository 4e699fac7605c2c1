//! The servers' mechanisms one at a time, each on the smallest run that shows it: two requests sent together, fixed
//! durations, no framework overhead and no context-switch cost, so each answer's time is exact and says which
//! mechanism ran (the system-level checks against queueing theory are in `tests/`).

use crate::{Scenario, Side, Sim, Summary};

/// Two users, one request each, sent at time 0; `servers` is the scenario's server part.
fn two_requests(servers: &str) -> String {
    format!(
        r#"{{"seed": 1, "traffic": {{"kind": "closed", "users": 2, "requests": 2, "keep_alive": false}},
            "machine": {{"cores": 4, "context_switch_us": 0}}, {servers}}}"#
    )
}

fn asgi(steps: &str) -> String {
    asgi_with_executor(4, steps)
}

fn asgi_with_executor(threads: u32, steps: &str) -> String {
    two_requests(&format!(
        r#""asgi": {{"overhead_ms": 0, "executor_threads": {threads}, "view": {{"kind": "async", "steps": [{steps}]}}}}"#
    ))
}

fn wsgi(workers: u32, threads: u32, steps: &str) -> String {
    let class = if threads > 1 { "gthread" } else { "sync" };
    two_requests(&format!(
        r#""wsgi": {{"workers": {workers}, "threads": {threads}, "worker_class": "{class}", "overhead_ms": 0,
                     "view": {{"kind": "sync", "steps": [{steps}]}}}}"#
    ))
}

fn run(json: &str, side: Side) -> Summary {
    let sc = Scenario::from_json(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let s = Sim::new(&sc, side).unwrap().run();
    assert_eq!(s.completed, 2, "both requests answered");
    s
}

/// The two answers' times, ms (first, last), within the histogram's precision.
fn answers(s: &Summary) -> (f64, f64) {
    (2.0 * s.latency_mean_ms - s.latency_max_ms, s.latency_max_ms)
}

fn near(what: &str, got: (f64, f64), want: (f64, f64)) {
    let ok = |g: f64, w: f64| (g - w).abs() <= w * 0.01 + 0.2;
    assert!(ok(got.0, want.0) && ok(got.1, want.1), "{what}: answers at {got:?} ms, expected {want:?}");
}

#[test]
fn an_await_frees_the_loop_a_blocking_call_holds_it() {
    near("await asyncio.sleep(0.1) ×2", answers(&run(&asgi(r#"{"await_io": 100}"#), Side::Asgi)), (100.0, 100.0));
    near(
        "time.sleep(0.1) ×2 in async def",
        answers(&run(&asgi(r#"{"blocking_io": 100}"#), Side::Asgi)),
        (100.0, 200.0),
    );
}

#[test]
fn the_loop_runs_one_callback_at_a_time_and_cpu_holds_it() {
    // 20 ms of Python each: the loop runs them one after the other, whatever the cores.
    near("cpu 20 ms ×2 on one loop", answers(&run(&asgi(r#"{"cpu": 20}"#), Side::Asgi)), (20.0, 40.0));
}

#[test]
fn gather_waits_for_its_slowest_child() {
    let s = run(&asgi(r#"{"gather": [{"await_io": 100}, {"await_io": 30}, {"await_io": 60}]}"#), Side::Asgi);
    near("gather of 100, 30, 60 ms", answers(&s), (100.0, 100.0));
}

#[test]
fn sync_to_async_runs_on_the_requests_own_thread_or_on_the_shared_executor() {
    // thread_sensitive=True (the default): Django's ASGI handler gives each request its own thread-sensitive thread
    // (asgiref's ThreadSensitiveContext), so two requests' calls run side by side.
    let ts = run(&asgi(r#"{"sync_to_async": {"step": {"blocking_io": 100}}}"#), Side::Asgi);
    near("thread_sensitive=True: a thread per request", answers(&ts), (100.0, 100.0));
    // thread_sensitive=False: the loop's default executor, shared by every request — one thread, one at a time.
    let step = r#"{"sync_to_async": {"step": {"blocking_io": 100}, "thread_sensitive": false}}"#;
    near(
        "thread_sensitive=False, 1 executor thread",
        answers(&run(&asgi_with_executor(1, step), Side::Asgi)),
        (100.0, 200.0),
    );
    near(
        "thread_sensitive=False, 4 executor threads",
        answers(&run(&asgi_with_executor(4, step), Side::Asgi)),
        (100.0, 100.0),
    );
}

#[test]
fn a_sync_worker_serves_one_request_at_a_time() {
    near("1 sync worker", answers(&run(&wsgi(1, 1, r#"{"blocking_io": 100}"#), Side::Wsgi)), (100.0, 200.0));
    near("2 sync workers", answers(&run(&wsgi(2, 1, r#"{"blocking_io": 100}"#), Side::Wsgi)), (100.0, 100.0));
}

#[test]
fn gthread_threads_wait_together_but_share_one_gil() {
    near(
        "1 worker × 2 threads, I/O",
        answers(&run(&wsgi(1, 2, r#"{"blocking_io": 100}"#), Side::Wsgi)),
        (100.0, 100.0),
    );
    // Pure Python on two threads of one process: the GIL lets one run at a time, so the pair takes 40 ms
    // whichever finishes first.
    let s = run(&wsgi(1, 2, r#"{"cpu": 20}"#), Side::Wsgi);
    assert!(
        (s.latency_max_ms - 40.0).abs() <= 0.5,
        "cpu 20 ms ×2 under one GIL: last answer at {} ms",
        s.latency_max_ms
    );
}

#[test]
fn a_db_pool_of_one_makes_the_second_query_wait() {
    let servers = r#""db": {"pool": 1}, "wsgi": {"workers": 2, "overhead_ms": 0, "view": {"kind": "sync", "steps": [{"db": 100}]}}"#;
    near("pool of 1, two queries", answers(&run(&two_requests(servers), Side::Wsgi)), (100.0, 200.0));
}
