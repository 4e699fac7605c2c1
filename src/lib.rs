//! Loop Lab, the web app: a thin Yew shell over the `sim` engine. It renders, handles input, and owns no
//! simulation logic: `model` maps the reader's toggles to a scenario, `lab` advances both sides, `stage` and
//! `charts` paint, `components` lay out, `state` is the pure reducer, `hooks` own the effects.

pub mod app;
pub mod charts;
pub mod code;
pub mod components;
pub mod export;
pub mod hooks;
pub mod i18n;
pub mod lab;
pub mod model;
pub mod post_table;
pub mod preset_params;
pub mod scenes;
pub mod stage;
pub mod state;
pub mod url;

/// Mounts the app into `#app` (or the body).
pub fn start() {
    let doc = web_sys::window().and_then(|w| w.document());
    match doc.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
