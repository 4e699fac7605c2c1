//! Scene navigation: previous / next, and a list of every scene (plus free play).

use crate::i18n::{t, tr, Lang, T};
use crate::scenes;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub scene: Option<&'static str>,
    pub on_scene: Callback<Option<&'static str>>,
}

/// The scene navigation.
#[component]
pub fn SceneNav(p: &Props) -> Html {
    let l = p.lang;
    let list = scenes::all();
    let idx = p.scene.and_then(|k| list.iter().position(|s| s.key == k));
    let go = |i: Option<usize>| {
        let on = p.on_scene.clone();
        let key = i.and_then(|i| list.get(i)).map(|s| s.key);
        Callback::from(move |_: MouseEvent| on.emit(key))
    };
    let prev = idx.and_then(|i| i.checked_sub(1));
    let next = match idx {
        Some(i) if i + 1 < list.len() => Some(i + 1),
        None => Some(0),
        _ => None,
    };
    let onchange = {
        let on = p.on_scene.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            on.emit(scenes::get(&sel.value()).map(|s| s.key));
        })
    };
    html! {
        <nav class="scene-nav" aria-label={tr(l, T::SceneLabel)}>
            <button type="button" data-testid="scene-prev" onclick={go(prev)} disabled={prev.is_none()}>{tr(l, T::PrevScene)}</button>
            <label class="visually-hidden" for="scene-select">{tr(l, T::SceneLabel)}</label>
            <select id="scene-select" data-testid="scene-select" {onchange}>
                <option value="" selected={idx.is_none()}>{tr(l, T::FreePlay)}</option>
                { for list.iter().enumerate().map(|(i, s)| html! {
                    <option value={s.key} selected={idx == Some(i)}>{format!("{}. {}", i + 1, t(l, s.title))}</option>
                }) }
            </select>
            <button type="button" data-testid="scene-next" onclick={go(next)} disabled={next.is_none()}>{tr(l, T::NextScene)}</button>
        </nav>
    }
}
