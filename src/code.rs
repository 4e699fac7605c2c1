//! The Python view the current toggles describe, line by line, with each line tied to the step it stands for
//! (so a followed request can light its current line), and a tiny tokenizer for syntax highlighting. Pure.

use crate::i18n::{tr, Lang, T};
use crate::model::IoStyle;
use sim::{Dist, Step, ViewKind};

/// One line of code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeLine {
    /// The text (indented with spaces).
    pub text: String,
    /// The index of the view step this line runs, if any.
    pub step: Option<usize>,
}

fn ms(d: &Dist) -> f64 {
    d.mean_ms()
}

fn secs(d: &Dist) -> String {
    let s = ms(d) / 1000.0;
    let t = format!("{s:.3}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t.is_empty() {
        "0".into()
    } else {
        t.to_string()
    }
}

fn call(step: &Step, io: IoStyle, i: usize) -> String {
    match step {
        Step::AwaitIo(d) => match io {
            IoStyle::Httpx | IoStyle::Requests => format!("await client.get(URLS[{i}])  # ~{:.0} ms", ms(d)),
            _ => format!("await asyncio.sleep({})", secs(d)),
        },
        Step::BlockingIo(d) => match io {
            IoStyle::Requests | IoStyle::Httpx => format!("requests.get(URLS[{i}])  # ~{:.0} ms", ms(d)),
            _ => format!("time.sleep({})", secs(d)),
        },
        _ => String::new(),
    }
}

/// The view as Python. `kind` is `async def` or `def`; `io` picks how external calls are written.
pub fn python(steps: &[Step], kind: ViewKind, io: IoStyle, lang: Lang) -> Vec<CodeLine> {
    let mut out = Vec::new();
    let line = |text: String, step: Option<usize>| CodeLine { text, step };
    let is_async = kind == ViewKind::Async;
    out.push(line(if is_async { "async def view(request):" } else { "def view(request):" }.into(), None));
    let mut call_i = 0;
    for (i, s) in steps.iter().enumerate() {
        let text = match s {
            Step::Cpu(d) => format!(
                "    data = crunch(request)  # {}",
                tr(lang, T::CodeCpu).replace("{}", &format!("{:.0}", ms(d)))
            ),
            Step::AwaitIo(_) | Step::BlockingIo(_) => {
                let c = call(s, io, call_i);
                call_i += 1;
                let blocking = matches!(s, Step::BlockingIo(_));
                if blocking && is_async {
                    format!("    {c}  # {}", tr(lang, T::CodeBlocksLoop))
                } else {
                    format!("    {c}")
                }
            }
            Step::Gather(children) => {
                let calls: Vec<String> = children
                    .iter()
                    .map(|c| {
                        let t = call(c, io, call_i);
                        call_i += 1;
                        let t = t.split("  #").next().unwrap_or("").trim().to_string();
                        t.strip_prefix("await ").unwrap_or(&t).to_string()
                    })
                    .collect();
                format!("    await asyncio.gather({})", calls.join(", "))
            }
            Step::SyncToAsync { thread_sensitive, .. } => {
                if *thread_sensitive {
                    "    user = await sync_to_async(User.objects.get)(id=1)".into()
                } else {
                    "    user = await sync_to_async(User.objects.get, thread_sensitive=False)(id=1)".into()
                }
            }
            Step::Db(_) => {
                if is_async {
                    format!("    user = User.objects.get(id=1)  # {}", tr(lang, T::CodeSyncOrm))
                } else {
                    "    user = User.objects.get(id=1)".into()
                }
            }
            Step::Offload(_) => "    process_file.delay(request.body)".into(),
        };
        out.push(line(text, Some(i)));
    }
    out.push(line("    return JsonResponse({\"ok\": True})".into(), None));
    out
}

/// A highlighted piece of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Keyword,
    Builtin,
    Number,
    Str,
    Comment,
}

