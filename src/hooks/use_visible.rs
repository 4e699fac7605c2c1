//! `use_visible`: true while the element is on screen and the tab is visible (IntersectionObserver and the
//! page's visibility), so that the animation — and its CPU — stops when nobody can see it.

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, VisibilityState};
use yew::prelude::*;

fn tab_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.visibility_state() == VisibilityState::Visible)
        .unwrap_or(true)
}

/// Whether `node` intersects the viewport and the tab is visible.
#[hook]
pub fn use_visible(node: NodeRef) -> bool {
    let in_view = use_state(|| true);
    let tab = use_state(tab_visible);
    {
        let in_view = in_view.clone();
        use_effect_with(node, move |node| {
            let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(e) = entries.iter().last().and_then(|e| e.dyn_into::<IntersectionObserverEntry>().ok()) {
                    in_view.set(e.is_intersecting());
                }
            });
            let observer = IntersectionObserver::new(cb.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, node.cast::<web_sys::Element>()) {
                o.observe(&el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(cb);
            }
        });
    }
    {
        let tab = tab.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|doc| EventListener::new(&doc, "visibilitychange", move |_| tab.set(tab_visible())));
            move || drop(listener)
        });
    }
    *in_view && *tab
}
