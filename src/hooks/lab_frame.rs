//! The animation frame of `use_lab`: one frame's work — advance the simulations (or seek), paint both stages,
//! publish the numbers a few times a second and redraw the live charts in turn — and the small hook that installs
//! the frame callback.

use super::lab_live::{Frames, Live, SharedLab, SIM_MS_PER_FRAME};
use super::lab_paint::{draw_chart, paint};
use crate::charts::live::LiveChart;
use crate::lab::{self, Lab, LabView, SEEK_EVENTS_PER_FRAME};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// One live chart is redrawn this often, in turn: each of the five about twice a second.
pub(super) const CHART_EVERY_MS: f64 = 100.0;

/// The numbers beside the stages are published at least this often, ms.
const PUBLISH_EVERY_MS: f64 = 250.0;

/// Where a frame's output goes: the two stage canvases, the live charts (in `LiveChart::ALL` order), and the
/// numbers the page shows.
pub(super) struct Targets {
    pub(super) canvases: [NodeRef; 2],
    pub(super) charts: [NodeRef; 5],
    pub(super) view: UseStateHandle<LabView>,
}

/// The time of one frame: the animation frame's timestamp, the wall time since the previous frame (0 for the
/// first of a run), and when the callback started, ms.
#[derive(Clone, Copy)]
struct Clock {
    ts: f64,
    dt_ms: f64,
    started: f64,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| b.byte_length() as f64)
}

fn frame_stats(samples: &[f64]) -> (f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0);
    }
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    let p95 = v[((v.len() as f64 * 0.95).ceil() as usize).clamp(1, v.len()) - 1];
    (p95, v[v.len() - 1])
}

/// Moves the simulations on: toward the seek target if there is one, else by the elapsed wall time × speed
/// while `running`, within the frame's share of wall time. Returns the simulated time advanced, ns.
fn advance(lab: &mut Lab, l: &mut Live, running: bool, clock: Clock) -> u64 {
    if let Some(target) = l.seeking {
        if lab.seek(target, SEEK_EVENTS_PER_FRAME) {
            l.seeking = None;
        }
        l.dirty = true;
        return 0;
    }
    if !running {
        return 0;
    }
    let dt_ns = (clock.dt_ms * 1e6 * l.inputs.speed) as u64;
    // The simulation gets part of the frame; painting and the numbers need the rest.
    let before = lab.sims[0].events() + lab.sims[1].events();
    lab.advance_within(dt_ns, &mut || now_ms() - clock.started < SIM_MS_PER_FRAME);
    l.sim_max_ms = l.sim_max_ms.max(now_ms() - clock.started);
    l.sim_events += lab.sims[0].events() + lab.sims[1].events() - before;
    l.sim_frames += 1;
    dt_ns
}

/// Publishes the numbers beside the stages (and the frame and simulation timings since the last time).
fn publish(lab: &Lab, l: &mut Live, view: &UseStateHandle<LabView>) {
    let mut v = lab::view(lab, l.inputs.follow, l.seeking.is_some());
    (v.frame_p95_ms, v.frame_max_ms) = frame_stats(&l.frame_ms);
    v.sim_max_ms = std::mem::take(&mut l.sim_max_ms);
    let (events, frames) = (std::mem::take(&mut l.sim_events), std::mem::take(&mut l.sim_frames));
    v.events_per_frame = if frames > 0 { events as f64 / frames as f64 } else { 0.0 };
    v.before = l.before.as_ref().map(|b| b.stats.clone());
    v.wasm_bytes = wasm_memory_bytes();
    view.set(v);
}

/// Redraws the live charts: after a change (language, parameters, a seek) all of them; otherwise the next one in
/// turn.
fn redraw_charts(lab: &Lab, l: &mut Live, charts: &[NodeRef; 5]) {
    let n = LiveChart::ALL.len();
    let which = if l.dirty { 0..n } else { (l.next_chart % n)..(l.next_chart % n + 1) };
    l.next_chart = which.end;
    for k in which {
        if let Some(c) = charts[k].cast::<HtmlCanvasElement>() {
            draw_chart(&c, lab, k, l.before.as_ref(), l.inputs.lang, l.inputs.dark);
        }
    }
}

/// One frame's work on a lab. Returns whether another frame is needed.
fn frame(lab: &mut Lab, l: &mut Live, clock: Clock, out: &Targets) -> bool {
    let running = l.inputs.playing && l.inputs.visible;
    let dt_ns = advance(lab, l, running, clock);
    let dt_ms = clock.dt_ms;
    let ease = if l.inputs.reduced_motion || dt_ms == 0.0 { 1.0 } else { 1.0 - (-dt_ms / 50.0).exp() };
    if l.inputs.visible {
        paint(lab, l, &out.canvases, dt_ns, ease);
    }
    if l.dirty || clock.ts - l.last_publish > PUBLISH_EVERY_MS {
        l.last_publish = clock.ts;
        publish(lab, l, &out.view);
    }
    if l.dirty || clock.ts - l.last_chart > CHART_EVERY_MS {
        l.last_chart = clock.ts;
        redraw_charts(lab, l, &out.charts);
    }
    if running {
        l.record_frame(now_ms() - clock.started);
    }
    // Keep going while something moves; settle a few frames after the last change.
    let again = (running || l.seeking.is_some() || l.dirty) && l.inputs.visible;
    l.dirty = false;
    if !running {
        l.last_ts = None;
    }
    again
}

/// Installs the frame callback once, and starts the frames; on unmount, drops the callback and any pending
/// frame.
#[hook]
pub(super) fn use_frame_loop(lab: &SharedLab, live: &Rc<RefCell<Live>>, frames: &Rc<RefCell<Frames>>, out: Targets) {
    let (lab, live, frames) = (lab.clone(), live.clone(), frames.clone());
    use_effect_with((), move |_| {
        let pending = frames.borrow().pending.clone();
        let frames_in = frames.clone();
        *frames.borrow().tick.borrow_mut() = Some(Box::new(move |ts: f64| {
            let started = now_ms();
            pending.borrow_mut().take();
            let mut l = live.borrow_mut();
            let dt_ms = l.last_ts.map_or(0.0, |p| (ts - p).clamp(0.0, 100.0));
            l.last_ts = Some(ts);
            let mut guard = lab.borrow_mut();
            let Some(lab) = guard.as_mut() else { return };
            let again = frame(lab, &mut l, Clock { ts, dt_ms, started }, &out);
            drop(guard);
            drop(l);
            if again {
                frames_in.borrow().ensure();
            }
        }));
        frames.borrow().ensure();
        move || {
            let f = frames.borrow();
            f.pending.borrow_mut().take();
            f.tick.borrow_mut().take();
        }
    });
}
