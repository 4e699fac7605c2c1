//! The engine against real Django: every case of the committed measurement (`bench/django/measured/`), run with
//! the engine's defaults (no per-case factor), compared on throughput, p50 and mean. `docs/fidelity.md` is the
//! full table (`scripts/fidelity.sh`), and this test keeps it in step with the engine.
//!
//! What is held, and why not "every case within 15 %": the same case measured three times on this shared host
//! moved by up to 40 % (uvicorn, `asyncio.sleep`, 50 connections: 326, 294 and 239 req/s; the calibration loop
//! cost 17–37 ms within one hour). So the test holds (1) the two fitted defaults on the case they were fitted on,
//! (2) the mechanisms on the cases that show them, each of which fails without its mechanism, and (3) a floor
//! under the counts within 15 %, which only moves up.

use sim::fidelity::{cases_of, counts, rows, Overhead, Row, TOLERANCE};

const REPORT: &str = include_str!("../../../docs/fidelity.md");

/// Every committed case (the measurements merged), simulated with its framework cost from `overhead`.
fn all_with(overhead: Overhead) -> Vec<Row> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = sim::fidelity::load(&root).expect("the committed measurements merge");
    rows(cases_of(&doc, overhead).expect("every case maps to a valid scenario"))
}

fn all() -> Vec<Row> {
    all_with(Overhead::Defaults)
}

/// Every case, its framework cost the server CPU per request measured during it.
fn all_given_measured_cpu() -> Vec<Row> {
    all_with(Overhead::MeasuredCpu)
}

fn row<'a>(rows: &'a [Row], id: &str) -> &'a Row {
    rows.iter().find(|r| r.case.id == id).unwrap_or_else(|| panic!("no case {id}"))
}

fn within(r: &Row, metric: usize, tol: f64) {
    let q = r.ratios()[metric];
    let name = ["throughput", "p50", "mean"][metric];
    assert!((q - 1.0).abs() <= tol, "{}: {name} simulated/measured = {q:.3} (allowed ±{tol})", r.case.id);
}

#[test]
fn every_case_is_simulated_and_the_counts_only_move_up() {
    let rows = all();
    assert_eq!(rows.len(), 142);
    let n = counts(&rows);
    // Before the connection, ASGI-cycle, load-generator and delayed-ACK mechanisms: 58, 53, 61 of 142; before the
    // harness's drain was fixed (the cases it spoilt measured again) and the runs simulated from cold: 94, 88, 96.
    assert!(n[0] >= 104 && n[1] >= 96 && n[2] >= 103, "within {TOLERANCE}: {n:?} of {}", rows.len());
}

#[test]
fn given_the_cpu_each_case_measured_the_counts_only_move_up() {
    // The machine's speed at each case taken out (its measured CPU per request is the framework cost): what is
    // still off is a mechanism the engine lacks (docs/fidelity.md lists them). With the defaults: 104, 96, 103.
    // Before the harness's drain was fixed and the runs simulated from cold: 111, 102, 109.
    let rows = all_given_measured_cpu();
    let n = counts(&rows);
    assert!(n[0] >= 116 && n[1] >= 106 && n[2] >= 113, "within {TOLERANCE}: {n:?} of {}", rows.len());
    assert!(n.iter().zip(counts(&all())).all(|(m, d)| *m > d), "measured CPU explains more than the defaults");
}

