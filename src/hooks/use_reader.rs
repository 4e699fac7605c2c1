//! `use_reader`: the code reader, in its Web Worker. The worker (`crates/reader-worker`, built by Trunk next to
//! the page) holds the Python parser, so it is started only the first time code is sent: the first download never
//! carries it, and parsing never runs on the page's thread. Answers to anything but the latest request are dropped.

use reader::{message, ReadError, Reading};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

/// The worker's loader, next to the page (Trunk's `data-loader-shim`).
const WORKER_URL: &str = "reader-worker_loader.js";

/// Where the reader is.
#[derive(Clone, Debug, PartialEq)]
pub enum ReaderState {
    /// Nothing sent yet.
    Idle,
    /// The worker is loading, or reading.
    Busy,
    /// The latest code, read.
    Done(Rc<Result<Reading, ReadError>>),
    /// The worker could not start (offline and not cached, or blocked).
    Failed,
}

struct Client {
    worker: Worker,
    /// The request waiting for the worker to finish loading (a message sent before would be lost).
    waiting: Rc<RefCell<Option<String>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

/// Returns the reader's state and a callback that reads a piece of code.
#[hook]
pub fn use_reader() -> (ReaderState, Callback<String>) {
    let state = use_state(|| ReaderState::Idle);
    let client = use_mut_ref(|| None::<Client>);
    let latest = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    {
        let client = client.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(c) = client.borrow_mut().take() {
                    c.worker.terminate();
                }
            }
        });
    }
    let send = {
        let (state, client, latest) = (state.clone(), client, latest.borrow().clone());
        Callback::from(move |code: String| {
            let id = latest.get() + 1;
            latest.set(id);
            if client.borrow().is_none() {
                match start(state.clone(), latest.clone()) {
                    Some(c) => *client.borrow_mut() = Some(c),
                    None => return state.set(ReaderState::Failed),
                }
            }
            if let Some(c) = client.borrow().as_ref() {
                state.set(ReaderState::Busy);
                let msg = message::request(id, &code);
                let mut waiting = c.waiting.borrow_mut();
                if waiting.is_some() {
                    *waiting = Some(msg);
                } else if c.worker.post_message(&JsValue::from_str(&msg)).is_err() {
                    state.set(ReaderState::Failed);
                }
            }
        })
    };
    ((*state).clone(), send)
}

fn start(state: UseStateHandle<ReaderState>, latest: Rc<Cell<u64>>) -> Option<Client> {
    let worker = Worker::new(WORKER_URL).ok()?;
    // Until the worker says it is ready, the latest request waits here (`Some("")`: none yet).
    let waiting = Rc::new(RefCell::new(Some(String::new())));
    let (on_answer, queue, port) = (state.clone(), waiting.clone(), worker.clone());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(text) = e.data().as_string() else { return };
        if text == message::READY {
            if let Some(msg) = queue.borrow_mut().take().filter(|m| !m.is_empty()) {
                let _ = port.post_message(&JsValue::from_str(&msg));
            }
            return;
        }
        match message::parse_answer(&text) {
            Some((id, result)) if id == latest.get() => on_answer.set(ReaderState::Done(Rc::new(result))),
            _ => {}
        }
    });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| state.set(ReaderState::Failed));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Client { worker, waiting, _on_message: on_message, _on_error: on_error })
}
