//! Engine benchmark (not a test): events per second on M/M/c with 1 M requests, and the wall time of every
//! preset. Run with `cargo run --release -p sim --bin sim-bench`. Results go in BENCHMARKS.md.

use sim::{presets, Scenario, Side, Sim};
use std::io::Write;
use std::time::Instant;

/// Prints a line; a closed pipe (`sim-bench | head`) ends the benchmark quietly, another write error loudly.
macro_rules! println {
    ($($arg:tt)*) => {{
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(std::io::stderr(), "sim-bench: cannot write the output: {e}");
                std::process::exit(1);
            }
            std::process::exit(0);
        }
    }};
}

fn mmc(c: u32, requests: u64) -> Scenario {
    let rate = 0.9 * c as f64 * 100.0;
    Scenario::from_json(&format!(
        r#"{{"seed": 1, "traffic": {{"kind": "open", "rate_per_s": {rate}, "requests": {requests}}},
            "machine": {{"cores": {c}, "context_switch_us": 0}},
            "wsgi": {{"workers": {c}, "backlog": 65535, "overhead_ms": 0, "timeout_s": 0,
                     "view": {{"kind": "sync", "steps": [{{"cpu": {{"exp": 10}}}}]}}}}}}"#
    ))
    .expect("valid benchmark scenario")
}

fn main() {
    println!("M/M/c at rho = 0.9, 1 000 000 requests (best of 3):");
    println!("{:>4} {:>12} {:>10} {:>14}", "c", "events", "wall ms", "events/s");
    for c in [1u32, 4, 16, 64] {
        let sc = mmc(c, 1_000_000);
        let mut best = f64::INFINITY;
        let mut events = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let mut sim = Sim::new(&sc, Side::Wsgi).expect("builds");
            let s = sim.run();
            best = best.min(t.elapsed().as_secs_f64());
            events = s.events;
        }
        println!("{c:>4} {events:>12} {:>10.1} {:>14.0}", best * 1e3, events as f64 / best);
    }
    println!();
    println!("Presets (both sides, one run each):");
    println!("{:<30} {:>10} {:>12} {:>14}", "preset", "wall ms", "events", "events/s");
    for p in presets::all().expect("presets parse") {
        let t = Instant::now();
        let mut events = 0;
        for side in p.scenario.sides() {
            events += Sim::new(&p.scenario, side).expect("builds").run().events;
        }
        let wall = t.elapsed().as_secs_f64();
        println!("{:<30} {:>10.1} {:>12} {:>14.0}", p.key, wall * 1e3, events, events as f64 / wall);
    }
}
