//! The CLI: it runs presets and files, agrees with the library (and so with the app's sweeps), and rejects bad
//! input with a message naming the field and exit code 2 — never a panic.

use sim::sweep::{point, Axis, Sweep};
use sim::Side;
use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loop-lab-sim")).args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("loop-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_preset_runs_from_the_cli() {
    for key in sim::presets::keys() {
        let (code, out, err) = cli(&["--preset", &key, "--compare"]);
        assert_eq!(code, 0, "{key}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["results"]["asgi"]["completed"].as_u64().unwrap() > 0, "{key}");
        assert!(v["results"]["wsgi"]["completed"].as_u64().unwrap() > 0, "{key}");
    }
}

#[test]
fn sweep_points_agree_with_separate_cli_runs() {
    let base = sim::presets::get("workers-2n-plus-1").unwrap().scenario;
    let values = [1, 4, 50];
    let results = Sweep::new(&base, Axis::Workers, &values, 3000).run();
    for r in &results {
        let file = temp(
            &format!("p{}-{}.json", r.x, r.side.name()),
            &point(&base, Axis::Workers, r.x, r.side, 3000).to_json(),
        );
        let (code, out, err) = cli(&[&file, "--side", r.side.name()]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let s = &v["results"][r.side.name()];
        assert_eq!(s["throughput_per_s"].as_f64().unwrap(), r.summary.throughput_per_s, "x={} {:?}", r.x, r.side);
        assert_eq!(s["latency_p99_ms"].as_f64().unwrap(), r.summary.latency_p99_ms);
        assert_eq!(s["completed"].as_u64().unwrap(), r.summary.completed);
    }
    // The CLI's own --sweep gives the same numbers too.
    let (code, out, _) = cli(&["--preset", "workers-2n-plus-1", "--sweep", "workers", "--per-point", "3000"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let pt = v["points"].as_array().unwrap().iter().find(|p| p["x"] == 4 && p["side"] == "wsgi").unwrap();
    let mine = results.iter().find(|r| r.x == 4 && r.side == Side::Wsgi).unwrap();
    assert_eq!(pt["summary"]["throughput_per_s"].as_f64().unwrap(), mine.summary.throughput_per_s);
}

#[test]
fn bad_input_names_the_field_and_exits_2() {
    let good = r#"{"traffic": {"kind": "closed", "users": 5, "requests": 10}, "wsgi": {"view": {"kind": "sync", "steps": []}}}"#;
    let cases = [
        (good.replace("\"users\": 5", "\"users\": 5, \"colour\": 1"), "colour"),
        (good.replace("\"users\": 5", "\"users\": 9000"), "traffic.users"),
        (good.replace("\"view\"", "\"workers\": 0, \"view\""), "wsgi.workers"),
        (good.replace("[]", "[{\"cpu\": -5}]"), "wsgi.view.steps[0].cpu"),
        ("{\"traffic\": ".to_string(), "line 1"),
        ("[]".to_string(), "expected struct Scenario"),
    ];
    for (text, needle) in cases {
        let file = temp("bad.json", &text);
        let (code, out, err) = cli(&[&file]);
        assert_eq!(code, 2, "{text}: {err}");
        assert!(out.is_empty());
        assert!(err.contains(needle), "expected `{needle}` in: {err}");
        assert!(!err.contains("panicked"));
    }
    assert!(cli(&[&temp("range.json", &good.replace("\"users\": 5", "\"users\": 9000"))])
        .2
        .contains("between 1 and 5000"));
    for args in [
        &["--preset", "nope"][..],
        &["--seed", "x", "--preset", "cpu-bound"],
        &["--side", "both"],
        &["/no/such/file.json"],
        &["--frobnicate"],
        &[],
    ] {
        let (code, _, err) = cli(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(!err.is_empty() && !err.contains("panicked"), "{args:?}: {err}");
    }
}
