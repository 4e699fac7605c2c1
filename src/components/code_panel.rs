//! The Python views the toggles describe, highlighted; the followed request's current line is lit on each side.

use crate::code::{python, tokens, CodeLine};
use crate::i18n::{tr, Lang, T};
use crate::model::Params;
use sim::ViewKind;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Params,
    /// The followed request's current step on the ASGI and WSGI sides, and how far through it (0–1).
    pub lit: [Option<(u16, f32)>; 2],
}

fn block(title: &str, side: &'static str, lines: &[CodeLine], lit: Option<(u16, f32)>) -> Html {
    html! {
        <figure class={classes!("code", side)}>
            <figcaption>{title.to_string()}</figcaption>
            <pre data-testid={format!("code-{side}")}><code>
                { for lines.iter().map(|l| {
                    let on = l.step.is_some() && l.step.map(|s| s as u16) == lit.map(|(line, _)| line);
                    // How much of the line's work is done, for the followed request.
                    let done = lit.filter(|_| on).map(|(_, f)| format!("  ◀ {:.0}%", (f * 100.0).clamp(0.0, 100.0)));
                    html! {
                        <span class={classes!("line", on.then_some("lit"))} aria-current={on.then_some("step")}>
                            { for tokens(&l.text).into_iter().map(|(t, s)| {
                                if t.class().is_empty() { html! { {s.to_string()} } }
                                else { html! { <span class={t.class()}>{s.to_string()}</span> } }
                            }) }
                            if let Some(d) = done { <span class="done" data-testid={format!("progress-{side}")}>{d}</span> }
                            {"\n"}
                        </span>
                    }
                }) }
            </code></pre>
        </figure>
    }
}

/// Both views side by side.
#[component]
pub fn CodePanel(p: &Props) -> Html {
    let v = &p.params;
    let (asgi_steps, asgi_kind) =
        if v.asgi_sync_view { (v.sync_steps(), ViewKind::Sync) } else { (v.async_steps(), ViewKind::Async) };
    let (asgi, wsgi) = match &v.code {
        // The reader's own view: as typed on the ASGI side (which line runs is not tracked for typed code), and on
        // the WSGI side the same `def` view, or an `async def` one's synchronous equivalent.
        Some(c) => {
            let typed: Vec<CodeLine> = c.code.lines().map(|t| CodeLine { text: t.to_string(), step: None }).collect();
            let wsgi =
                if c.kind == ViewKind::Sync { typed.clone() } else { python(&c.wsgi, ViewKind::Sync, v.io, p.lang) };
            (typed, wsgi)
        }
        None => (python(&asgi_steps, asgi_kind, v.io, p.lang), python(&v.sync_steps(), ViewKind::Sync, v.io, p.lang)),
    };
    html! {
        <div class="code-panel">
            { block(tr(p.lang, T::CodeAsgi), "asgi", &asgi, p.lit[0]) }
            { block(tr(p.lang, T::CodeWsgi), "wsgi", &wsgi, p.lit[1]) }
        </div>
    }
}
