//! The headless CLI: runs a scenario file or a preset and prints its metrics as JSON.
//!
//! ```text
//! loop-lab-sim --preset time-sleep-in-async [--seed N] [--compare | --side asgi|wsgi]
//! loop-lab-sim scenario.json [--seed N] [--compare | --side asgi|wsgi]
//! loop-lab-sim --list
//! loop-lab-sim --preset cpu-bound --sweep workers [--per-point 10000]   # a sweep, both sides, as JSON
//! ```
//! Bad input prints a message naming the field and the allowed range, and exits with code 2.

use serde_json::json;
use sim::{presets, run_all, Scenario, Side, Sim};
use std::process::ExitCode;

const USAGE: &str =
    "usage: loop-lab-sim (--preset NAME | FILE.json | --list) [--seed N] [--compare | --side asgi|wsgi]";

fn fail(msg: &str) -> ExitCode {
    eprintln!("loop-lab-sim: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut preset = None;
    let mut file = None;
    let mut seed = None;
    let mut compare = false;
    let mut side = None;
    let mut sweep = None;
    let mut per_point = 10_000u64;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i).cloned()
        };
        match a {
            "--list" => {
                for p in presets::all().unwrap_or_default() {
                    println!("{:<30} {}", p.key, p.claim);
                }
                return ExitCode::SUCCESS;
            }
            "--preset" => match value() {
                Some(v) => preset = Some(v),
                None => return fail("--preset needs a name (see --list)"),
            },
            "--seed" => match value().map(|v| v.parse::<u64>()) {
                Some(Ok(v)) => seed = Some(v),
                _ => return fail("--seed needs a whole number between 0 and 18446744073709551615"),
            },
            "--side" => match value().as_deref() {
                Some("asgi") => side = Some(Side::Asgi),
                Some("wsgi") => side = Some(Side::Wsgi),
                _ => return fail("--side must be `asgi` or `wsgi`"),
            },
            "--compare" => compare = true,
            "--sweep" => match value().as_deref() {
                Some("workers") => sweep = Some(sim::sweep::Axis::Workers),
                Some("users") => sweep = Some(sim::sweep::Axis::Users),
                _ => return fail("--sweep must be `workers` or `users`"),
            },
            "--per-point" => match value().map(|v| v.parse::<u64>()) {
                Some(Ok(v)) if (1..=10_000_000).contains(&v) => per_point = v,
                _ => return fail("--per-point needs a whole number between 1 and 10000000"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') => return fail(&format!("unknown option `{s}`\n{USAGE}")),
            s => {
                if file.is_some() {
                    return fail(&format!("only one scenario file may be given (got a second: `{s}`)"));
                }
                file = Some(s.to_string());
            }
        }
        i += 1;
    }
    let mut sc: Scenario = match (preset, file) {
        (Some(name), None) => match presets::get(&name) {
            Some(p) => p.scenario,
            None => return fail(&format!("unknown preset `{name}`; known: {}", presets::keys().join(", "))),
        },
        (None, Some(path)) => {
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => return fail(&format!("cannot read `{path}`: {e}")),
            };
            match Scenario::from_json(&text) {
                Ok(s) => s,
                Err(e) => return fail(&format!("invalid scenario in `{path}`: {e}")),
            }
        }
        (Some(_), Some(_)) => return fail("give either --preset or a file, not both"),
        (None, None) => return fail(USAGE),
    };
    if let Some(s) = seed {
        sc.seed = s;
    }
    if let Some(axis) = sweep {
        let t = std::time::Instant::now();
        let mut run = sim::sweep::Sweep::new(&sc, axis, &axis.values(), per_point);
        while !run.work(1 << 20) {}
        let points: Vec<_> =
            run.results.iter().map(|r| json!({ "x": r.x, "side": r.side.name(), "summary": r.summary })).collect();
        let requests: u64 = run.results.iter().map(|r| r.summary.completed).sum();
        let doc = json!({
            "scenario": sc.name, "seed": sc.seed, "points": points, "events": run.events,
            "requests": requests, "wall_ms": t.elapsed().as_secs_f64() * 1e3,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    if compare && sc.sides().len() < 2 {
        return fail("--compare needs a scenario with both `asgi` and `wsgi`");
    }
    let results = match side {
        Some(s) if !compare => match Sim::new(&sc, s) {
            Ok(mut sim) => vec![(s, sim.run())],
            Err(e) => return fail(&e.to_string()),
        },
        _ => match run_all(&sc) {
            Ok(r) => r,
            Err(e) => return fail(&e.to_string()),
        },
    };
    let mut out = serde_json::Map::new();
    for (s, summary) in results {
        out.insert(s.name().to_string(), serde_json::to_value(summary).unwrap_or_default());
    }
    let doc = json!({ "scenario": sc.name, "seed": sc.seed, "results": out });
    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    ExitCode::SUCCESS
}
