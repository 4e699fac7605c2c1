//! The editor island (`loop_lab::components::editor_island` describes the protocol). `www/boot.js` imports this
//! module the first time the reader opens "Try your own view" and calls `mount` with the section's element and
//! the page's state; from then on the page's `loop-lab-params` events keep the island's parameters in step, and
//! the island's `loop-lab-code` events hand the reader's view to the page.

use gloo_events::EventListener;
use loop_lab::components::code_editor::CodeEditor;
use loop_lab::components::editor_island::{detail, send, CODE_EVENT, PARAMS_EVENT};
use loop_lab::model::{CodeView, Params};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

fn main() {}

/// Mounts the editor in `root`; `params` is a `loop-lab-params` detail.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, params: String) {
    yew::Renderer::<Island>::with_root_and_props(root.clone(), IslandProps { root, params }).render();
}

#[derive(Properties, PartialEq)]
struct IslandProps {
    root: web_sys::Element,
    params: String,
}

/// The page's parameters from a `loop-lab-params` detail, the reader's view (`own`) in them when the page runs it,
/// and the code of a shared link the page has not run yet.
fn params_of(detail: &str, own: &Option<Rc<CodeView>>) -> (loop_lab::i18n::Lang, Params, Option<String>) {
    let (query, custom) = detail.rsplit_once('\n').unwrap_or((detail, "0"));
    let st = loop_lab::url::parse(query).0;
    let code = if custom == "1" { own.clone() } else { None };
    let shared = st.code.as_deref().filter(|_| code.is_none()).and_then(loop_lab::share_code::unpack);
    (st.lang.unwrap_or_default(), Params { code, ..st.params }, shared)
}

#[component]
fn Island(p: &IslandProps) -> Html {
    let own = use_mut_ref(|| None::<Rc<CodeView>>);
    let state = use_state(|| params_of(&p.params, &None));
    {
        let (state, own) = (state.clone(), own.clone());
        use_effect_with(p.root.clone(), move |root| {
            let listener = EventListener::new(root, PARAMS_EVENT, move |e| {
                state.set(params_of(&detail(e).unwrap_or_default(), &own.borrow()));
            });
            move || drop(listener)
        });
    }
    let on_code = {
        let (root, own) = (p.root.clone(), own.clone());
        Callback::from(move |code: Option<Rc<CodeView>>| {
            *own.borrow_mut() = code.clone();
            send(&root, CODE_EVENT, &code.map(|c| c.encode()).unwrap_or_default());
        })
    };
    let (lang, params, shared) = (*state).clone();
    html! { <CodeEditor lang={lang} params={params} shared={shared} on_code={on_code} /> }
}
