//! The 한국어 / English switch: two buttons in a labelled group, the current one pressed.

use crate::i18n::{tr, Lang, T};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Current language.
    pub lang: Lang,
    /// Called with the chosen language.
    pub on_change: Callback<Lang>,
}

/// The language switch.
#[component]
pub fn LangToggle(p: &Props) -> Html {
    let button = |lang: Lang, label: &'static str| {
        let on_change = p.on_change.clone();
        html! {
            <button type="button" lang={lang.code()} aria-pressed={(p.lang == lang).to_string()}
                    onclick={move |_| on_change.emit(lang)}>{label}</button>
        }
    };
    html! {
        <div class="lang" role="group" aria-label={tr(p.lang, T::LangLabel)}>
            { button(Lang::Ko, "한국어") }
            { button(Lang::En, "English") }
        </div>
    }
}
