//! Problems found in the URL the page was opened with: each names the parameter and what was used instead.

use crate::i18n::{tr, Lang, T};
use crate::url::Notice;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub notices: Vec<Notice>,
    pub on_dismiss: Callback<()>,
}

/// The notices (nothing when there are none).
#[component]
pub fn Notices(p: &Props) -> Html {
    if p.notices.is_empty() {
        return html! {};
    }
    let l = p.lang;
    let dismiss = {
        let on = p.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <div class="notices" role="status" data-testid="notices">
            <strong>{tr(l, T::UrlProblems)}</strong>
            <ul>{ for p.notices.iter().map(|n| html! { <li>{n.message(l)}</li> }) }</ul>
            <button type="button" class="small" onclick={dismiss}>{tr(l, T::Dismiss)}</button>
        </div>
    }
}
