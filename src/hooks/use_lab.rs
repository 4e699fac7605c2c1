//! `use_lab`: owns the running `Lab` (both simulations) in one `use_mut_ref`, and the animation-frame handle,
//! which is dropped — and the frame cancelled — when the component unmounts or playback stops.

use crate::charts::{self, series::Measure, Line};
use crate::i18n::{tr, Lang, T};
use crate::lab::Lab;
use crate::model::Params;
use crate::stage::{self, palette, FrameInfo, Pen, Stage};
use gloo_render::{request_animation_frame, AnimationFrame};
use plotters::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// The numbers shown beside each stage, refreshed a few times a second.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SideStats {
    pub throughput: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub in_flight: u32,
    pub queue: u32,
    pub loop_lag_ms: Option<f64>,
    pub memory_mb: f64,
}

/// What the hook gives the page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabView {
    /// Simulated time, s.
    pub t_s: f64,
    /// ASGI, WSGI.
    pub sides: [SideStats; 2],
    /// The simulation could not keep up with the requested speed.
    pub lagging: bool,
}

/// Settings the frame callback reads each frame.
struct Live {
    playing: bool,
    speed: f64,
    lang: Lang,
    dark: bool,
    last_ts: Option<f64>,
    last_publish: f64,
    stages: [Stage; 2],
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
    let pal = if live.dark { palette::DARK } else { palette::LIGHT };
    for (i, node) in canvases.iter().enumerate() {
        let Some(canvas) = node.cast::<HtmlCanvasElement>() else { continue };
        let Some(ctx) = ctx_of(&canvas) else { continue };
        let (w, h, dpr) = fit(&canvas);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.set_fill_style_str(pal.bg);
        ctx.fill_rect(0.0, 0.0, w, h);
        let pen = Pen { ctx: &ctx, pal: &pal, lang: live.lang };
        let fi = FrameInfo { w, h, dt_ns, ease };
        if i == 0 {
            stage::asgi::paint(&pen, fi, &lab.snaps[0], &mut live.stages[0]);
        } else {
            stage::wsgi::paint(&pen, fi, &lab.snaps[1], &mut live.stages[1]);
        }
    }
}

fn stats(lab: &Lab) -> LabView {
    let mut v = LabView { t_s: lab.t_ns as f64 / 1e9, lagging: lab.lagging, ..Default::default() };
    for (i, (sim, snap)) in lab.sims.iter().zip(&lab.snaps).enumerate() {
        let live = crate::lab::recent(sim.metrics(), 2.0);
        v.sides[i] = SideStats {
            throughput: live.throughput,
            p50_ms: live.p50_ms,
            p99_ms: live.p99_ms,
            in_flight: snap.requests_total,
            queue: snap.backlog + snap.loops.iter().map(|l| l.ready).sum::<u32>(),
            loop_lag_ms: (i == 0).then(|| snap.loops.iter().map(|l| l.lag_now_ns).max().unwrap_or(0) as f64 / 1e6),
            memory_mb: snap.memory_bytes / 1_048_576.0,
        };
    }
    v
}

/// Draws the throughput chart of both sides.
pub fn draw_chart(canvas: &HtmlCanvasElement, lab: &Lab, lang: Lang, dark: bool) {
    fit(canvas);
    let Some(backend) = charts::canvas::PageCanvas::new(canvas) else { return };
    let area = backend.into_drawing_area();
    let theme = if dark { charts::DARK } else { charts::LIGHT };
    let lines = vec![
        Line {
            label: tr(lang, T::StageAsgi).into(),
            colour: charts::ASGI_COLOUR,
            dashed: false,
            points: charts::series::points(lab.sims[0].metrics(), Measure::Throughput),
        },
        Line {
            label: tr(lang, T::StageWsgi).into(),
            colour: charts::WSGI_COLOUR,
            dashed: false,
            points: charts::series::points(lab.sims[1].metrics(), Measure::Throughput),
        },
    ];
    let _ = charts::timeseries::draw(&area, &theme, tr(lang, T::ChartTime), tr(lang, T::ChartThroughput), &lines);
}

