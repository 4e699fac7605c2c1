//! The followed request on each side: where its time went so far, as a bar (queued / CPU / I/O / behind others).

use crate::fmt::fmt_ms;
use crate::i18n::{tr, Lang, T};
use sim::snapshot::ReqView;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub id: u64,
    pub views: [Option<ReqView>; 2],
}

fn bar(l: Lang, side: &'static str, title: T, v: &Option<ReqView>) -> Html {
    let Some(v) = v else {
        return html! {
            <div class={classes!("timeline", side)}>
                <span class="who">{tr(l, title)}</span><span class="done">{tr(l, T::Finished)}</span>
            </div>
        };
    };
    let total: u64 = v.split_ns.iter().sum::<u64>().max(1);
    let parts = [(T::SplitQueued, "q"), (T::SplitCpu, "c"), (T::SplitIo, "i"), (T::SplitBlocked, "b")];
    html! {
        <div class={classes!("timeline", side)} data-testid={format!("timeline-{side}")}>
            <span class="who">{tr(l, title)}</span>
            <span class="bar" role="img" aria-label={
                parts.iter().zip(v.split_ns).map(|((t, _), ns)| format!("{} {}", tr(l, *t), fmt_ms(ns as f64 / 1e6))).collect::<Vec<_>>().join(", ")
            }>
                { for parts.iter().zip(v.split_ns).filter(|(_, ns)| *ns > 0).map(|((_, c), ns)| {
                    // Widths are in 1/20ths so that they can be CSS classes (no inline style: the CSP forbids it).
                    let w = ((ns as f64 / total as f64) * 20.0).round().max(1.0) as u32;
                    html! { <span class={classes!("seg", *c, format!("w{w}"))}></span> }
                }) }
            </span>
            <span class="age">{fmt_ms(v.age_ns as f64 / 1e6)}</span>
        </div>
    }
}

/// The follow panel.
#[component]
pub fn FollowPanel(p: &Props) -> Html {
    let l = p.lang;
    html! {
        <div class="follow" data-testid="follow-panel">
            <h3>{format!("{} #{}", tr(l, T::Request), p.id)}</h3>
            { bar(l, "asgi", T::StageAsgi, &p.views[0]) }
            { bar(l, "wsgi", T::StageWsgi, &p.views[1]) }
            <ul class="legend small">
                <li class="q">{tr(l, T::SplitQueued)}</li><li class="c">{tr(l, T::SplitCpu)}</li>
                <li class="i">{tr(l, T::SplitIo)}</li><li class="b">{tr(l, T::SplitBlocked)}</li>
            </ul>
        </div>
    }
}
