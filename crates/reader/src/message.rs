//! The messages between the page and the Web Worker that reads code (`crates/reader-worker`): the page sends
//! `request(id, code)`, the worker answers `answer(id, result)`. Plain text (tab-separated lines), so the page
//! decodes them without a JSON parser in its download. Steps are written in the corpus's notation
//! (`cpu20 await100 s2a(db5) s2a!(block100) gather(await100,await100) db5 block100 offload20`).

use crate::{Finding, Line, ReadError, Reading, Rule, What};
use sim::{Dist, Step, ViewKind};

/// What the worker sends once its parser is loaded: messages sent to it before would be lost.
pub const READY: &str = "ready";

/// The page's request: an id (answers to older ids are dropped) and the code.
pub fn request(id: u64, code: &str) -> String {
    format!("{id}\n{code}")
}

/// The worker's reading of a request.
pub fn parse_request(msg: &str) -> Option<(u64, &str)> {
    let (id, code) = msg.split_once('\n').unwrap_or((msg, ""));
    Some((id.parse().ok()?, code))
}

/// Steps as text.
pub fn steps(steps: &[Step]) -> String {
    fn one(s: &Step) -> String {
        let n = |d: &Dist| format!("{}", thousandths(d.mean_ms()));
        match s {
            Step::Cpu(d) => format!("cpu{}", n(d)),
            Step::AwaitIo(d) => format!("await{}", n(d)),
            Step::BlockingIo(d) => format!("block{}", n(d)),
            Step::Db(d) => format!("db{}", n(d)),
            Step::Offload(d) => format!("offload{}", n(d)),
            Step::Gather(c) => format!("gather({})", c.iter().map(one).collect::<Vec<_>>().join(",")),
            Step::SyncToAsync { step, thread_sensitive: true } => format!("s2a({})", one(step)),
            Step::SyncToAsync { step, thread_sensitive: false } => format!("s2a!({})", one(step)),
        }
    }
    steps.iter().map(one).collect::<Vec<_>>().join(" ")
}

