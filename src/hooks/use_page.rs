//! Page-wide effects of the app: the document's language and title follow the page language, and the keyboard
//! shortcuts for playback.

use crate::i18n::{tr, Lang, T};
use crate::state::{Action, Command, UiState};
use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Space, `.`, R and F act on playback unless a form control has the focus.
fn shortcut(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"));
    if typing {
        return None;
    }
    match e.key().as_str() {
        " " => Some(Action::TogglePlay),
        "." => Some(Action::Run(Command::Step)),
        "r" | "R" => Some(Action::Run(Command::Reset)),
        "f" | "F" => Some(Action::Run(Command::FollowOldest)),
        _ => None,
    }
}

/// Keeps the `lang` attribute of the document and its title in the page language.
#[hook]
pub fn use_document_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(tr(*lang, T::Title));
        }
    });
}

/// Listens for the playback shortcuts on the document for as long as the page is mounted, and dispatches their
/// actions.
#[hook]
pub fn use_shortcuts(state: &UseReducerHandle<UiState>) {
    let state = state.clone();
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            // Not passive: the shortcut must be able to stop Space from scrolling the page.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                if let Some(a) = e.dyn_ref::<web_sys::KeyboardEvent>().and_then(shortcut) {
                    e.prevent_default();
                    state.dispatch(a);
                }
            })
        });
        move || drop(listener)
    });
}