impl Tok {
    /// CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "",
            Tok::Keyword => "kw",
            Tok::Builtin => "bi",
            Tok::Number => "num",
            Tok::Str => "str",
            Tok::Comment => "com",
        }
    }
}

const KEYWORDS: &[&str] =
    &["async", "await", "def", "return", "import", "from", "with", "as", "for", "in", "True", "False", "None"];
const BUILTINS: &[&str] = &["asyncio", "time", "requests", "sync_to_async", "JsonResponse", "User"];

/// Splits a line into highlighted pieces.
pub fn tokens(line: &str) -> Vec<(Tok, &str)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    let mut plain_start = 0;
    fn flush<'a>(out: &mut Vec<(Tok, &'a str)>, from: usize, to: usize, src: &'a str) {
        if to > from {
            out.push((Tok::Plain, &src[from..to]));
        }
    }
    while i < b.len() {
        let c = b[i];
        if c == b'#' {
            flush(&mut out, plain_start, i, line);
            out.push((Tok::Comment, &line[i..]));
            return out;
        }
        if c == b'"' || c == b'\'' {
            flush(&mut out, plain_start, i, line);
            let end = line[i + 1..].find(c as char).map_or(line.len(), |e| i + 1 + e + 1);
            out.push((Tok::Str, &line[i..end]));
            i = end;
            plain_start = i;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &line[start..i];
            let tok = if KEYWORDS.contains(&word) {
                Tok::Keyword
            } else if BUILTINS.contains(&word) {
                Tok::Builtin
            } else {
                continue;
            };
            flush(&mut out, plain_start, start, line);
            out.push((tok, word));
            plain_start = i;
            continue;
        }
        if c.is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            flush(&mut out, plain_start, start, line);
            out.push((Tok::Number, &line[start..i]));
            plain_start = i;
            continue;
        }
        i += 1;
    }
    flush(&mut out, plain_start, b.len(), line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IoStyle, Params};

    #[test]
    fn every_step_has_exactly_one_line() {
        let p = Params { calls: 3, gather: true, orm: crate::model::Orm::SyncToAsyncTs, ..Params::default() };
        let steps = p.async_steps();
        let lines = python(&steps, ViewKind::Async, p.io, Lang::En);
        for i in 0..steps.len() {
            assert_eq!(lines.iter().filter(|l| l.step == Some(i)).count(), 1, "step {i}");
        }
        assert!(lines[0].text.starts_with("async def"));
        assert!(lines.iter().any(|l| l.text.contains("asyncio.gather(asyncio.sleep(0.1)")));
    }

    #[test]
    fn time_sleep_in_async_view_is_flagged() {
        let p = Params { io: IoStyle::TimeSleep, ..Params::default() };
        let lines = python(&p.async_steps(), ViewKind::Async, p.io, Lang::En);
        assert!(lines.iter().any(|l| l.text.contains("time.sleep(0.1)  # blocks the loop!")));
        let sync = python(&p.sync_steps(), ViewKind::Sync, p.io, Lang::Ko);
        assert!(sync.iter().any(|l| l.text == "    time.sleep(0.1)"));
        let ko = python(&p.async_steps(), ViewKind::Async, p.io, Lang::Ko);
        assert!(ko.iter().any(|l| l.text.contains("# 루프를 막습니다!")), "Korean comments in the Korean page");
    }

    #[test]
    fn tokens_cover_the_line_and_find_keywords() {
        let line = "    await asyncio.sleep(0.25)  # wait";
        let t = tokens(line);
        assert_eq!(t.iter().map(|p| p.1).collect::<String>(), line);
        assert!(t.contains(&(Tok::Keyword, "await")));
        assert!(t.contains(&(Tok::Builtin, "asyncio")));
        assert!(t.contains(&(Tok::Number, "0.25")));
        assert!(t.contains(&(Tok::Comment, "# wait")));
        let s = tokens(r#"    return JsonResponse({"ok": True})"#);
        assert!(s.contains(&(Tok::Str, "\"ok\"")));
    }
}
