//! One stage: its caption, the canvas the painter draws on, and its live numbers.

use crate::hooks::use_lab::SideStats;
use crate::i18n::{tr, Lang, T};
use crate::stage::fmt_ms;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Language.
    pub lang: Lang,
    /// `asgi` or `wsgi` (CSS class and test id).
    pub side: &'static str,
    /// Heading.
    pub title: T,
    /// Sub-heading.
    pub subtitle: T,
    /// The canvas.
    pub canvas: NodeRef,
    /// Live numbers.
    pub stats: SideStats,
}

/// A stage.
#[component]
pub fn StageView(p: &Props) -> Html {
    let l = p.lang;
    let s = &p.stats;
    let stat = |label: T, value: String| {
        html! { <div class="stat"><dt>{tr(l, label)}</dt><dd>{value}</dd></div> }
    };
    html! {
        <figure class={classes!("stage", p.side)} data-side={p.side}>
            <figcaption>
                <h2>{tr(l, p.title)}</h2>
                <p class="sub">{tr(l, p.subtitle)}</p>
            </figcaption>
            <canvas ref={p.canvas.clone()} class="stage-canvas" data-testid={format!("stage-{}", p.side)}
                    role="img" aria-label={tr(l, p.title)}></canvas>
            <dl class="stats" data-testid={format!("stats-{}", p.side)}>
                { stat(T::Throughput, format!("{:.1}{}", s.throughput, tr(l, T::PerSecond))) }
                { stat(T::P50, fmt_ms(s.p50_ms)) }
                { stat(T::P99, fmt_ms(s.p99_ms)) }
                { stat(T::InFlight, s.in_flight.to_string()) }
                { stat(T::Queue, s.queue.to_string()) }
                { s.loop_lag_ms.map(|lag| stat(T::LoopLag, fmt_ms(lag))).unwrap_or_default() }
                { stat(T::Memory, format!("{:.0} MB", s.memory_mb)) }
            </dl>
        </figure>
    }
}
