//! The reader's own view: an editor whose code is what both stages run. It is the content of the editor island
//! (`crates/editor`, loaded on demand inside `components::editor_island`), never part of the first download. Each edit is read (after a short pause)
//! by the code reader in its Web Worker (`use_reader`); a good reading becomes the lab's view
//! (`Action::SetCode`), a bad one says what is wrong and where, and the last good view keeps running. Under
//! the editor: how each statement was read, and what a linter would flag, each with its price at the current
//! load (two short runs of the ASGI side, in slices: `use_batch`) and a one-click fix.

use crate::code::python;
use crate::fmt::fmt_rate;
use crate::hooks::use_batch::use_batch;
use crate::hooks::use_reader::{use_reader, ReaderState};
use crate::i18n::{tr, tr_with, Lang, T};
use crate::model::{CodeView, Params};
use gloo_timers::callback::Timeout;
use reader::{ReadError, Reading, Rule, What};
use sim::sweep::{point, Axis};
use sim::{Side, ViewKind};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Pause after the last keystroke before the code is read, ms.
const PAUSE_MS: u32 = 300;
/// Requests each price run answers (enough for a steady throughput, a few milliseconds of engine time).
const PRICE_REQUESTS: u64 = 2_000;

/// The post's examples, one click away: (label, code).
const EXAMPLES: [(&str, &str); 4] = [
    ("bad_view", "import time\n\nasync def bad_view(request):\n    time.sleep(1)  # blocks the event loop!\n    return JsonResponse({'status': 'done'})\n"),
    (
        "fetch_external_api",
        "import asyncio\nimport httpx\n\nasync def fetch_external_api(request):\n    async with httpx.AsyncClient() as client:\n        tasks = [\n            client.get(\"https://api1.example.com/data\"),\n            client.get(\"https://api2.example.com/data\"),\n            client.get(\"https://api3.example.com/data\"),\n        ]\n        responses = await asyncio.gather(*tasks)\n    return JsonResponse({'data': [r.json() for r in responses]})\n",
    ),
    (
        "get_user_sync_way",
        "from asgiref.sync import sync_to_async\n\nasync def get_user_sync_way(request):\n    user = await sync_to_async(User.objects.get)(id=1)\n    return JsonResponse({'username': user.username})\n",
    ),
    (
        "upload_file",
        "async def upload_file(request):\n    file_data = await request.aread()\n    process_file.delay(file_data)  # ~200 ms cpu\n    return JsonResponse({'status': 'uploaded'})\n",
    ),
];

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Params,
    /// Code from a shared link, to read as soon as the editor opens.
    #[prop_or_default]
    pub shared: Option<String>,
    /// A good reading of new code, or `None` to go back to the code the controls write.
    pub on_code: Callback<Option<Rc<CodeView>>>,
}

/// The code the controls write for the ASGI side.
pub fn generated(p: &Params, lang: Lang) -> String {
    let (steps, kind) =
        if p.asgi_sync_view { (p.sync_steps(), ViewKind::Sync) } else { (p.async_steps(), ViewKind::Async) };
    python(&steps, kind, p.io, lang).into_iter().map(|l| l.text + "\n").collect()
}

/// A reading as the lab's view.
fn view_of(code: &str, r: &Reading) -> CodeView {
    let share = crate::share_code::pack(code);
    CodeView { code: code.to_string(), kind: r.kind, asgi: r.steps.clone(), wsgi: r.wsgi_steps.clone(), share }
}

fn what_label(w: What) -> T {
    match w {
        What::Sleep => T::WhatSleep,
        What::AsyncSleep => T::WhatAsleep,
        What::HttpSync => T::WhatHttp,
        What::HttpAsync => T::WhatAhttp,
        What::OrmSync => T::WhatOrm,
        What::OrmAsync => T::WhatAorm,
        What::SyncToAsync { thread_sensitive: true } => T::WhatS2a,
        What::SyncToAsync { thread_sensitive: false } => T::WhatS2aShared,
        What::Gather => T::WhatGather,
        What::Cpu => T::WhatCpu,
        What::Celery => T::WhatCelery,
        What::Open => T::WhatOpen,
        What::Subprocess => T::WhatSubprocess,
        What::Unmodelled => T::WhatNone,
    }
}

fn rule_reason(r: Rule) -> T {
    match r {
        Rule::Async251 => T::FindingAsync251,
        Rule::Async210 => T::FindingAsync210,
        Rule::Async230 => T::FindingAsync230,
        Rule::Async221 => T::FindingAsync221,
        Rule::SyncOrm => T::FindingSyncOrm,
        Rule::Sequential => T::FindingSequential,
    }
}

