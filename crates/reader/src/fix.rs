//! Comments that set a line's duration, and the findings with their fixes.

use crate::kinds::What;
use crate::{Call, Finding, Line, Reading, Rule, Site};
use sim::ViewKind;

/// A line's duration (ms) and kind from its comment: `# loop-lab: 30ms cpu` (kind optional), or `# ~30 ms`
/// followed by an optional kind word (`# ~20 ms CPU`). `None` when the line says nothing.
pub fn annotation(line: &str) -> Option<(f64, Option<What>)> {
    let comment = line.split_once('#')?.1;
    let rest = match comment.find("loop-lab:") {
        Some(i) => &comment[i + "loop-lab:".len()..],
        None => &comment[comment.find('~')? + 1..],
    };
    let rest = rest.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let value: f64 = rest[..end].parse().ok().filter(|v: &f64| v.is_finite())?;
    let after = rest[end..].trim_start();
    let (scale, after) = if let Some(a) = after.strip_prefix("ms") {
        (1.0, a)
    } else if let Some(a) = after.strip_prefix('s').filter(|a| !a.starts_with(char::is_alphabetic)) {
        (1000.0, a)
    } else {
        return None;
    };
    let word =
        after.split_whitespace().next().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase());
    Some(((value * scale).clamp(0.0, sim::handler::MAX_STEP_MS), word.and_then(|w| What::from_word(&w))))
}

/// One text edit: replace `range` of the code with `text`.
struct Edit {
    range: (usize, usize),
    text: String,
}

/// What a fix needs at the top of the file.
#[derive(Clone, Copy, PartialEq)]
enum Import {
    Asyncio,
    SyncToAsync,
    AsyncClient,
}

/// Every finding of an `async def` view (a `def` view may block: that is what its worker is for).
pub fn findings(code: &str, r: &Reading) -> Vec<Finding> {
    if r.kind != ViewKind::Async {
        return Vec::new();
    }
    let mut out = Vec::new();
    for l in &r.lines {
        let Some(site) = &l.site else { continue };
        let Some(call) = &site.call else { continue };
        // Each fix puts an `await` in front of a blocking call: one already awaited is not Python's blocking call.
        if call.awaited && !site.for_loop {
            continue;
        }
        let fix = match l.what {
            What::Sleep => Some((Rule::Async251, sleep_fix(code, call))),
            What::HttpSync => Some((Rule::Async210, http_fix(code, call))),
            What::Open => Some((Rule::Async230, (wrap_fix(code, call), vec![Import::SyncToAsync]))),
            What::Subprocess => Some((Rule::Async221, (wrap_fix(code, call), vec![Import::SyncToAsync]))),
            What::OrmSync => Some((Rule::SyncOrm, orm_fix(code, site, call))),
            _ => None,
        };
        if let Some((rule, (edits, imports))) = fix {
            out.push(Finding { line: l.line, rule, fixed: apply(code, edits, &imports), fixed_steps: Vec::new() });
        }
    }
    out.extend(sequential(code, &r.lines));
    out
}

fn sleep_fix(code: &str, call: &Call) -> (Vec<Edit>, Vec<Import>) {
    (
        parenthesised(code, call, vec![Edit { range: call.func, text: "await asyncio.sleep".into() }]),
        vec![Import::Asyncio],
    )
}

/// `edits` that put `await` in front of `call`, with the call in parentheses when the code goes on from its result
/// (`(await client.get(u)).json()`: `await` binds looser than `.` and `[`).
fn parenthesised(code: &str, call: &Call, mut edits: Vec<Edit>) -> Vec<Edit> {
    if matches!(code[call.range.1..].chars().next(), Some('.' | '[' | '(')) {
        edits.push(Edit { range: (call.range.0, call.range.0), text: "(".into() });
        edits.push(Edit { range: (call.range.1, call.range.1), text: ")".into() });
    }
    edits
}

/// `requests.get(u)` → `await client.get(u)` (a shared `httpx.AsyncClient`); a sync client's `client.get(u)` →
/// `await client.get(u)` (the client made async where it is created).
fn http_fix(code: &str, call: &Call) -> (Vec<Edit>, Vec<Import>) {
    let func = &code[call.func.0..call.func.1];
    let method = func.rsplit('.').next().unwrap_or("get");
    let module = func.split('.').next().unwrap_or("");
    if matches!(module, "requests" | "httpx") || func.contains("urlopen") || func == "urllib3.request" {
        let method = if func.contains("urlopen") || func == "urllib3.request" { "get" } else { method };
        let edits = vec![Edit { range: call.func, text: format!("await client.{method}") }];
        (parenthesised(code, call, edits), vec![Import::AsyncClient])
    } else {
        (
            parenthesised(code, call, vec![Edit { range: (call.range.0, call.range.0), text: "await ".into() }]),
            Vec::new(),
        )
    }
}

