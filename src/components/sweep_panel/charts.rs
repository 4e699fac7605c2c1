//! The sweep charts: the lines of a sweep (both sides, with their theory lines) and the measured runs as marks,
//! drawn on their canvases; each chart's figure with its PNG button, and its text alternative.

use crate::charts::{self, canvas::PageCanvas, Line, Marks, ASGI_COLOUR, WSGI_COLOUR};
use crate::export::download_canvas;
use crate::hooks::use_batch::BatchView;
use crate::i18n::{tr, Lang, T};
use crate::measured_match::{self, Point};
use crate::model::Params;
use plotters::prelude::IntoDrawingArea;
use sim::sweep::{point, Axis, PointResult};
use sim::theory::predict;
use sim::Side;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Theory lines of one side along a sweep (each point's theory is `sim::theory::predict`).
#[derive(Default)]
struct Theory {
    /// The tightest capacity bound (throughput).
    cap: Vec<(f64, f64)>,
    /// The response-time floor (latency).
    floor: Vec<(f64, f64)>,
    /// M/M/c mean response (Poisson traffic, worker pool).
    erlang: Vec<(f64, f64)>,
}

/// The theory lines of `side` at each of `values` along `axis`, from the setup `base`.
fn theory(base: &sim::Scenario, axis: Axis, values: &[u32], side: Side) -> Theory {
    let mut t = Theory::default();
    for &x in values {
        let p = predict(&point(base, axis, x, side, 1), side);
        let x = x as f64;
        t.cap.push((x, p.max_per_s));
        t.floor.extend(p.floor_ms.map(|r| (x, r)));
        t.erlang.extend(p.mmc_ms.map(|r| (x, r)));
    }
    t
}

/// The sweep the charts show: its axis, the setup swept, and that setup's measured runs as marks (none unless
/// the users were swept) on the throughput chart and on the p99 chart, and how many.
pub(super) struct Ran {
    pub(super) axis: Axis,
    base: sim::Scenario,
    marks: [Vec<Marks>; 2],
    pub(super) measured: usize,
}

impl Ran {
    pub(super) fn new(axis: Axis, params: &Params) -> Ran {
        let (mut marks, mut measured) = ([Vec::new(), Vec::new()], 0);
        for (side, colour, radius) in [(Side::Asgi, ASGI_COLOUR, 5), (Side::Wsgi, WSGI_COLOUR, 7)] {
            let pts = measured_match::sweep_points(params, axis, side);
            measured += pts.len();
            for (chart, y) in marks.iter_mut().zip([Point::rps as fn(&Point) -> f64, Point::p99_ms]) {
                let points = pts.iter().map(|p| (p.users as f64, y(p))).collect();
                chart.push(Marks { colour, radius, points });
            }
        }
        Ran { axis, base: params.scenario(), marks, measured }
    }
}

/// Sizes a sweep chart's canvas to its CSS size × device pixel ratio and draws its lines and marks.
fn draw(node: &NodeRef, lines: &[Line], marks: &[Marks], x_label: &str, y_label: &str, log_y: bool, dark: bool) {
    let Some(canvas) = node.cast::<HtmlCanvasElement>() else { return };
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    canvas.set_width((canvas.client_width().max(1) as f64 * dpr) as u32);
    canvas.set_height((canvas.client_height().max(1) as f64 * dpr) as u32);
    let Some(backend) = PageCanvas::new(&canvas) else { return };
    let theme = if dark { charts::DARK } else { charts::LIGHT };
    let _ = charts::sweep::draw(&backend.into_drawing_area(), &theme, x_label, y_label, lines, marks, log_y);
}

/// Each side's measured line and its theory lines (once there are results): the throughput chart's, then the
/// p99 chart's.
fn chart_lines(ran: &Ran, results: &[PointResult]) -> [Vec<Line>; 2] {
    let values = ran.axis.values();
    let mut thr = Vec::new();
    let mut p99 = Vec::new();
    for (side, colour) in [(Side::Asgi, ASGI_COLOUR), (Side::Wsgi, WSGI_COLOUR)] {
        let pts: Vec<_> = results.iter().filter(|r| r.side == side).collect();
        let line = |points| Line { label: String::new(), colour, dashed: false, thin: false, points };
        thr.push(line(pts.iter().map(|r| (r.x as f64, r.summary.throughput_per_s)).collect()));
        p99.push(line(pts.iter().map(|r| (r.x as f64, r.summary.latency_p99_ms)).collect()));
        if !results.is_empty() {
            let Theory { cap, floor, erlang } = theory(&ran.base, ran.axis, &values, side);
            let dashed = |points| Line { label: String::new(), colour, dashed: true, thin: true, points };
            thr.push(dashed(cap));
            p99.push(dashed(floor));
            if !erlang.is_empty() {
                p99.push(dashed(erlang));
            }
        }
    }
    [thr, p99]
}

/// Redraws both sweep charts (`nodes`: throughput, p99) when results arrive, the language or the theme changes.
#[hook]
pub(super) fn use_redraw(batch: &BatchView, ran: &Rc<Ran>, lang: Lang, dark: bool, nodes: [NodeRef; 2]) {
    let ran = ran.clone();
    let results = batch.results.clone();
    use_effect_with((results.len(), batch.run, lang, dark), move |&(_, _, l, dark)| {
        let x_label = tr(l, if ran.axis == Axis::Workers { T::SweepWorkers } else { T::SweepUsers });
        let [thr, p99] = chart_lines(&ran, &results);
        draw(&nodes[0], &thr, &ran.marks[0], x_label, tr(l, T::ChartThroughput), false, dark);
        draw(&nodes[1], &p99, &ran.marks[1], x_label, tr(l, T::SweepP99), true, dark);
    });
}

/// A chart's text alternative: its title, then each side's best point along the sweep (`best`).
pub(super) fn chart_alt(l: Lang, title: T, best: impl Fn(Side) -> Option<String>) -> String {
    let mut s = tr(l, title).to_string();
    for (side, name) in [(Side::Asgi, T::StageAsgi), (Side::Wsgi, T::StageWsgi)] {
        if let Some(v) = best(side) {
            s.push_str(&format!("; {} {v}", tr(l, name)));
        }
    }
    s
}

/// The highest throughput of `side` along the sweep, and where, in words.
pub(super) fn best_throughput(l: Lang, results: &[PointResult], side: Side) -> Option<String> {
    results
        .iter()
        .filter(|r| r.side == side)
        .max_by(|a, b| a.summary.throughput_per_s.total_cmp(&b.summary.throughput_per_s))
        .map(|r| format!("{} {:.0}{} (x = {})", tr(l, T::Max), r.summary.throughput_per_s, tr(l, T::PerSecond), r.x))
}

/// The lowest p99 of `side` along the sweep, and where, in words.
pub(super) fn best_p99(l: Lang, results: &[PointResult], side: Side) -> Option<String> {
    results
        .iter()
        .filter(|r| r.side == side)
        .min_by(|a, b| a.summary.latency_p99_ms.total_cmp(&b.summary.latency_p99_ms))
        .map(|r| format!("{} p99 {} (x = {})", tr(l, T::Min), crate::fmt::fmt_ms(r.summary.latency_p99_ms), r.x))
}

/// Saves the chart drawn on `node` as the PNG file `name`.
fn png(node: &NodeRef, name: &'static str) -> Callback<MouseEvent> {
    let node = node.clone();
    Callback::from(move |_: MouseEvent| {
        if let Some(c) = node.cast::<HtmlCanvasElement>() {
            download_canvas(name, &c);
        }
    })
}

/// One chart: its title and PNG button over its canvas (`key` names its test ids and file: `throughput`, `p99`).
pub(super) fn figure(l: Lang, title: T, key: &'static str, node: NodeRef, alt: String, n_measured: usize) -> Html {
    let png = png(&node, if key == "p99" { "loop-lab-sweep-p99.png" } else { "loop-lab-sweep-throughput.png" });
    html! {
        <figure class="chart-box">
            <figcaption><h3>{tr(l, title)}</h3>
                <button type="button" class="small" data-testid={format!("png-sweep-{key}")} onclick={png}>{tr(l, T::SavePng)}</button>
            </figcaption>
            <canvas ref={node} class="chart" data-testid={format!("chart-sweep-{key}")} role="img" aria-label={alt}
                    data-measured-points={n_measured.to_string()}></canvas>
        </figure>
    }
}
