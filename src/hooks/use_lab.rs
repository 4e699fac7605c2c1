//! `use_lab`: owns the running `Lab` (both simulations) in one `use_mut_ref`, with the animation-frame handle,
//! which is dropped — cancelling the pending frame — on unmount. Each frame advances the simulations by the
//! elapsed wall time × speed (or toward a seek target), paints both stages, and a few times a second publishes
//! the numbers and redraws the chart. Commands from the reducer (step, reset, seek) are carried out here.

use crate::charts::{self, live::LiveChart};
use crate::i18n::{tr, Lang, T};
use crate::lab::{self, Lab, SEEK_EVENTS_PER_FRAME};
use crate::model::Params;
use crate::stage::{self, palette, FrameInfo, Pen, Stage};
use crate::state::Command;
use gloo_render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::lab::{LabView, SideStats};

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| b.byte_length() as f64)
}

/// What the page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct LabInputs {
    pub params: Params,
    pub playing: bool,
    pub speed: f64,
    pub lang: Lang,
    pub dark: bool,
    /// On screen and the tab visible.
    pub visible: bool,
    /// `prefers-reduced-motion`: no easing, no continuous motion unless asked.
    pub reduced_motion: bool,
    pub follow: Option<u64>,
    pub command: (u64, Command),
    /// The picture's epoch (`UiState::epoch`): a parameter change within one epoch keeps the old run as "before".
    pub epoch: u64,
    /// Called with a request id to follow (from a click on a stage, or "follow the oldest").
    pub on_follow: Callback<Option<u64>>,
}

/// What the hook returns.
pub struct LabHandle {
    pub view: LabView,
    /// Follows the request drawn nearest to (x, y) CSS px on stage `side` (0 = ASGI, 1 = WSGI), or sends a
    /// new request by hand and follows it (no request there, or no position: the keyboard).
    pub pick: Callback<(usize, Option<(f64, f64)>)>,
    /// Downloads the run's time series (both sides) as CSV.
    pub csv: Callback<()>,
}

/// Settings the frame callback reads each frame.
struct Live {
    inputs: LabInputs,
    last_ts: Option<f64>,
    last_publish: f64,
    stages: [Stage; 2],
    seeking: Option<u64>,
    dirty: bool,
    /// Durations of recent frame callbacks, ms (a ring of `FRAME_SAMPLES`).
    frame_ms: Vec<f64>,
    /// The longest time the simulation took in one frame since the numbers were last published, ms.
    sim_max_ms: f64,
    /// Events handled and frames run since the numbers were last published.
    sim_events: u64,
    sim_frames: u64,
    frame_i: usize,
    /// The next live chart to redraw (one every `CHART_EVERY_MS`, in turn).
    next_chart: usize,
    last_chart: f64,
    /// The run before the reader's last change, if it is kept.
    before: Option<Before>,
    /// The epoch the current lab belongs to.
    epoch: u64,
}

/// What is kept of the run before a change: its chart lines (in `LiveChart::ALL` order) and its last numbers.
struct Before {
    lines: Vec<Vec<charts::Line>>,
    stats: [SideStats; 2],
}

impl Before {
    fn of(lab: &Lab, lang: Lang) -> Option<Before> {
        // A run with nothing answered yet on either side has no numbers to compare with.
        if lab.sims.iter().any(|s| s.metrics().completed == 0) {
            return None;
        }
        let m = [lab.sims[0].metrics(), lab.sims[1].metrics()];
        let lines = LiveChart::ALL.iter().map(|k| k.lines(lang, m)).collect();
        Some(Before { lines, stats: lab::view(lab, None, false).sides })
    }
}

/// One live chart is redrawn this often, in turn: each of the five about twice a second.
const CHART_EVERY_MS: f64 = 100.0;

const FRAME_SAMPLES: usize = 300;

/// Wall-clock time the simulation may take in one frame, ms (of the 16.7 ms a 60 Hz frame has).
pub const SIM_MS_PER_FRAME: f64 = 8.0;

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
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