/// Text as steps (at most `sim::handler::MAX_STEPS` in a list, nested at most 3 deep).
pub fn parse_steps(text: &str) -> Option<Vec<Step>> {
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let out = p.list(b' ', 0)?;
    (p.i == p.s.len()).then_some(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn list(&mut self, sep: u8, depth: u32) -> Option<Vec<Step>> {
        let mut out = Vec::new();
        while self.i < self.s.len() && self.s[self.i] != b')' {
            if out.len() == sim::handler::MAX_STEPS {
                return None;
            }
            out.push(self.step(depth)?);
            if self.s.get(self.i) == Some(&sep) {
                self.i += 1;
            }
        }
        Some(out)
    }

    fn step(&mut self, depth: u32) -> Option<Step> {
        let rest = &self.s[self.i..];
        let nested =
            [("gather(", 0u8), ("s2a!(", 1), ("s2a(", 2)].into_iter().find(|(p, _)| rest.starts_with(p.as_bytes()));
        if let Some((prefix, which)) = nested {
            if depth >= 3 {
                return None;
            }
            self.i += prefix.len();
            let inner = self.list(b',', depth + 1)?;
            if self.s.get(self.i) != Some(&b')') {
                return None;
            }
            self.i += 1;
            return match which {
                0 => Some(Step::Gather(inner)),
                _ => {
                    let [step] = <[Step; 1]>::try_from(inner).ok()?;
                    Some(Step::SyncToAsync { step: Box::new(step), thread_sensitive: which == 2 })
                }
            };
        }
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphabetic() {
            self.i += 1;
        }
        let word = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        let num_start = self.i;
        while self.i < self.s.len() && (self.s[self.i].is_ascii_digit() || self.s[self.i] == b'.') {
            self.i += 1;
        }
        let ms = decimal(std::str::from_utf8(&self.s[num_start..self.i]).ok()?)?;
        if !(0.0..=sim::handler::MAX_STEP_MS).contains(&ms) {
            return None;
        }
        let d = Dist::Fixed(ms);
        Some(match word {
            "cpu" => Step::Cpu(d),
            "await" => Step::AwaitIo(d),
            "block" => Step::BlockingIo(d),
            "db" => Step::Db(d),
            "offload" => Step::Offload(d),
            _ => return None,
        })
    }
}

/// Milliseconds as written in messages: to the microsecond.
pub fn thousandths(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// `12` or `12.345` (no sign, no exponent). Not `str::parse::<f64>`, whose exact algorithm would add about 10 KB
/// (gzipped) of tables to the page's download for numbers written here with at most three decimals.
fn decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() || frac.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let whole = int.parse::<u64>().ok()? as f64;
    let part = if frac.is_empty() { 0.0 } else { frac.parse::<u64>().ok()? as f64 / 10f64.powi(frac.len() as i32) };
    Some(whole + part)
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t").replace('\r', "")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The worker's answer to request `id`.
pub fn answer(id: u64, result: &Result<Reading, ReadError>) -> String {
    let mut out = format!("{id}\n");
    match result {
        Err(e) => {
            let fields = match e {
                ReadError::TooLarge { bytes } => format!("too_large\t{bytes}"),
                ReadError::TooManyLines { lines } => format!("too_many_lines\t{lines}"),
                ReadError::TooDeep { line } => format!("too_deep\t{line}"),
                ReadError::Binary { line } => format!("binary\t{line}"),
                ReadError::Syntax { line, column, message } => format!("syntax\t{line}\t{column}\t{}", escape(message)),
                ReadError::NoView => "no_view".into(),
            };
            out.push_str(&format!("err\t{fields}\n"));
        }
        Ok(r) => {
            let kind = if r.kind == ViewKind::Async { "async" } else { "sync" };
            out.push_str(&format!("ok\t{kind}\t{}\t{}\n", u8::from(r.truncated), escape(&r.name)));
            out.push_str(&format!("steps\t{}\n", steps(&r.steps)));
            out.push_str(&format!("wsgi\t{}\n", steps(&r.wsgi_steps)));
            for l in &r.lines {
                out.push_str(&format!("line\t{}\t{}\t{}\t{}\n", l.line, l.what.key(), thousandths(l.ms), l.times));
            }
            for f in &r.findings {
                out.push_str(&format!(
                    "finding\t{}\t{}\t{}\t{}\n",
                    f.line,
                    f.rule.code(),
                    steps(&f.fixed_steps),
                    escape(&f.fixed)
                ));
            }
        }
    }
    out
}

/// The page's reading of an answer: its id and result. `None` for a message that is not an answer.
pub fn parse_answer(msg: &str) -> Option<(u64, Result<Reading, ReadError>)> {
    let mut lines = msg.lines();
    let id: u64 = lines.next()?.parse().ok()?;
    let head: Vec<&str> = lines.next()?.split('\t').collect();
    let num = |s: Option<&&str>| s.and_then(|s| s.parse::<u32>().ok());
    if head.first() == Some(&"err") {
        let e = match head.get(1).copied()? {
            "too_large" => ReadError::TooLarge { bytes: head.get(2)?.parse().ok()? },
            "too_many_lines" => ReadError::TooManyLines { lines: head.get(2)?.parse().ok()? },
            "too_deep" => ReadError::TooDeep { line: num(head.get(2))? },
            "binary" => ReadError::Binary { line: num(head.get(2))? },
            "syntax" => ReadError::Syntax {
                line: num(head.get(2))?,
                column: num(head.get(3))?,
                message: unescape(head.get(4).copied().unwrap_or("")),
            },
            "no_view" => ReadError::NoView,
            _ => return None,
        };
        return Some((id, Err(e)));
    }
    if head.first() != Some(&"ok") {
        return None;
    }
    let mut r = Reading {
        kind: if head.get(1) == Some(&"sync") { ViewKind::Sync } else { ViewKind::Async },
        truncated: head.get(2) == Some(&"1"),
        name: unescape(head.get(3).copied().unwrap_or("")),
        lines: Vec::new(),
        steps: Vec::new(),
        wsgi_steps: Vec::new(),
        findings: Vec::new(),
    };
    for l in lines {
        let f: Vec<&str> = l.split('\t').collect();
        match f.first().copied() {
            Some("steps") => r.steps = parse_steps(f.get(1).copied().unwrap_or(""))?,
            Some("wsgi") => r.wsgi_steps = parse_steps(f.get(1).copied().unwrap_or(""))?,
            Some("line") => r.lines.push(Line {
                line: num(f.get(1))?,
                what: What::from_key(f.get(2)?)?,
                ms: decimal(f.get(3)?)?,
                times: num(f.get(4))?,
                site: None,
            }),
            Some("finding") => r.findings.push(Finding {
                line: num(f.get(1))?,
                rule: Rule::from_code(f.get(2)?)?,
                fixed_steps: parse_steps(f.get(3)?)?,
                fixed: unescape(f.get(4)?),
            }),
            _ => return None,
        }
    }
    Some((id, Ok(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_and_bad_text_is_refused() {
        for s in ["", "cpu20 await100.5 s2a(db5) s2a!(block100) gather(await100,s2a(db2)) offload20 db5 block1"] {
            assert_eq!(steps(&parse_steps(s).unwrap()), s);
        }
        for bad in
            ["cpu", "nap5", "gather(await1", "s2a(db1,db2)", "gather(gather(gather(gather(db1))))", "db-1", "db9999999"]
        {
            assert_eq!(parse_steps(bad), None, "{bad}");
        }
        assert_eq!(parse_steps(&vec!["db1"; 65].join(" ")), None);
    }

    #[cfg(feature = "parse")]
    #[test]
    fn an_answer_reads_back_as_the_reading_it_was() {
        let code = "import time\n\nasync def v(request):\n    time.sleep(0.1)\n    x = 1\n\tbad = '\\t'\n";
        let cpu = "def v(request):\n    for i in range(10000000):\n        x = i\n";
        for code in [code, cpu, "async def v(request):\n    time.sleep(0.1)\n    return 1\n", "def (", "x = 1"] {
            let r = crate::read(code);
            let sent = answer(7, &r);
            let (id, back) = parse_answer(&sent).unwrap();
            assert_eq!(id, 7);
            // What the page rebuilds says exactly what was sent (sites stay in the worker; times to the µs).
            assert_eq!(answer(7, &back), sent, "{code}");
            assert_eq!(back.as_ref().map(|b| b.findings.len()).ok(), r.as_ref().map(|r| r.findings.len()).ok());
        }
        assert_eq!(parse_request(&request(3, "a\nb")), Some((3, "a\nb")));
        assert_eq!(parse_answer("nonsense"), None);
    }
}
