//! Where the reader's own view is edited, as the page holds it: a folded section whose content — the editor,
//! the code reader's answers, the findings and their prices (`components::code_editor`) — is a separate
//! WebAssembly module (`crates/editor`) that `www/boot.js` loads (`loopLabEditor`) the first time the section is
//! opened, so none of it is in the first download. The page and the island talk through DOM events on the
//! island's root: the page sends `loop-lab-params` (its state as a URL query, then whether the view is the
//! reader's own), the island sends `loop-lab-code` (a `CodeView::encode`, or empty to go back to the generated
//! code).

use crate::i18n::{tr, Lang, T};
use crate::model::CodeView;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The event the page sends with its state.
pub const PARAMS_EVENT: &str = "loop-lab-params";
/// The event the island sends with the reader's view.
pub const CODE_EVENT: &str = "loop-lab-code";

/// The `loop-lab-params` detail: the page's URL query, a newline, `1` when the view is the reader's own.
pub fn params_detail(query: &str, custom: bool) -> String {
    format!("{query}\n{}", u8::from(custom))
}

/// Sends `detail` as a `name` event on `target`.
pub fn send(target: &web_sys::EventTarget, name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(detail));
    if let Ok(e) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&e);
    }
}

/// The text of an event's detail.
pub fn detail(e: &web_sys::Event) -> Option<String> {
    e.dyn_ref::<web_sys::CustomEvent>()?.detail().as_string()
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The page's state as a URL query (`url::to_query`).
    pub query: String,
    /// The view running is the reader's own.
    pub custom: bool,
    /// Open at once: the page was opened with a shared view (`code=`) for the island to read.
    pub open: bool,
    pub on_code: Callback<Option<Rc<CodeView>>>,
}

/// The folded section, and the island once opened.
#[component]
pub fn EditorIsland(p: &Props) -> Html {
    let root = use_node_ref();
    let section = use_node_ref();
    // A shared view opens the section (which loads the island); set once, so the reader can close it again.
    {
        let section = section.clone();
        use_effect_with(p.open, move |open| {
            if let (true, Some(d)) = (*open, section.cast::<web_sys::HtmlDetailsElement>()) {
                d.set_open(true);
            }
        });
    }
    // None: not asked for; Some(false): loading or running; Some(true): it could not load.
    let state = use_state(|| None::<bool>);
    {
        let on_code = p.on_code.clone();
        use_effect_with(root.clone(), move |root| {
            let listener = root.cast::<web_sys::Element>().map(|el| {
                EventListener::new(&el, CODE_EVENT, move |e| {
                    let text = detail(e).unwrap_or_default();
                    on_code.emit(CodeView::decode(&text).map(Rc::new));
                })
            });
            move || drop(listener)
        });
    }
    {
        let root = root.clone();
        use_effect_with((p.query.clone(), p.custom), move |(q, custom)| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                send(&el, PARAMS_EVENT, &params_detail(q, *custom));
            }
        });
    }
    let ontoggle = {
        let (root, state, query, custom) = (root.clone(), state.clone(), p.query.clone(), p.custom);
        Callback::from(move |e: Event| {
            let open = e.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|d| d.open());
            if !open || state.is_some() {
                return;
            }
            state.set(Some(false));
            let load = web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"loopLabEditor".into()).ok());
            let started = match (load.and_then(|f| f.dyn_into::<js_sys::Function>().ok()), root.get()) {
                (Some(f), Some(el)) => f.call2(&JsValue::NULL, &el, &params_detail(&query, custom).into()).ok(),
                _ => None,
            };
            match started.and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
                Some(promise) => {
                    let failed = state.clone();
                    let on_error = Closure::once(move |_: JsValue| failed.set(Some(true)));
                    let _ = promise.catch(&on_error);
                    on_error.forget();
                }
                None => state.set(Some(true)),
            }
        })
    };
    html! {
        <details class="code-editor" data-testid="editor" ref={section} {ontoggle}>
            <summary>{tr(p.lang, T::EditorTitle)}</summary>
            if *state == Some(true) {
                <p class="reader-status reader-error" role="status">{tr(p.lang, T::ReaderFailed)}</p>
            }
            <div ref={root} class="editor-island"></div>
        </details>
    }
}
