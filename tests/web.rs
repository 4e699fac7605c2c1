//! Browser glue tests (wasm-bindgen-test in headless Chromium): the app mounts into a container and renders
//! both stage canvases. Pure logic is tested natively, not here.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_and_renders_both_stage_canvases() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<loop_lab::app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    for side in ["asgi", "wsgi"] {
        let el = root
            .query_selector(&format!("[data-testid=stage-{side}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("no {side} stage canvas"));
        let canvas: HtmlCanvasElement = el.dyn_into().unwrap();
        assert_eq!(canvas.tag_name(), "CANVAS");
    }
    assert!(root.query_selector("h1").unwrap().is_some());
    handle.destroy();
    // Unmounting removes the stages (and cancels the animation frame the hook holds).
    yew::scheduler::flush().await;
    assert!(root.query_selector("[data-testid=stage-asgi]").unwrap().is_none());
}