/// What the page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct LabInputs {
    pub params: Params,
    pub playing: bool,
    pub speed: f64,
    pub lang: Lang,
    pub dark: bool,
}

/// The frame callback, shared between the effect that starts it and each frame that re-arms it.
type Tick = Rc<RefCell<Option<Box<dyn Fn(f64)>>>>;

/// Runs the lab while playing, painting `canvases` every frame and `chart` a few times a second.
#[hook]
pub fn use_lab(inputs: &LabInputs, canvases: [NodeRef; 2], chart: NodeRef) -> LabView {
    let LabInputs { params, playing, speed, lang, dark } = inputs.clone();
    let params = &params;
    let lab = use_mut_ref(|| Lab::new(params).ok());
    let live = use_mut_ref(|| Live {
        playing,
        speed,
        lang,
        dark,
        last_ts: None,
        last_publish: 0.0,
        stages: Default::default(),
    });
    let view = use_state(LabView::default);
    {
        let mut l = live.borrow_mut();
        l.playing = playing;
        l.speed = speed;
        l.lang = lang;
        l.dark = dark;
    }
    // Rebuild the simulations when the parameters change.
    {
        let lab = lab.clone();
        let live = live.clone();
        use_effect_with(params.clone(), move |p| {
            *lab.borrow_mut() = Lab::new(p).ok();
            live.borrow_mut().stages = Default::default();
        });
    }
    // The animation loop. The handle lives in `frame`; dropping it cancels the pending frame.
    {
        let lab = lab.clone();
        let live = live.clone();
        let view = view.clone();
        let canvases = canvases.clone();
        let chart = chart.clone();
        use_effect_with(playing, move |_| {
            let frame: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
            let tick: Tick = Rc::new(RefCell::new(None));
            {
                let frame = frame.clone();
                let tick_ref = tick.clone();
                *tick.borrow_mut() = Some(Box::new(move |ts: f64| {
                    let mut l = live.borrow_mut();
                    let dt_ms = l.last_ts.map_or(0.0, |p| (ts - p).clamp(0.0, 100.0));
                    l.last_ts = Some(ts);
                    let mut guard = lab.borrow_mut();
                    if let Some(lab) = guard.as_mut() {
                        let dt_ns = if l.playing { (dt_ms * 1e6 * l.speed) as u64 } else { 0 };
                        lab.advance(dt_ns);
                        let ease = 1.0 - (-dt_ms / 60.0).exp();
                        paint(lab, &mut l, &canvases, dt_ns, if dt_ms == 0.0 { 1.0 } else { ease });
                        if ts - l.last_publish > 250.0 {
                            l.last_publish = ts;
                            view.set(stats(lab));
                            if let Some(c) = chart.cast::<HtmlCanvasElement>() {
                                draw_chart(&c, lab, l.lang, l.dark);
                            }
                        }
                    }
                    drop(guard);
                    let keep_going = l.playing;
                    drop(l);
                    if keep_going {
                        let next = tick_ref.clone();
                        *frame.borrow_mut() = Some(request_animation_frame(move |ts| {
                            if let Some(f) = next.borrow().as_ref() {
                                f(ts)
                            }
                        }));
                    }
                }));
            }
            // First frame (also paints once when paused).
            {
                let next = tick.clone();
                *frame.borrow_mut() = Some(request_animation_frame(move |ts| {
                    if let Some(f) = next.borrow().as_ref() {
                        f(ts)
                    }
                }));
            }
            move || {
                // Break the cycle tick → frame → closure → tick, and cancel the pending frame.
                frame.borrow_mut().take();
                tick.borrow_mut().take();
            }
        });
    }
    (*view).clone()
}