#[test]
fn the_fitted_overheads_reproduce_the_case_they_were_fitted_on() {
    let rows = all();
    // ASGI_OVERHEAD_MS: one uvicorn process, a trivial async view, 10 connections.
    within(row(&rows, "uvicorn-p1|hello_async|wrk|c10|r0"), 0, 0.03);
    // WSGI_OVERHEAD_MS: four sync workers, a trivial view, 10 connections (with wrk's own CPU on the cores).
    within(row(&rows, "gunicorn-sync-w4|hello_sync|wrk|c10|r0"), 0, 0.03);
    // Held out: the other concurrencies of the same server + view. The cross-check is weak, and says so: the
    // per-request CPU real Django spends moves with concurrency (uvicorn: 3.2 ms at 1 connection, 1.9–2.3 at 50,
    // 2.8 at 200; gunicorn, 4 workers: 0.73 at 1, 0.47 at 10–200) and with the machine, so one constant agrees
    // with some and not others (docs/fidelity.md). What is held: the held-out ratios straddle 1 — the fit is not
    // biased to one side — and none is off by more than half.
    for server_view in ["uvicorn-p1|hello_async|wrk", "gunicorn-sync-w4|hello_sync|wrk"] {
        let held: Vec<f64> = rows
            .iter()
            .filter(|r| r.case.id.starts_with(server_view) && !r.case.id.contains("|c10|"))
            .map(|r| r.ratios()[0])
            .collect();
        assert!(held.len() >= 4, "{server_view}: {held:?}");
        assert!(held.iter().any(|&q| q <= 1.0) && held.iter().any(|&q| q >= 1.0), "{server_view}: {held:?}");
        assert!(held.iter().all(|&q| (q - 1.0).abs() < 0.5), "{server_view}: {held:?}");
    }
}

#[test]
fn keep_alive_connections_stay_on_the_process_that_accepted_them() {
    // `uvicorn --workers 2`, 50 keep-alive connections: one process accepts all of them, so two processes serve
    // what one does (balancing every request would double it).
    let rows = all();
    for r in ["uvicorn-p2-nodelay|hello_async|wrk|c50|r0", "gunicorn-uvicornworker-w2|hello_async|wrk|c50|r0"] {
        within(row(&rows, r), 0, TOLERANCE);
    }
    // 200 connections fill two accept batches: both processes serve.
    within(row(&rows, "uvicorn-p2-nodelay|hello_async|wrk|c200|r0"), 0, 0.2);
}

#[test]
fn each_measured_run_starts_from_an_empty_server() {
    // The harness drains the server between warm-up and measurement, so the queue of 50 connections on one sync
    // worker builds from nothing: answers 0.1 s apart, mean 3.5 s over 8 s (simulating on from the warm-up would
    // give the steady 5 s). Measured again after the drain was fixed to see the warm-up's closed connections.
    let rows = all();
    for id in ["gunicorn-sync-w1|sleep_sync|wrk|c50|r0", "gunicorn-sync-w4|sleep_sync|wrk|c200|r0"] {
        let r = row(&rows, id);
        assert_eq!(r.case.measured_on, "2026-12-08", "{id}");
        for metric in [0, 2] {
            within(r, metric, TOLERANCE);
        }
    }
}

#[test]
fn without_tcp_nodelay_each_answer_waits_for_the_delayed_ack() {
    let rows = all();
    let r = row(&rows, "uvicorn-p2|hello_async|wrk|c1|r0");
    within(r, 0, TOLERANCE);
    within(r, 1, TOLERANCE);
}

#[test]
fn asyncio_sleep_answers_later_as_connections_grow_before_the_loop_is_full() {
    // Django's cycle interleaves on the loop and hops to the request's thread: at 10 connections, far from full,
    // `await asyncio.sleep(0.1)` already answers in ~110 ms (measured 115.9 on 2026-11-28, 109.0 on the faster
    // 2026-12-08), not the bare 102.
    let rows = all();
    let r = row(&rows, "uvicorn-p1|asleep|wrk|c10|r0");
    within(r, 1, TOLERANCE);
    assert!(r.simulated.p50_ms > 105.0, "{:?}", r.simulated);
}

#[test]
fn docs_fidelity_md_is_up_to_date() {
    let fresh = sim::fidelity::report(&all(), &all_given_measured_cpu());
    assert!(REPORT == fresh, "docs/fidelity.md is stale: run scripts/fidelity.sh");
}
