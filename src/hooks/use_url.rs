//! `use_url`: keeps the address bar in step with the state. Changing the scene or a parameter pushes a history
//! entry (so back/forward move between states); language and speed replace the current one; pausing writes the
//! playback time. Back/forward re-open the state from the URL. The state itself is read from the URL at start-up
//! (see `initial_state`), so nothing is pushed for the page as it was opened.

use crate::state::{apply, Action, UiState};
use crate::url::{parse, to_query};
use gloo_events::EventListener;
use yew::prelude::*;

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The state a page opens with: defaults, then whatever its URL says.
pub fn initial_state(base: UiState) -> UiState {
    let (st, notices) = parse(&location_search());
    apply(&base, Action::LoadUrl(Box::new(st), notices))
}

fn write(query: &str, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let path = w.location().pathname().unwrap_or_default();
    let url = format!("{path}{query}");
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

/// Parameter changes closer together than this (ms) share one history entry; a new scene always gets its own.
const PUSH_COALESCE_MS: f64 = 1000.0;

/// The page's full URL for the current state at playback time `t_s` (what "copy link" copies).
pub fn share_url(state: &UiState, t_s: f64) -> String {
    let mut st = state.url_state();
    st.t = Some(t_s);
    let Some(w) = web_sys::window() else { return to_query(&st) };
    let loc = w.location();
    format!("{}{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default(), to_query(&st))
}

/// Syncs the URL with `state`; `t_s` is the playback time shown.
#[hook]
pub fn use_url(state: &UseReducerHandle<UiState>, t_s: f64) {
    // The scene and parameters last written: a change to them is a new history entry.
    let last = use_mut_ref(|| Some((state.scene, state.params.clone())));
    let pushed_at = use_mut_ref(|| f64::NEG_INFINITY);
    {
        let query = to_query(&state.url_state());
        let (from_url, scene, params) = (state.from_url, state.scene, state.params.clone());
        use_effect_with(query, move |query| {
            if !from_url {
                let mut last = last.borrow_mut();
                let changed = last.as_ref() != Some(&(scene, params.clone()));
                // A burst of changes (one slider drag) is one history entry: push the first, replace the rest.
                let now = js_sys::Date::now();
                let new_scene = last.as_ref().map(|l| l.0) != Some(scene);
                let push = changed && (new_scene || now - *pushed_at.borrow() > PUSH_COALESCE_MS);
                if changed {
                    *pushed_at.borrow_mut() = now;
                }
                write(query, push);
                *last = Some((scene, params));
            } else {
                *last.borrow_mut() = Some((scene, params));
            }
        });
    }
    {
        // Paused: record the moment, so that the address bar reproduces this very picture.
        let playing = state.playing;
        let st = state.url_state();
        use_effect_with((playing, t_s.to_bits()), move |&(playing, _)| {
            if !playing && t_s > 0.0 {
                let mut st = st;
                st.t = Some(t_s);
                write(&to_query(&st), false);
            }
        });
    }
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    let (st, notices) = parse(&location_search());
                    state.dispatch(Action::LoadUrl(Box::new(st), notices));
                })
            });
            move || drop(listener)
        });
    }
}