/// The frame callback, shared between the effect that starts it and each frame that re-arms it.
type Tick = Rc<RefCell<Option<Box<dyn Fn(f64)>>>>;

#[derive(Default)]
struct Frames {
    pending: Rc<RefCell<Option<AnimationFrame>>>,
    tick: Tick,
}

impl Frames {
    /// Requests a frame unless one is pending.
    fn ensure(&self) {
        if self.pending.borrow().is_some() {
            return;
        }
        let tick = self.tick.clone();
        let handle = request_animation_frame(move |ts| {
            if let Some(f) = tick.borrow().as_ref() {
                f(ts)
            }
        });
        *self.pending.borrow_mut() = Some(handle);
    }
}

fn ctx_of(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Resizes the canvas backing store to its CSS size × device pixel ratio; returns (css w, css h, ratio).
fn fit(canvas: &HtmlCanvasElement) -> (f64, f64, f64) {
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    let (cw, ch) = (canvas.client_width().max(1) as f64, canvas.client_height().max(1) as f64);
    let (bw, bh) = ((cw * dpr).round() as u32, (ch * dpr).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    (cw, ch, dpr)
}

fn paint(lab: &Lab, live: &mut Live, canvases: &[NodeRef; 2], dt_ns: u64, ease: f64) {
    let pal = if live.inputs.dark { palette::DARK } else { palette::LIGHT };
    for (i, node) in canvases.iter().enumerate() {
        let Some(canvas) = node.cast::<HtmlCanvasElement>() else { continue };
        let Some(ctx) = ctx_of(&canvas) else { continue };
        let (w, h, dpr) = fit(&canvas);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.set_fill_style_str(pal.bg);
        ctx.fill_rect(0.0, 0.0, w, h);
        let pen = Pen { ctx: &ctx, pal: &pal, lang: live.inputs.lang };
        let fi = FrameInfo { w, h, dt_ns, ease };
        live.stages[i].follow = live.inputs.follow;
        if i == 0 {
            stage::asgi::paint(&pen, fi, &lab.snaps[0], &mut live.stages[0]);
        } else {
            stage::wsgi::paint(&pen, fi, &lab.snaps[1], &mut live.stages[1]);
        }
    }
}

/// Draws one live chart from both sides' metrics, over the faded run before the last change.
fn draw_chart(canvas: &HtmlCanvasElement, lab: &Lab, k: usize, before: Option<&Before>, lang: Lang, dark: bool) {
    let kind = LiveChart::ALL[k];
    fit(canvas);
    let Some(backend) = charts::canvas::PageCanvas::new(canvas) else { return };
    let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
    let theme = if dark { charts::DARK } else { charts::LIGHT };
    let lines = kind.lines(lang, [lab.sims[0].metrics(), lab.sims[1].metrics()]);
    let before = before.map_or(&[][..], |b| &b.lines[k][..]);
    let _ = charts::timeseries::draw(&area, &theme, tr(lang, T::ChartTime), tr(lang, kind.axis()), &lines, before);
}

/// Runs the lab, painting `canvases` every frame and the live `charts` (in `LiveChart::ALL` order) in turn.
#[hook]
pub fn use_lab(inputs: &LabInputs, canvases: [NodeRef; 2], charts: [NodeRef; 5]) -> LabHandle {
    let lab = use_mut_ref(|| Lab::new(&inputs.params).ok());
    let live = use_mut_ref(|| Live {
        inputs: inputs.clone(),
        last_ts: None,
        last_publish: f64::NEG_INFINITY,
        stages: Default::default(),
        seeking: None,
        dirty: true,
        frame_ms: Vec::with_capacity(FRAME_SAMPLES),
        sim_max_ms: 0.0,
        sim_events: 0,
        sim_frames: 0,
        frame_i: 0,
        next_chart: 0,
        last_chart: f64::NEG_INFINITY,
        before: None,
        epoch: inputs.epoch,
    });
    let frames = use_mut_ref(Frames::default);
    let view = use_state(LabView::default);
    live.borrow_mut().inputs = inputs.clone();

    // The frame callback, created once; dropped (with any pending frame) on unmount.
    {
        let (lab, live, frames, view) = (lab.clone(), live.clone(), frames.clone(), view.clone());
        let (canvases, charts) = (canvases.clone(), charts.clone());
        use_effect_with((), move |_| {
            let pending = frames.borrow().pending.clone();
            let frames_in = frames.clone();
            *frames.borrow().tick.borrow_mut() = Some(Box::new(move |ts: f64| {
                let started = now_ms();
                pending.borrow_mut().take();
                let mut l = live.borrow_mut();
                let dt_ms = l.last_ts.map_or(0.0, |p| (ts - p).clamp(0.0, 100.0));
                l.last_ts = Some(ts);
                let running = l.inputs.playing && l.inputs.visible;
                let mut guard = lab.borrow_mut();
                let Some(lab) = guard.as_mut() else { return };
                let mut dt_ns = 0;
                if let Some(target) = l.seeking {
                    if lab.seek(target, SEEK_EVENTS_PER_FRAME) {
                        l.seeking = None;
                    }
                    l.dirty = true;
                } else if running {
                    dt_ns = (dt_ms * 1e6 * l.inputs.speed) as u64;
                    // The simulation gets part of the frame; painting and the numbers need the rest.
                    let before = lab.sims[0].events() + lab.sims[1].events();
                    lab.advance_within(dt_ns, &mut || now_ms() - started < SIM_MS_PER_FRAME);
                    l.sim_max_ms = l.sim_max_ms.max(now_ms() - started);
                    l.sim_events += lab.sims[0].events() + lab.sims[1].events() - before;
                    l.sim_frames += 1;
                }
                let ease = if l.inputs.reduced_motion || dt_ms == 0.0 { 1.0 } else { 1.0 - (-dt_ms / 50.0).exp() };
                if l.inputs.visible {
                    paint(lab, &mut l, &canvases, dt_ns, ease);
                }
                if l.dirty || ts - l.last_publish > 250.0 {
                    l.last_publish = ts;
                    let mut v = lab::view(lab, l.inputs.follow, l.seeking.is_some());
                    (v.frame_p95_ms, v.frame_max_ms) = frame_stats(&l.frame_ms);
                    v.sim_max_ms = std::mem::take(&mut l.sim_max_ms);
                    let (events, frames) = (std::mem::take(&mut l.sim_events), std::mem::take(&mut l.sim_frames));
                    v.events_per_frame = if frames > 0 { events as f64 / frames as f64 } else { 0.0 };
                    v.before = l.before.as_ref().map(|b| b.stats.clone());
                    v.wasm_bytes = wasm_memory_bytes();
                    view.set(v);
                }
                if l.dirty || ts - l.last_chart > CHART_EVERY_MS {
                    l.last_chart = ts;
                    // After a change (language, parameters, a seek) all of them; otherwise the next one in turn.
                    let which: Vec<usize> = if l.dirty {
                        (0..LiveChart::ALL.len()).collect()
                    } else {
                        vec![l.next_chart % LiveChart::ALL.len()]
                    };
                    l.next_chart = which[which.len() - 1] + 1;
                    for k in which {
                        if let Some(c) = charts[k].cast::<HtmlCanvasElement>() {
                            draw_chart(&c, lab, k, l.before.as_ref(), l.inputs.lang, l.inputs.dark);
                        }
                    }
                }
                let spent = now_ms() - started;
                if running {
                    if l.frame_ms.len() < FRAME_SAMPLES {
                        l.frame_ms.push(spent);
                    } else {
                        let i = l.frame_i;
                        l.frame_ms[i] = spent;
                    }
                    l.frame_i = (l.frame_i + 1) % FRAME_SAMPLES;
                }
                // Keep going while something moves; settle a few frames after the last change.
                let again = (running || l.seeking.is_some() || l.dirty) && l.inputs.visible;
                l.dirty = false;
                if !running {
                    l.last_ts = None;
                }
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
    // Rebuild the simulations when the parameters change.
    {
        let (lab, live, frames) = (lab.clone(), live.clone(), frames.clone());
        use_effect_with((inputs.params.clone(), inputs.epoch), move |(p, epoch)| {
            let mut l = live.borrow_mut();
            // Within one picture the old run stays on the charts as "before"; a new picture starts clean.
            let old = lab.borrow_mut().take();
            if *epoch == l.epoch {
                if let Some(b) = old.as_ref().and_then(|old| Before::of(old, l.inputs.lang)) {
                    l.before = Some(b);
                }
            } else {
                l.before = None;
            }
            l.epoch = *epoch;
            *lab.borrow_mut() = Lab::new(p).ok();
            l.stages = Default::default();
            l.seeking = None;
            l.dirty = true;
            drop(l);
            frames.borrow().ensure();
        });
    }
    // Start or resume the frames whenever what they depend on changes.
    {
        let (live, frames) = (live.clone(), frames.clone());
        let deps = (inputs.playing, inputs.visible, inputs.follow, inputs.lang, inputs.dark, inputs.speed.to_bits());
        use_effect_with(deps, move |_| {
            live.borrow_mut().dirty = true;
            frames.borrow().ensure();
        });
    }
    // Commands.
    {
        let (lab, live, frames) = (lab.clone(), live.clone(), frames.clone());
        let on_follow = inputs.on_follow.clone();
        use_effect_with(inputs.command, move |&(_, cmd)| {
            let mut guard = lab.borrow_mut();
            let mut l = live.borrow_mut();
            if let Some(lab) = guard.as_mut() {
                match cmd {
                    Command::None => {}
                    Command::Step => {
                        l.seeking = None;
                        lab.step_one();
                    }
                    Command::Reset => {
                        if let Ok(fresh) = Lab::new(&lab.params) {
                            *lab = fresh;
                        }
                        l.stages = Default::default();
                        l.seeking = None;
                    }
                    Command::Seek(s) => l.seeking = Some((s.max(0.0) * 1e9).round() as u64),
                    Command::Advance(s) => l.seeking = Some(lab.t_ns + (s.max(0.0) * 1e9).round() as u64),
                    Command::Crash => {
                        l.seeking = None;
                        lab.crash();
                    }
                    Command::FollowOldest => {
                        let id = lab.sims[0].oldest_request().or_else(|| lab.sims[1].oldest_request());
                        on_follow.emit(id);
                    }
                }
            }
            l.dirty = true;
            drop(l);
            drop(guard);
            frames.borrow().ensure();
        });
    }
    let pick = {
        let (lab, live, frames) = (lab.clone(), live.clone(), frames.clone());
        let on_follow = inputs.on_follow.clone();
        // A click on a request follows it; a click elsewhere (or Enter: no position) sends a new request by hand
        // and follows that one on both sides.
        Callback::from(move |(side, at): (usize, Option<(f64, f64)>)| {
            let near = at.and_then(|(x, y)| live.borrow().stages.get(side).and_then(|s| s.nearest(x, y, 14.0)));
            let id = near.or_else(|| lab.borrow_mut().as_mut().and_then(|l| l.send_extra()));
            live.borrow_mut().dirty = true;
            frames.borrow().ensure();
            on_follow.emit(id);
        })
    };
    let csv = {
        let lab = lab.clone();
        Callback::from(move |_: ()| {
            if let Some(lab) = lab.borrow().as_ref() {
                let text = crate::export::run_csv([("asgi", lab.sims[0].metrics()), ("wsgi", lab.sims[1].metrics())]);
                crate::export::download_text("loop-lab-run.csv", "text/csv", &text);
            }
        })
    };
    LabHandle { view: (*view).clone(), pick, csv }
}
