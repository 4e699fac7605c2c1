//! Loop Lab, the web app: a thin Yew shell over the `sim` engine. It renders, handles input, and owns no
//! simulation logic: `model` maps the reader's toggles to a scenario, `lab` advances both sides, `stage` and
//! `charts` paint, `components` lay out, `state` is the pure reducer, `hooks` own the effects.

pub mod app;
pub mod challenges;
pub mod charts;
pub mod code;
pub mod components;
pub mod export;
pub mod fmt;
pub mod hooks;
pub mod i18n;
pub mod lab;
pub mod measured;
pub mod measured_match;
pub mod model;
pub mod post_table;
pub mod preset_params;
pub mod scenes;
pub mod share_code;
pub mod stage;
pub mod state;
pub mod test_hooks;
pub mod twin;
pub mod url;

/// Shows the page's error panel (in index.html) with `detail`, instead of leaving a blank or frozen page.
fn show_error_panel(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(panel) = doc.get_element_by_id("boot-error") {
        let _ = panel.remove_attribute("hidden");
        if let Ok(Some(d)) = panel.query_selector(".detail") {
            d.set_text_content(Some(&detail.chars().take(500).collect::<String>()));
        }
    }
}

/// Mounts the app into `#app` (or the body). A panic anywhere shows the error panel with a reload button (the
/// release build aborts on panic, so the page could not recover by itself).
pub fn start() {
    // Through yew, which would otherwise install its own console-only hook when rendering starts.
    yew::set_custom_panic_hook(Box::new(|info| show_error_panel(&info.to_string())));
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
