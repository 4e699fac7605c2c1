//! What the shapes and colours on the stages mean. Each state has its own shape, so colour is never the only cue.

use crate::i18n::{tr, Lang, T};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
}

fn shape(kind: &'static str) -> Html {
    let inner = match kind {
        "cpu" => html! { <circle cx="8" cy="8" r="5" class="fill" /> },
        "await" => html! { <circle cx="8" cy="8" r="4.5" class="stroke" /> },
        "blocking" => html! { <rect x="3" y="3" width="10" height="10" class="fill" /> },
        "waiting" => html! { <circle cx="8" cy="8" r="3" class="fill" /> },
        "db" => html! { <path d="M8 2 L14 8 L8 14 L2 8 Z" class="fill" /> },
        "failed" => html! { <path d="M3 3 L13 13 M13 3 L3 13" class="stroke" /> },
        _ => html! { <rect x="2" y="2" width="12" height="12" class="stroke" /> },
    };
    html! { <svg class={classes!("shape", kind)} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">{inner}</svg> }
}

/// The legend.
#[component]
pub fn Legend(p: &Props) -> Html {
    let l = p.lang;
    let item = |kind: &'static str, label: T| html! { <li>{shape(kind)}{tr(l, label)}</li> };
    html! {
        <div class="stage-legend">
            <h3 class="visually-hidden">{tr(l, T::Legend)}</h3>
            <ul>
                { item("cpu", T::LegendCpu) }
                { item("await", T::LegendIo) }
                { item("blocking", T::LegendBlocking) }
                { item("waiting", T::LegendQueued) }
                { item("db", T::LegendDb) }
                { item("idle", T::LegendIdle) }
                { item("failed", T::LegendFailed) }
            </ul>
            <p class="hint">{tr(l, T::FollowHint)}</p>
        </div>
    }
}