/// `f(args)` → `await sync_to_async(f)(args)`.
fn wrap_fix(code: &str, call: &Call) -> Vec<Edit> {
    let edits = vec![
        Edit { range: (call.func.0, call.func.0), text: "await sync_to_async(".into() },
        Edit { range: (call.func.1, call.func.1), text: ")".into() },
    ];
    parenthesised(code, call, edits)
}

/// `X.objects.get(...)` → `await X.objects.aget(...)`; `obj.save()` → `await obj.asave()`; `for x in qs:` →
/// `async for x in qs:`; anything else (`list(qs)`) through `sync_to_async`.
fn orm_fix(code: &str, site: &Site, call: &Call) -> (Vec<Edit>, Vec<Import>) {
    if site.for_loop {
        let header = &code[site.stmt.0..];
        if header.starts_with("for ") {
            return (vec![Edit { range: (site.stmt.0, site.stmt.0), text: "async ".into() }], Vec::new());
        }
    }
    let func = &code[call.func.0..call.func.1];
    if let Some(dot) = func.rfind('.') {
        let method = &func[dot + 1..];
        if crate::kinds::ORM_QUERIES.contains(&method) || crate::kinds::INSTANCE_QUERIES.contains(&method) {
            let at = call.func.0 + dot + 1;
            let edits = vec![
                Edit { range: (call.range.0, call.range.0), text: "await ".into() },
                Edit { range: (at, at), text: "a".into() },
            ];
            return (parenthesised(code, call, edits), Vec::new());
        }
    }
    (wrap_fix(code, call), vec![Import::SyncToAsync])
}

/// Independent awaited calls one after another (each a whole statement, at the view's level): one finding on the
/// first, fixed by one `asyncio.gather`.
fn sequential(code: &str, lines: &[Line]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut run: Vec<(&Line, &Site, &Call)> = Vec::new();
    let flush = |run: &mut Vec<(&Line, &Site, &Call)>, out: &mut Vec<Finding>| {
        if run.len() >= 2 {
            let calls: Vec<String> = run.iter().map(|(_, _, c)| code[c.range.0..c.range.1].to_string()).collect();
            let targets: Vec<String> =
                run.iter().map(|(_, s, _)| s.target.clone().unwrap_or_else(|| "_".into())).collect();
            let lhs =
                if targets.iter().all(|t| t == "_") { String::new() } else { format!("{} = ", targets.join(", ")) };
            let text = format!("{lhs}await asyncio.gather({})", calls.join(", "));
            let range = (run[0].1.stmt.0, run[run.len() - 1].1.stmt.1);
            out.push(Finding {
                line: run[0].0.line,
                rule: Rule::Sequential,
                fixed: apply(code, vec![Edit { range, text }], &[Import::Asyncio]),
                fixed_steps: Vec::new(),
            });
        }
        run.clear();
    };
    for l in lines {
        let candidate = match (&l.site, l.what) {
            (Some(s), What::HttpAsync | What::AsyncSleep) if s.whole && l.times == 1 => s.call.as_ref().map(|c| (s, c)),
            _ => None,
        };
        match candidate {
            Some((s, c)) => {
                let reads_earlier = run.iter().any(|(_, es, _)| es.target.as_ref().is_some_and(|t| c.uses.contains(t)));
                if reads_earlier {
                    flush(&mut run, &mut out);
                }
                run.push((l, s, c));
            }
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The code with `edits` applied (from the last to the first, so offsets stay valid) and `imports` added at the
/// top when the code lacks them.
fn apply(code: &str, mut edits: Vec<Edit>, imports: &[Import]) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.range));
    let mut s = code.to_string();
    for e in edits {
        s.replace_range(e.range.0..e.range.1, &e.text);
    }
    let mut head = String::new();
    for i in imports {
        let (needle, line) = match i {
            Import::Asyncio => ("import asyncio", "import asyncio\n"),
            Import::SyncToAsync => ("import sync_to_async", "from asgiref.sync import sync_to_async\n"),
            Import::AsyncClient => ("AsyncClient(", "import httpx\n\nclient = httpx.AsyncClient()\n\n"),
        };
        if !s.contains(needle) && !head.contains(line) {
            head.push_str(line);
        }
    }
    if head.is_empty() {
        s
    } else {
        format!("{head}{s}")
    }
}