/// How each statement was read, one per line: "Line 4: blocking HTTP call · 100 ms × 3".
fn lines_text(l: Lang, r: &Reading) -> String {
    let mut out = String::new();
    for x in &r.lines {
        out += &tr_with(l, T::FindingLine, &[("line", &x.line.to_string())]);
        out += ": ";
        out += tr(l, what_label(x.what));
        if x.what.modelled() {
            out += &format!(" · {} ms", crate::url::fmt_num(x.ms));
        }
        if x.times > 1 {
            out += &format!(" × {}", x.times);
        }
        out.push('\n');
    }
    out
}

/// What is wrong with code that did not read, in the reader's language.
fn error_text(l: Lang, e: &ReadError) -> String {
    let n = |v: u32| v.to_string();
    let text = match e {
        ReadError::Syntax { line, column, message } => {
            tr_with(l, T::ReadSyntax, &[("line", &n(*line)), ("col", &n(*column)), ("msg", message)])
        }
        ReadError::TooLarge { bytes } => {
            tr_with(l, T::ReadTooLarge, &[("n", &bytes.to_string()), ("max", &(64 * 1024).to_string())])
        }
        ReadError::TooManyLines { lines } => {
            tr_with(l, T::ReadTooManyLines, &[("n", &lines.to_string()), ("max", "2000")])
        }
        ReadError::TooDeep { line } => tr_with(l, T::ReadTooDeep, &[("line", &n(*line))]),
        ReadError::Binary { line } => tr_with(l, T::ReadBinary, &[("line", &n(*line))]),
        ReadError::NoView => tr(l, T::ReadNoView).to_string(),
    };
    format!("{text} {}", tr(l, T::ReadKept))
}

