//! The headless CLI: runs a scenario file (or standard input, or a preset) and prints its metrics as JSON.
//!
//! ```text
//! loop-lab-sim --preset time-sleep-in-async [--seed N] [--compare | --side asgi|wsgi]
//! loop-lab-sim scenario.json [--requests N] [--rate R] [--users N] [--explain] [--progress]
//! cat scenario.json | loop-lab-sim -
//! loop-lab-sim --list
//! loop-lab-sim --preset cpu-bound --sweep workers [--per-point 10000]   # a sweep, both sides, as JSON
//! ```
//! Every output field is described in `docs/cli.md`. Bad input prints a message naming the field and the allowed
//! range, and exits with code 2; an output that cannot be written exits with 1; a closed pipe is not an error.

#[path = "loop-lab-sim/args.rs"]
mod args;
#[path = "loop-lab-sim/io.rs"]
mod io;
#[path = "loop-lab-sim/run.rs"]
mod run;

use args::{Args, Source, USAGE};
use io::{read_source, say, write_stdout};
use serde_json::{json, Value};
use sim::{presets, Scenario};
use std::io::IsTerminal;
use std::process::ExitCode;

const PRESETS_JSON: &str = include_str!("../presets.json");

fn fail(msg: &str) -> ExitCode {
    say(msg);
    ExitCode::from(2)
}

fn print(text: &str) -> ExitCode {
    match write_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&e);
            ExitCode::from(1)
        }
    }
}

/// The preset's scenario as written in presets.json (so that `--explain` knows which fields it leaves out).
fn preset_raw(key: &str) -> Value {
    let all: Value = serde_json::from_str(PRESETS_JSON).unwrap_or_default();
    all.as_array().and_then(|l| l.iter().find(|p| p["key"] == key)).map(|p| p["scenario"].clone()).unwrap_or_default()
}

/// The scenario and its raw JSON, with the command line's overrides applied and validated.
fn load(a: &Args) -> Result<(Scenario, Value), String> {
    let (mut sc, mut raw) = match &a.source {
        None => return Err(USAGE.into()),
        Some(Source::Preset(name)) => match presets::get(name) {
            Some(p) => (p.scenario, preset_raw(name)),
            None => return Err(format!("unknown preset `{name}`; known: {}", presets::keys().join(", "))),
        },
        Some(source) => {
            let (text, name) = read_source(source)?;
            let sc = Scenario::from_json(&text).map_err(|e| format!("invalid scenario in {name}: {e}"))?;
            (sc, serde_json::from_str(&text).unwrap_or_default())
        }
    };
    if let Some(s) = a.seed {
        sc.seed = s;
        raw["seed"] = json!(s);
    }
    let mut overridden = Vec::new();
    if let Some(n) = a.requests {
        sc.traffic.requests = Some(n);
        overridden.push("--requests");
    }
    if let Some(r) = a.rate {
        sc.traffic.rate_per_s = Some(r);
        overridden.push("--rate");
    }
    if let Some(u) = a.users {
        sc.traffic.users = Some(u);
        overridden.push("--users");
    }
    if !overridden.is_empty() {
        sc.validate().map_err(|e| format!("invalid scenario after {}: {e}", overridden.join(", ")))?;
    }
    Ok((sc, raw))
}

fn main() -> ExitCode {
    let a = match args::parse(std::env::args_os().skip(1)) {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    if a.help {
        return print(USAGE);
    }
    if a.list {
        let lines: Vec<String> =
            presets::all().unwrap_or_default().iter().map(|p| format!("{:<30} {}", p.key, p.claim)).collect();
        return print(&lines.join("\n"));
    }
    let (sc, raw) = match load(&a) {
        Ok(x) => x,
        Err(e) => return fail(&e),
    };
    let mut progress = match a.progress {
        args::Progress::Always => run::Progress::new(true, true),
        args::Progress::Never => run::Progress::new(false, false),
        args::Progress::Auto => run::Progress::new(std::io::stderr().is_terminal(), false),
    };
    let started = std::time::Instant::now();
    if let Some(axis) = a.sweep {
        let mut sweep = sim::sweep::Sweep::new(&sc, axis, &axis.values(), a.per_point);
        while !sweep.work(1 << 16) {
            progress.tick(|| format!("sweep: {:.0} % of the points done", sweep.progress() * 100.0));
        }
        let points: Vec<_> =
            sweep.results.iter().map(|r| json!({ "x": r.x, "side": r.side.name(), "summary": r.summary })).collect();
        let requests: u64 = sweep.results.iter().map(|r| r.summary.completed).sum();
        let doc = json!({
            "scenario": sc.name, "seed": sc.seed, "points": points, "events": sweep.events,
            "requests": requests, "wall_ms": started.elapsed().as_secs_f64() * 1e3,
        });
        return print(&serde_json::to_string_pretty(&doc).unwrap_or_default());
    }
    if a.compare && sc.sides().len() < 2 {
        return fail("--compare needs a scenario with both `asgi` and `wsgi`");
    }
    let sides = match a.side {
        Some(s) if !a.compare => vec![s],
        _ => sc.sides(),
    };
    let explanation = sim::scenario::explain(&raw, &sc);
    let mut notes = explanation.notes();
    let mut results = serde_json::Map::new();
    for side in sides {
        let r = match run::run_side(&sc, side, &mut progress) {
            Ok(r) => r,
            Err(e) => return fail(&e.to_string()),
        };
        notes.extend(r.notes());
        results.insert(side.name().to_string(), r.to_json());
    }
    let mut doc = json!({
        "scenario": sc.name, "seed": sc.seed, "results": results,
        "wall_ms": started.elapsed().as_secs_f64() * 1e3, "notes": notes,
    });
    if a.explain {
        doc["explain"] = serde_json::to_value(&explanation).unwrap_or_default();
    }
    print(&serde_json::to_string_pretty(&doc).unwrap_or_default())
}
