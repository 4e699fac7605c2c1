//! The CLI on hostile input and hostile surroundings (issue #12): a size limit on what it reads, standard input,
//! trailing text, a closed pipe, a full disk, arguments that are not UTF-8, overrides checked like the file, the
//! output's added fields (wait, wall time, notes, `--explain`) and progress kept off standard output.

// A command-line tool runs as a process: nothing here applies to the wasm32 build.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loop-lab-sim"))
}

fn cli(args: &[&str]) -> (i32, String, String) {
    cli_stdin(args, None)
}

fn cli_stdin(args: &[&str], input: Option<&[u8]>) -> (i32, String, String) {
    let mut child = bin()
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(bytes) = input {
        let mut stdin = child.stdin.take().unwrap();
        // The CLI may stop reading early (the size limit): a broken pipe here is expected then.
        let _ = stdin.write_all(bytes);
    }
    let out = child.wait_with_output().expect("finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("loop-lab-cli-edges-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

const MMC: &str = r#"{"seed": 3, "traffic": {"kind": "open", "rate_per_s": 180, "requests": 20000},
    "wsgi": {"workers": 2, "view": {"kind": "sync", "steps": [{"cpu": {"exp": 10}}]}}}"#;

#[track_caller]
fn rejected(code: i32, out: &str, err: &str, needle: &str) {
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn input_is_read_with_a_size_limit() {
    // A scenario padded with whitespace past 1 MiB is refused before it is parsed.
    let mut big = MMC.as_bytes().to_vec();
    big.resize((1 << 20) + 1, b' ');
    let (code, out, err) = cli(&[&temp("big.json", &big)]);
    rejected(code, &out, &err, "larger than 1 MiB");
    // Exactly at the limit is fine.
    big.truncate(1 << 20);
    assert_eq!(cli(&[&temp("limit.json", &big)]).0, 0);
    // An endless file is cut off at the limit.
    if std::path::Path::new("/dev/zero").exists() {
        let (code, out, err) = cli(&["/dev/zero"]);
        rejected(code, &out, &err, "larger than 1 MiB");
    }
    // A 5 M-step view is refused by the size limit; a 65-step one by the step limit, with its path.
    let steps = vec![r#"{"cpu": 1}"#; 65].join(",");
    let text = MMC.replace(r#"[{"cpu": {"exp": 10}}]"#, &format!("[{steps}]"));
    let (code, out, err) = cli(&[&temp("steps.json", text.as_bytes())]);
    rejected(code, &out, &err, "`wsgi.view.steps`: at most 64 steps");
    let (code, out, err) = cli(&[&temp("binary.json", &[0xff, 0xfe, b'{'])]);
    rejected(code, &out, &err, "not UTF-8");
}

#[test]
fn a_dash_reads_standard_input() {
    let file = temp("mmc.json", MMC.as_bytes());
    let (code, from_file, err) = cli(&[&file, "--no-progress"]);
    assert_eq!(code, 0, "{err}");
    let (code, from_stdin, err) = cli_stdin(&["-"], Some(MMC.as_bytes()));
    assert_eq!(code, 0, "{err}");
    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v["results"]["wsgi"]["wall_ms"] = 0.into();
        v["results"]["wsgi"]["events_per_s"] = 0.into();
        v["wall_ms"] = 0.into();
        v
    };
    assert_eq!(strip(&from_file), strip(&from_stdin));
    let huge = vec![b' '; 3 << 20];
    let (code, out, err) = cli_stdin(&["-"], Some(&huge));
    rejected(code, &out, &err, "standard input is larger than 1 MiB");
    let (code, out, err) = cli_stdin(&["-"], Some(b""));
    rejected(code, &out, &err, "invalid scenario in standard input");
}

#[test]
fn text_after_the_json_is_rejected() {
    for tail in [" garbage", "\n{}", "]"] {
        let (code, out, err) = cli(&[&temp("trailing.json", format!("{MMC}{tail}").as_bytes())]);
        rejected(code, &out, &err, "unexpected text after the scenario");
    }
    let (code, _, err) = cli(&[&temp("spaces.json", format!("{MMC}\n\n  ").as_bytes())]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_step_with_two_kinds_gets_a_clear_message() {
    let text = MMC.replace(r#"{"cpu": {"exp": 10}}"#, r#"{"await_io": 3, "cpu": 1}"#);
    let (code, out, err) = cli(&[&temp("two.json", text.as_bytes())]);
    rejected(code, &out, &err, "`wsgi.view.steps[0]`: a step has exactly one kind");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // The reader goes away before the CLI writes (like `| head -c0`): no panic, no message, exit 0.
    let mut child = bin()
        .args(["--preset", "max-requests", "--compare", "--explain"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn a_full_disk_is_an_error_with_a_message() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    for args in [&["--preset", "cpu-bound"][..], &["--list"], &["--help"]] {
        let out = bin().args(args).stdout(full.try_clone().unwrap()).stderr(Stdio::piped()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_reported() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"sc\xffenario.json");
    for args in [
        vec![bad],
        vec![OsStr::new("--preset"), bad],
        vec![OsStr::new("--seed"), bad],
        vec![OsStr::from_bytes(b"--\xff")],
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert!(!err.is_empty() && !err.contains("panicked"), "{err}");
    }
}

#[test]
fn overrides_are_checked_like_the_file() {
    let file = temp("mmc-over.json", MMC.as_bytes());
    let (code, out, err) = cli(&[&file, "--requests", "500", "--rate", "50"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["results"]["wsgi"];
    assert_eq!(s["completed"].as_u64().unwrap() + s["refused"].as_u64().unwrap(), 500);
    let closed = temp(
        "closed.json",
        br#"{"traffic": {"kind": "closed", "users": 5, "requests": 50}, "wsgi": {"view": {"steps": [{"cpu": 1}]}}}"#,
    );
    let (code, out, _) = cli(&[&closed, "--users", "2"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"completed\": 50"), "{out}");
    for (args, needle) in [
        (vec![file.as_str(), "--requests", "0"], "`traffic.requests`: must be between 1 and 50000000"),
        (vec![file.as_str(), "--requests", "60000000"], "between 1 and 50000000"),
        (vec![file.as_str(), "--rate", "1e9"], "`traffic.rate_per_s`: must be between 0.001 and 100000"),
        (vec![file.as_str(), "--rate", "NaN"], "`traffic.rate_per_s`"),
        (vec![file.as_str(), "--users", "3"], "`traffic.users`: applies only to `closed` traffic"),
        (vec![closed.as_str(), "--users", "9000"], "`traffic.users`: must be between 1 and 5000"),
        (vec![closed.as_str(), "--rate", "10"], "`traffic.rate_per_s`: applies only to `open` traffic"),
        (vec![closed.as_str(), "--users", "-1"], "--users needs a whole number"),
        (vec!["--preset", "cpu-bound", "--requests", "many"], "--requests needs a whole number"),
    ] {
        let (code, out, err) = cli(&args);
        rejected(code, &out, &err, needle);
    }
}

#[test]
fn the_output_has_wait_wall_time_speed_and_notes() {
    let (code, out, err) = cli(&[&temp("mmc-out.json", MMC.as_bytes())]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["results"]["wsgi"];
    assert_eq!(s["wait_ms"]["mean"], s["split_ms"]["queued"]);
    let (p50, p99) = (s["wait_ms"]["p50"].as_f64().unwrap(), s["wait_ms"]["p99"].as_f64().unwrap());
    assert!(p99 > 0.0 && p50 <= p99, "{p50} {p99}");
    assert!(p99 <= s["latency_p99_ms"].as_f64().unwrap());
    assert!(s["wall_ms"].as_f64().unwrap() > 0.0 && s["events_per_s"].as_f64().unwrap() > 0.0);
    assert!(v["wall_ms"].as_f64().unwrap() >= s["wall_ms"].as_f64().unwrap());
    assert_eq!(s["celery_rejected"], 0);
    assert_eq!(s["horizon_reached"], false);
    // The textbook M/M/2 left out the framework overhead and the machine: the notes say which defaults applied.
    let notes = v["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect::<Vec<_>>().join("\n");
    let overhead = format!("wsgi.overhead_ms = {}", sim::scenario::WSGI_OVERHEAD_MS);
    assert!(notes.contains(&overhead) && notes.contains("machine.cores = 2"), "{notes}");
    assert!(v.get("explain").is_none());
    // --explain says what each does; a field the file gives is not listed.
    let (_, out, _) = cli(&[&temp("mmc-ex.json", MMC.as_bytes()), "--explain"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let defaults = v["explain"]["defaults"].as_array().unwrap();
    let overhead = defaults.iter().find(|d| d["field"] == "wsgi.overhead_ms").unwrap();
    assert_eq!(overhead["value"], sim::scenario::WSGI_OVERHEAD_MS);
    assert!(overhead["meaning"].as_str().unwrap().contains("CPU per request"));
    assert!(defaults.iter().all(|d| d["field"] != "wsgi.workers" && d["field"] != "seed"));
    // Presets are explained from their own text.
    let (code, out, _) = cli(&["--preset", "cpu-bound", "--explain", "--seed", "5"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["explain"]["defaults"].as_array().unwrap().iter().all(|d| d["field"] != "seed"));
}

#[test]
fn sync_workers_with_threads_are_reported_as_gthread() {
    let text = r#"{"traffic": {"kind": "closed", "users": 8, "requests": 40},
        "wsgi": {"workers": 1, "threads": 8, "view": {"kind": "sync", "steps": [{"blocking_io": 100}]}}}"#;
    let (code, out, err) = cli(&[&temp("threads.json", text.as_bytes())]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["notes"][0].as_str().unwrap().contains("gthread"), "{out}");
    // Eight requests at a time: 40 requests of 100 ms take about half a second, not four.
    assert!(v["results"]["wsgi"]["elapsed_s"].as_f64().unwrap() < 1.0, "{out}");
}

#[test]
fn a_warmup_as_long_as_sending_is_rejected() {
    let text = r#"{"warmup_s": 30, "traffic": {"kind": "closed", "users": 8, "duration_s": 30},
        "wsgi": {"view": {"kind": "sync", "steps": [{"blocking_io": 100}]}}}"#;
    let (code, out, err) = cli(&[&temp("warmup.json", text.as_bytes())]);
    rejected(code, &out, &err, "`warmup_s`: must be less than `traffic.duration_s`");
}

#[test]
fn progress_goes_to_standard_error_only() {
    let (code, out, err) = cli(&["--preset", "cpu-bound", "--progress"]);
    assert_eq!(code, 0);
    serde_json::from_str::<serde_json::Value>(&out).expect("standard output is pure JSON");
    assert!(err.contains("asgi: finished") && err.contains("wsgi: finished"), "{err}");
    // Not a terminal, not asked: nothing on standard error.
    let (code, _, err) = cli(&["--preset", "cpu-bound"]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    let (_, out, err) = cli(&["--preset", "cpu-bound", "--sweep", "users", "--per-point", "200", "--progress"]);
    serde_json::from_str::<serde_json::Value>(&out).expect("standard output is pure JSON");
    assert!(!err.contains("panicked"), "{err}");
}