/// The editor.
#[component]
pub fn CodeEditor(p: &Props) -> Html {
    let l = p.lang;
    let text = use_state(|| p.params.code.as_ref().map_or_else(|| generated(&p.params, l), |c| c.code.clone()));
    let (reader, read) = use_reader();
    let timer = use_mut_ref(|| None::<Timeout>);
    let (batch, price) = use_batch();
    // The code the controls write follows them while the reader has not typed their own.
    {
        let (text, custom) = (text.clone(), p.params.code.is_some());
        use_effect_with((generated(&p.params, l), custom), move |(code, custom)| {
            if !*custom {
                text.set(code.clone());
            }
        });
    }
    // A shared link's code: shown and read at once.
    {
        let (text, read) = (text.clone(), read.clone());
        use_effect_with(p.shared.clone(), move |shared| {
            if let Some(code) = shared {
                text.set(code.clone());
                read.emit(code.clone());
            }
        });
    }
    // A good reading runs; then price each finding at the current load.
    let reading = match &reader {
        ReaderState::Done(r) => r.as_ref().as_ref().ok().cloned(),
        _ => None,
    };
    {
        let (on_code, price, params) = (p.on_code.clone(), price.clone(), p.params.clone());
        let code = (*text).clone();
        use_effect_with(reading.clone(), move |r| {
            if let Some(r) = r {
                let view = Rc::new(view_of(&code, r));
                let base = Params { code: Some(view.clone()), ..params.clone() };
                let mut jobs = vec![(
                    0,
                    Side::Asgi,
                    point(&base.scenario(), Axis::Users, params.users.max(1), Side::Asgi, PRICE_REQUESTS),
                )];
                for (i, f) in r.findings.iter().enumerate() {
                    let fixed = CodeView { asgi: f.fixed_steps.clone(), ..(*view).clone() };
                    let sc = Params { code: Some(Rc::new(fixed)), ..params.clone() }.scenario();
                    jobs.push((
                        i as u32 + 1,
                        Side::Asgi,
                        point(&sc, Axis::Users, params.users.max(1), Side::Asgi, PRICE_REQUESTS),
                    ));
                }
                price.emit(jobs);
                if params.code.as_ref().map(|c| &c.code) != Some(&view.code) {
                    on_code.emit(Some(view));
                }
            }
        });
    }
    let oninput = {
        let (text, timer, read) = (text.clone(), timer.clone(), read.clone());
        Callback::from(move |e: InputEvent| {
            let code = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            text.set(code.clone());
            let read = read.clone();
            *timer.borrow_mut() = Some(Timeout::new(PAUSE_MS, move || read.emit(code)));
        })
    };
    let set_code = {
        let (text, read) = (text.clone(), read.clone());
        move |code: String| {
            let (text, read) = (text.clone(), read.clone());
            Callback::from(move |_: MouseEvent| {
                text.set(code.clone());
                read.emit(code.clone());
            })
        }
    };
    let back = {
        let on_code = p.on_code.clone();
        Callback::from(move |_: MouseEvent| on_code.emit(None))
    };
    let lines = text.lines().count().max(1);
    let flagged: Vec<u32> = reading.iter().flat_map(|r| r.findings.iter().map(|f| f.line)).collect();
    let gutter: String =
        (1..=lines as u32).map(|n| if flagged.contains(&n) { format!("⚠{n}\n") } else { format!("{n}\n") }).collect();
    let status = match &reader {
        ReaderState::Idle => None,
        ReaderState::Busy => Some(("reader-busy", tr(l, T::ReaderBusy).to_string())),
        ReaderState::Failed => Some(("reader-error", tr(l, T::ReaderFailed).to_string())),
        ReaderState::Done(r) => Some(match r.as_ref() {
            Err(e) => ("reader-error", error_text(l, e)),
            Ok(r) => {
                let m = r.lines.iter().filter(|x| x.what.modelled()).count();
                let mut s = tr_with(
                    l,
                    T::ReadOk,
                    &[("name", &r.name), ("m", &m.to_string()), ("n", &r.lines.len().to_string())],
                );
                if r.truncated {
                    s = format!(
                        "{s} {}",
                        tr_with(l, T::ReadTruncated, &[("max", &sim::handler::MAX_STEPS.to_string())])
                    );
                }
                ("reader-ok", s)
            }
        }),
    };
    let rps = |label: u32| {
        batch
            .results
            .iter()
            .find(|r| r.x == label && !batch.running)
            .map(|r| fmt_rate(l, Some(r.summary.throughput_per_s)))
    };
    html! {
        <>
            <p class="editor-hint">{tr(l, T::EditorHint)}</p>
            <p class="editor-examples">{tr(l, T::EditorExamples)}{" "}
                { for EXAMPLES.iter().map(|(name, code)| html! {
                    <button type="button" class="chip" data-testid={format!("example-{name}")} onclick={set_code(code.to_string())}>{*name}</button>
                }) }
            </p>
            <div class="editor-box">
                <pre class="gutter" aria-hidden="true">{gutter}</pre>
                <textarea data-testid="editor-code" aria-label={tr(l, T::EditorLabel)} spellcheck="false" autocapitalize="off"
                    wrap="off" rows={(lines + 1).max(6).to_string()} value={(*text).clone()} {oninput} />
            </div>
            if let Some((class, s)) = status {
                <p class={classes!("reader-status", class)} role="status" data-testid="reader-status">{s}</p>
            }
            if let Some(r) = &reading {
                <pre class="reader-lines" data-testid="reader-lines">{lines_text(l, r)}</pre>
                if !r.findings.is_empty() {
                    <h4>{tr(l, T::FindingsTitle)}</h4>
                    <ul class="findings" data-testid="findings">
                        { for r.findings.iter().enumerate().map(|(i, f)| html! {
                            <li data-testid="finding" data-line={f.line.to_string()} data-rule={f.rule.code()}>
                                <strong>{tr_with(l, T::FindingLine, &[("line", &f.line.to_string())])}{" · "}<code>{f.rule.code()}</code></strong>
                                {" "}{tr(l, rule_reason(f.rule))}
                                if let (Some(before), Some(after)) = (rps(0), rps(i as u32 + 1)) {
                                    <span class="price" data-testid="finding-price">{" — "}{tr_with(l, T::FindingPrice, &[("users", &p.params.users.to_string()), ("before", &before), ("after", &after)])}</span>
                                }
                                {" "}<button type="button" data-testid="apply-fix" onclick={set_code(f.fixed.clone())}>{tr(l, T::ApplyFix)}</button>
                            </li>
                        }) }
                    </ul>
                }
            }
            if p.params.code.is_some() {
                if p.params.code.as_ref().is_some_and(|c| c.kind == ViewKind::Async) {
                    <p class="editor-hint">{tr(l, T::WsgiAsyncNote)}</p>
                }
                <button type="button" data-testid="editor-back" onclick={back}>{tr(l, T::EditorBack)}</button>
            }
        </>
    }
}
