//! One stage: its caption, the canvas the painter draws on (click a dot to follow it), its live numbers, and a
//! calm text summary for screen readers. Numbers a scene's question is about are masked until the reader answers;
//! the run before the reader's last change is shown beside the numbers it changed.

use crate::fmt::{fmt_mb, fmt_opt_ms, fmt_rate};
use crate::i18n::{stage_summary, tr, Lang, T};
use crate::lab::SideStats;
use crate::scenes::Ask;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// `asgi` or `wsgi` (CSS class and test ids).
    pub side: &'static str,
    pub title: T,
    pub subtitle: T,
    pub canvas: NodeRef,
    pub stats: SideStats,
    /// The same side's numbers at the end of the run before the last change, if any.
    #[prop_or_default]
    pub before: Option<SideStats>,
    /// Numbers hidden until the reader answers the scene's question.
    #[prop_or_default]
    pub masked: &'static [Ask],
    /// Called with (x, y) in CSS pixels when the canvas is clicked, or with `None` for Enter on it.
    pub on_pick: Callback<Option<(f64, f64)>>,
}

/// The screen-reader summary of a stage. It changes at most every few seconds, so announcements stay calm.
#[hook]
fn use_calm_summary(p: &Props) -> String {
    let s = &p.stats;
    let asgi = p.side == "asgi";
    let summary = use_state(String::new);
    let last = use_mut_ref(|| 0.0f64);
    let now = js_sys::Date::now();
    let tput = if p.masked.contains(&Ask::Throughput) { None } else { s.throughput };
    let text = stage_summary(p.lang, asgi, if asgi { s.busy } else { 0 }, s.units, s.busy, s.queue, tput);
    if now - *last.borrow() > 3000.0 && *summary != text {
        *last.borrow_mut() = now;
        summary.set(text);
    }
    (*summary).clone()
}

/// One live number: `value` ("?" while the question `ask` is about it), with the run before's `before` beside it
/// when that differs.
fn stat(p: &Props, key: &'static str, label: T, ask: Option<Ask>, value: String, before: Option<String>) -> Html {
    let l = p.lang;
    let masked = ask.is_some_and(|a| p.masked.contains(&a));
    let before = before.filter(|b| !masked && *b != value);
    html! {
        <div class={classes!("stat", masked.then_some("masked"))}>
            <dt>{tr(l, label)}</dt>
            <dd title={masked.then(|| tr(l, T::Masked))}>
                <span data-testid={format!("stat-{}-{key}", p.side)}>{ if masked { "?".to_string() } else { value } }</span>
                if let Some(b) = before {
                    <span class="before" data-testid={format!("before-{}-{key}", p.side)}>
                        {tr(l, T::BeforeLabel)}{" "}{b}
                    </span>
                }
            </dd>
        </div>
    }
}

/// The live numbers: throughput, latency, memory (each beside the run before, if kept), in flight, queue, and
/// the loop lag (ASGI).
fn stats(p: &Props) -> Html {
    let (l, s, b) = (p.lang, &p.stats, p.before.as_ref());
    html! {
        <dl class="stats" data-testid={format!("stats-{}", p.side)}>
            { stat(p, "throughput", T::Throughput, Some(Ask::Throughput), fmt_rate(l, s.throughput), b.map(|b| fmt_rate(l, b.throughput))) }
            { stat(p, "p50", T::P50, Some(Ask::Latency), fmt_opt_ms(s.p50_ms), b.map(|b| fmt_opt_ms(b.p50_ms))) }
            { stat(p, "p99", T::P99, Some(Ask::Latency), fmt_opt_ms(s.p99_ms), b.map(|b| fmt_opt_ms(b.p99_ms))) }
            { stat(p, "memory", T::Memory, Some(Ask::Memory), fmt_mb(s.memory_mb), b.map(|b| fmt_mb(b.memory_mb))) }
            { stat(p, "inflight", T::InFlight, None, s.in_flight.to_string(), None) }
            { stat(p, "queue", T::Queue, None, s.queue.to_string(), None) }
            if let Some(lag) = s.loop_lag_ms { { stat(p, "lag", T::LoopLag, None, crate::fmt::fmt_ms(lag), None) } }
        </dl>
    }
}

/// One count of the live window; a bad ending that happened is marked, and bad endings read "?" while the
/// question is about failures.
fn count(p: &Props, key: &'static str, label: T, n: u64) -> Html {
    let failures_masked = p.masked.contains(&Ask::Failures);
    let shown = if failures_masked && key != "completed" { "?".to_string() } else { n.to_string() };
    let bad = key != "completed" && n > 0 && !failures_masked;
    html! {
        <li class={classes!(bad.then_some("bad"))}>{tr(p.lang, label)}{" "}
            <strong data-testid={format!("stat-{}-{key}", p.side)}>{shown}</strong></li>
    }
}

/// The counts of the live window: completed, failed, timed out, refused.
fn counts(p: &Props) -> Html {
    let s = &p.stats;
    html! {
        <ul class="counts" data-testid={format!("counts-{}", p.side)}>
            <li class="window">{tr(p.lang, T::LiveWindow)}</li>
            { count(p, "completed", T::Completed, s.completed) }
            { count(p, "failed", T::Failed, s.failed) }
            { count(p, "timedout", T::TimedOut, s.timed_out) }
            { count(p, "refused", T::Refused, s.refused) }
        </ul>
    }
}

/// A stage.
#[component]
pub fn StageView(p: &Props) -> Html {
    let l = p.lang;
    let s = &p.stats;
    let summary = use_calm_summary(p);
    let onclick = {
        let on_pick = p.on_pick.clone();
        Callback::from(move |e: MouseEvent| on_pick.emit(Some((e.offset_x() as f64, e.offset_y() as f64))))
    };
    let onkeydown = {
        let on_pick = p.on_pick.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_pick.emit(None);
            }
        })
    };
    html! {
        <figure class={classes!("stage", p.side)} data-side={p.side} data-units={s.units.to_string()}
                data-busy={s.busy.to_string()}>
            <figcaption>
                <h2>{tr(l, p.title)}</h2>
                <p class="sub">{tr(l, p.subtitle)}</p>
            </figcaption>
            <canvas ref={p.canvas.clone()} class="stage-canvas" data-testid={format!("stage-{}", p.side)}
                    role="button" tabindex="0" aria-label={format!("{} — {}", tr(l, p.title), tr(l, T::SendRequest))}
                    {onclick} {onkeydown}></canvas>
            <p class="visually-hidden" aria-live="polite" data-testid={format!("summary-{}", p.side)}>{summary}</p>
            { stats(p) }
            { counts(p) }
        </figure>
    }
}
