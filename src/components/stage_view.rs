//! One stage: its caption, the canvas the painter draws on (click a dot to follow it), its live numbers, and a
//! calm text summary for screen readers.

use crate::hooks::use_lab::SideStats;
use crate::i18n::{stage_summary, tr, Lang, T};
use crate::stage::fmt_ms;
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
    /// Called with (x, y) in CSS pixels when the canvas is clicked.
    pub on_pick: Callback<(f64, f64)>,
}

/// A stage.
#[component]
pub fn StageView(p: &Props) -> Html {
    let l = p.lang;
    let s = &p.stats;
    let asgi = p.side == "asgi";
    // The screen-reader summary changes at most every few seconds, so announcements stay calm.
    let summary = use_state(String::new);
    let last = use_mut_ref(|| 0.0f64);
    {
        let now = js_sys::Date::now();
        let text = stage_summary(l, asgi, if asgi { s.busy } else { 0 }, s.units, s.busy, s.queue, s.throughput);
        if now - *last.borrow() > 3000.0 && *summary != text {
            *last.borrow_mut() = now;
            summary.set(text);
        }
    }
    let stat = |key: &'static str, label: T, value: String| {
        html! {
            <div class="stat"><dt>{tr(l, label)}</dt><dd data-testid={format!("stat-{}-{key}", p.side)}>{value}</dd></div>
        }
    };
    let onclick = {
        let on_pick = p.on_pick.clone();
        Callback::from(move |e: MouseEvent| on_pick.emit((e.offset_x() as f64, e.offset_y() as f64)))
    };
    html! {
        <figure class={classes!("stage", p.side)} data-side={p.side} data-units={s.units.to_string()}
                data-busy={s.busy.to_string()}>
            <figcaption>
                <h2>{tr(l, p.title)}</h2>
                <p class="sub">{tr(l, p.subtitle)}</p>
            </figcaption>
            <canvas ref={p.canvas.clone()} class="stage-canvas" data-testid={format!("stage-{}", p.side)}
                    role="img" aria-label={tr(l, p.title)} {onclick}></canvas>
            <p class="visually-hidden" aria-live="polite" data-testid={format!("summary-{}", p.side)}>{(*summary).clone()}</p>
            <dl class="stats" data-testid={format!("stats-{}", p.side)}>
                { stat("throughput", T::Throughput, format!("{:.1}{}", s.throughput, tr(l, T::PerSecond))) }
                { stat("p50", T::P50, fmt_ms(s.p50_ms)) }
                { stat("p99", T::P99, fmt_ms(s.p99_ms)) }
                { stat("inflight", T::InFlight, s.in_flight.to_string()) }
                { stat("queue", T::Queue, s.queue.to_string()) }
                if let Some(lag) = s.loop_lag_ms { { stat("lag", T::LoopLag, fmt_ms(lag)) } }
                { stat("memory", T::Memory, format!("{:.0} MB", s.memory_mb)) }
            </dl>
        </figure>
    }
}
