//! `use_post_height`: in an iframe, tells the parent page how tall the content is (postMessage), whenever it
//! changes, so that `www/embed/embed.js` can size the iframe.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn post_height() {
    let Some(w) = web_sys::window() else { return };
    let Some(doc) = w.document() else { return };
    let Some(el) = doc.document_element() else { return };
    let height = el.scroll_height();
    if let Ok(Some(parent)) = w.parent() {
        if parent != w {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"type".into(), &"loop-lab:height".into());
            let _ = js_sys::Reflect::set(&msg, &"height".into(), &JsValue::from(height));
            let _ = parent.post_message(&msg, "*");
        }
    }
}

/// Posts the document height to the parent while `enabled`.
#[hook]
pub fn use_post_height(enabled: bool) {
    use_effect_with(enabled, move |&enabled| {
        let mut keep = None;
        if enabled {
            let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| post_height());
            let observer = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(body)) =
                (&observer, web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()))
            {
                o.observe(&body);
            }
            post_height();
            keep = Some((observer, cb));
        }
        move || {
            if let Some((Some(o), _cb)) = keep {
                o.disconnect();
            }
        }
    });
}
