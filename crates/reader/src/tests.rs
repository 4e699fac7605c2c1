//! The corpus (`corpus/views.txt`): every snippet's steps, WSGI steps and findings; and the properties no input
//! may break (bounded, no panic; every fix parses and removes its finding).

use super::*;
use sim::Step;

/// Steps in the corpus's notation (the worker's messages use the same).
fn compact(steps: &[Step]) -> String {
    message::steps(steps)
}

struct Entry {
    name: String,
    code: String,
    expect: Vec<(String, String)>,
}

fn corpus() -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for line in include_str!("../corpus/views.txt").lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push(Entry { name: name.into(), code: String::new(), expect: Vec::new() });
        } else if let Some(e) = out.last_mut() {
            if let Some(x) = line.strip_prefix("--- ") {
                let (k, v) = x.split_once(':').unwrap();
                e.expect.push((k.trim().into(), v.trim().into()));
            } else if e.expect.is_empty() {
                e.code.push_str(line);
                e.code.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_corpus_view_reads_as_expected() {
    let all = corpus();
    assert!(all.len() >= 30, "{} snippets", all.len());
    for e in &all {
        let got = read(&e.code);
        for (k, v) in &e.expect {
            match (k.as_str(), &got) {
                ("steps", Ok(r)) => assert_eq!(compact(&r.steps), *v, "{}: steps", e.name),
                ("wsgi", Ok(r)) => assert_eq!(compact(&r.wsgi_steps), *v, "{}: wsgi", e.name),
                ("findings", Ok(r)) => {
                    let f: Vec<String> = r.findings.iter().map(|f| format!("{}@{}", f.rule.code(), f.line)).collect();
                    let want = if v == "none" { String::new() } else { v.clone() };
                    assert_eq!(f.join(" "), want, "{}: findings", e.name);
                }
                ("error", Err(err)) => {
                    let ok = match err {
                        ReadError::Syntax { line, .. } => v == &format!("syntax {line}"),
                        ReadError::NoView => v == "no view",
                        _ => false,
                    };
                    assert!(ok, "{}: {err:?}, expected {v}", e.name);
                }
                _ => panic!("{}: {k} expected, got {got:?}", e.name),
            }
        }
    }
}

#[test]
fn every_fix_parses_and_removes_its_finding() {
    for e in corpus() {
        let Ok(r) = read(&e.code) else { continue };
        for f in &r.findings {
            let fixed = read(&f.fixed)
                .unwrap_or_else(|err| panic!("{}: {:?} fix does not read: {err:?}\n{}", e.name, f.rule, f.fixed));
            assert!(
                !fixed.findings.iter().any(|g| g.rule == f.rule),
                "{}: {:?} still there after its fix:\n{}",
                e.name,
                f.rule,
                f.fixed
            );
            // The fix frees the loop: the fixed view holds the loop less.
            let blocking =
                |r: &Reading| r.steps.iter().filter(|s| matches!(s, Step::BlockingIo(_) | Step::Db(_))).count();
            assert!(blocking(&fixed) <= blocking(&r), "{}: {:?}", e.name, f.rule);
        }
    }
}

#[test]
fn the_limits_refuse_at_once() {
    assert!(matches!(read(&"x = 1\n".repeat(MAX_LINES + 1)), Err(ReadError::TooManyLines { .. })));
    assert!(matches!(read(&"#".repeat(MAX_BYTES + 1)), Err(ReadError::TooLarge { .. })));
    let deep = format!("def v(r):\n    x = {}1{}\n", "(".repeat(5000), ")".repeat(5000));
    assert!(matches!(read(&deep), Err(ReadError::TooDeep { line: 2 })));
    let mut nested = String::from("def v(r):\n");
    for i in 1..60 {
        nested.push_str(&format!("{}if x:\n", "    ".repeat(i)));
    }
    assert!(matches!(read(&nested), Err(ReadError::TooDeep { .. })), "{:?}", read(&nested).map(|r| r.steps));
    assert!(matches!(read("def v(r):\n    return b'\0'\n"), Err(ReadError::Binary { line: 2 })));
    // Just inside the limits, it reads.
    let ok = format!("def v(r):\n    x = {}1{}\n", "(".repeat(40), ")".repeat(40));
    assert!(read(&ok).is_ok());
}

#[test]
fn a_long_loop_of_calls_stops_at_the_engines_step_limit() {
    let r = read("async def v(r):\n    for _ in range(1000):\n        await client.get(URL)\n").unwrap();
    assert_eq!(r.steps.len(), sim::handler::MAX_STEPS);
    assert!(r.truncated);
    assert_eq!(r.lines.iter().find(|l| l.what == What::HttpAsync).map(|l| l.times), Some(1000));
}

#[test]
fn an_awaited_call_is_never_given_a_second_await() {
    // Found by the fuzz target (fuzz/fuzz_targets/view_code.rs): `await X.objects.y.get(...)` was read as a sync
    // ORM call, and its fix wrote `await await ...`.
    let code =
        "async def v(request):\n    user = await cl.objects.ient.get(f\"{API}/user\")\n    x = await requests.get(U)\n";
    let r = read(code).unwrap();
    assert!(r.findings.iter().all(|f| !f.fixed.contains("await await")), "{:?}", r.findings);
    for f in &r.findings {
        assert!(read(&f.fixed).is_ok(), "{:?}:\n{}", f.rule, f.fixed);
    }
}

#[test]
fn every_line_is_accounted_for() {
    // Statements the engine does not model are there, at 0 ms.
    let r = read("def v(request):\n    x = compute_name(request)\n    time.sleep(0.1)\n    return x\n").unwrap();
    let lines: Vec<(u32, &str, f64)> = r.lines.iter().map(|l| (l.line, l.what.key(), l.ms)).collect();
    assert_eq!(lines, [(2, "none", 0.0), (3, "sleep", 100.0), (4, "none", 0.0)]);
}

#[cfg(not(target_arch = "wasm32"))]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Python-ish lines: what the reader recognises, mixed with noise.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("time.sleep(0.1)".to_string()),
            Just("await asyncio.sleep(0.2)".to_string()),
            Just("r = requests.get(URL)".to_string()),
            Just("u = await client.get(URL)".to_string()),
            Just("x = User.objects.get(id=1)".to_string()),
            Just("await asyncio.gather(asyncio.sleep(1), client.get(U))".to_string()),
            Just("for _ in range(3):".to_string()),
            Just("with open(p) as f:".to_string()),
            Just("if x:".to_string()),
            Just("return x".to_string()),
            "[ -~]{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_text_reads_or_is_refused_without_panicking(s in "\\PC{0,300}") {
            let _ = read(&s);
        }

        #[test]
        fn python_ish_views_read_and_their_fixes_read_too(
            is_async in any::<bool>(),
            body in proptest::collection::vec((0usize..4, line()), 1..20),
        ) {
            let mut code = String::from(if is_async { "async def v(request):\n" } else { "def v(request):\n" });
            for (indent, l) in &body {
                code.push_str(&"    ".repeat(indent + 1));
                code.push_str(l);
                code.push('\n');
            }
            if let Ok(r) = read(&code) {
                prop_assert!(r.steps.len() <= sim::handler::MAX_STEPS);
                for f in &r.findings {
                    prop_assert!(read(&f.fixed).is_ok(), "{:?} fix of\n{}\nis\n{}", f.rule, code, f.fixed);
                }
            }
        }
    }
}
