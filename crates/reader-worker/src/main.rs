//! The Web Worker that reads code (`reader::read`) off the page's thread. Trunk builds it as a worker target
//! (`index.html`: `data-type="worker"`) into `reader-worker_loader.js`, which the page starts the first time the
//! reader edits code. Each message is `reader::message::request`; each answer `reader::message::answer`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else { return };
        let Some((id, code)) = reader::message::parse_request(&text) else { return };
        let answer = reader::message::answer(id, &reader::read(code));
        let _ = reply.post_message(&JsValue::from_str(&answer));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Tell the page the parser is loaded (an answer to no request).
    let _ = scope.post_message(&JsValue::from_str(reader::message::READY));
}
