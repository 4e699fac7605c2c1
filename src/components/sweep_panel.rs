//! Sweeps: throughput and p99 against gunicorn workers or users, for the view the reader has set up, both sides,
//! with the theory lines (Little's-law capacity bounds, the response-time floor, Erlang C for Poisson traffic) and,
//! on a sweep of the users of a setup that was measured on real Django (`measured_match`), the measured runs.
//! Runs in slices (no long task) with a progress bar; results can be saved as CSV and the charts as PNG.

use crate::charts::{self, canvas::PageCanvas, Line, Marks, ASGI_COLOUR, WSGI_COLOUR};
use crate::export::{download_canvas, download_text, sweep_csv};
use crate::hooks::use_batch::use_batch;
use crate::i18n::{tr, Lang, T};
use crate::measured_match::{self, Point};
use crate::model::Params;
use plotters::prelude::IntoDrawingArea;
use sim::sweep::{point, Axis};
use sim::theory::predict;
use sim::Side;
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

/// Requests simulated per point and side (a sweep of 10–12 points, both sides: ≈ 200–240 k requests).
pub const REQUESTS_PER_POINT: u64 = 10_000;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Params,
    pub dark: bool,
    /// Requests per point (a benchmark sets it from the URL).
    #[prop_or(REQUESTS_PER_POINT)]
    pub per_point: u64,
}

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
struct Ran {
    axis: Axis,
    base: sim::Scenario,
    marks: [Vec<Marks>; 2],
    measured: usize,
}

impl Ran {
    fn new(axis: Axis, params: &Params) -> Ran {
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

fn draw(node: &NodeRef, lines: &[Line], marks: &[Marks], x_label: &str, y_label: &str, log_y: bool, dark: bool) {
    let Some(canvas) = node.cast::<HtmlCanvasElement>() else { return };
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    canvas.set_width((canvas.client_width().max(1) as f64 * dpr) as u32);
    canvas.set_height((canvas.client_height().max(1) as f64 * dpr) as u32);
    let Some(backend) = PageCanvas::new(&canvas) else { return };
    let theme = if dark { charts::DARK } else { charts::LIGHT };
    let _ = charts::sweep::draw(&backend.into_drawing_area(), &theme, x_label, y_label, lines, marks, log_y);
}

/// The sweep panel.
#[component]
pub fn SweepPanel(p: &Props) -> Html {
    let l = p.lang;
    let axis = use_state(|| Axis::Workers);
    let (batch, start) = use_batch();
    let ran = use_state(|| Rc::new(Ran::new(Axis::Workers, &p.params)));
    let tput = use_node_ref();
    let lat = use_node_ref();
    let n_measured = ran.measured;
    // Redraw when results arrive, the language or the theme changes.
    {
        let (tput, lat) = (tput.clone(), lat.clone());
        let ran = (*ran).clone();
        let results = batch.results.clone();
        use_effect_with((results.len(), batch.run, l, p.dark), move |&(_, _, l, dark)| {
            let (ran_axis, ran_base) = (ran.axis, &ran.base);
            let values = ran_axis.values();
            let x_label = tr(l, if ran_axis == Axis::Workers { T::SweepWorkers } else { T::SweepUsers });
            let mut thr = Vec::new();
            let mut p99 = Vec::new();
            for (side, colour) in [(Side::Asgi, ASGI_COLOUR), (Side::Wsgi, WSGI_COLOUR)] {
                let pts: Vec<_> = results.iter().filter(|r| r.side == side).collect();
                let line = |points| Line { label: String::new(), colour, dashed: false, thin: false, points };
                thr.push(line(pts.iter().map(|r| (r.x as f64, r.summary.throughput_per_s)).collect()));
                p99.push(line(pts.iter().map(|r| (r.x as f64, r.summary.latency_p99_ms)).collect()));
                if !results.is_empty() {
                    let Theory { cap, floor, erlang } = theory(ran_base, ran_axis, &values, side);
                    let dashed = |points| Line { label: String::new(), colour, dashed: true, thin: true, points };
                    thr.push(dashed(cap));
                    p99.push(dashed(floor));
                    if !erlang.is_empty() {
                        p99.push(dashed(erlang));
                    }
                }
            }
            draw(&tput, &thr, &ran.marks[0], x_label, tr(l, T::ChartThroughput), false, dark);
            draw(&lat, &p99, &ran.marks[1], x_label, tr(l, T::SweepP99), true, dark);
        });
    }
    let on_axis = {
        let axis = axis.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            axis.set(if sel.value() == "users" { Axis::Users } else { Axis::Workers });
        })
    };
    // The current setup was measured (a hint to sweep the users when the charts do not show it).
    let measurable = Side::BOTH.iter().any(|&side| measured_match::twin(&p.params, side).is_some());
    let run = {
        let (axis, ran) = (axis.clone(), ran.clone());
        let params = p.params.clone();
        let base = params.scenario();
        let per_point = p.per_point;
        Callback::from(move |_: MouseEvent| {
            let a = *axis;
            let mut jobs = Vec::new();
            for x in a.values() {
                for side in base.sides() {
                    jobs.push((x, side, point(&base, a, x, side, per_point)));
                }
            }
            ran.set(Rc::new(Ran::new(a, &params)));
            start.emit(jobs);
        })
    };
    let csv = {
        let results = batch.results.clone();
        let a = ran.axis;
        Callback::from(move |_: MouseEvent| {
            let name = if a == Axis::Workers { "workers" } else { "users" };
            download_text(&format!("loop-lab-sweep-{name}.csv"), "text/csv", &sweep_csv(name, &results));
        })
    };
    let png = |node: &NodeRef, name: &'static str| {
        let node = node.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = node.cast::<HtmlCanvasElement>() {
                download_canvas(name, &c);
            }
        })
    };
    let pct = (batch.progress * 100.0).round();
    // Text alternatives: the best throughput and p99 of each side along the sweep.
    let alt = |title: T, best: &dyn Fn(Side) -> Option<String>| {
        let mut s = tr(l, title).to_string();
        for (side, name) in [(Side::Asgi, T::StageAsgi), (Side::Wsgi, T::StageWsgi)] {
            if let Some(v) = best(side) {
                s.push_str(&format!("; {} {v}", tr(l, name)));
            }
        }
        s
    };
    let results = batch.results.clone();
    let best_x = |side: Side| {
        results
            .iter()
            .filter(|r| r.side == side)
            .max_by(|a, b| a.summary.throughput_per_s.total_cmp(&b.summary.throughput_per_s))
            .map(|r| {
                format!("{} {:.0}{} (x = {})", tr(l, T::Max), r.summary.throughput_per_s, tr(l, T::PerSecond), r.x)
            })
    };
    let best_p99 = |side: Side| {
        results
            .iter()
            .filter(|r| r.side == side)
            .min_by(|a, b| a.summary.latency_p99_ms.total_cmp(&b.summary.latency_p99_ms))
            .map(|r| format!("{} p99 {} (x = {})", tr(l, T::Min), crate::fmt::fmt_ms(r.summary.latency_p99_ms), r.x))
    };
    // Under the charts: what the hollow markers are, or that this setup has some to draw.
    let note = if n_measured > 0 {
        Some(("sweep-measured", measured_match::caption(l)))
    } else if measurable {
        Some(("sweep-measured-hint", tr(l, T::MeasuredHint).to_string()))
    } else {
        None
    };
    let tput_alt = alt(T::ChartThroughput, &best_x);
    let p99_alt = alt(T::SweepP99, &best_p99);
    html! {
        <section class="sweeps" aria-labelledby="sweep-title">
            <h2 id="sweep-title">{tr(l, T::SweepTitle)}</h2>
            <p class="intro">{tr(l, T::SweepIntro)}</p>
            <div class="sweep-controls">
                <div class="select">
                    <label for="sweep-axis">{tr(l, T::SweepAxis)}</label>
                    <select id="sweep-axis" data-testid="sweep-axis" onchange={on_axis}>
                        <option value="workers" selected={*axis == Axis::Workers}>{tr(l, T::SweepWorkers)}</option>
                        <option value="users" selected={*axis == Axis::Users}>{tr(l, T::SweepUsers)}</option>
                    </select>
                </div>
                <button type="button" class="primary" data-testid="sweep-run" onclick={run} disabled={batch.running}>
                    { if batch.running { tr(l, T::SweepRunning) } else { tr(l, T::SweepRun) } }
                </button>
                <label class="progress">
                    <span>{tr(l, T::Progress)}</span>
                    <progress data-testid="sweep-progress" max="100" value={pct.to_string()}>{format!("{pct}%")}</progress>
                    <output data-testid="sweep-percent">{format!("{pct:.0}%")}</output>
                </label>
                if !batch.results.is_empty() && !batch.running {
                    <span class="note" data-testid="sweep-stats" data-wall-ms={format!("{:.0}", batch.wall_ms)}
                          data-events={batch.events.to_string()} data-requests={batch.requests.to_string()}
                          data-max-slice-ms={format!("{:.1}", batch.max_slice_ms)} data-busy-ms={format!("{:.0}", batch.busy_ms)}
                          data-slices={batch.slices.to_string()}>
                        {format!("{} · {} {} · {:.2} s", tr(l, T::SweepDone), batch.requests, tr(l, T::SweepRequests), batch.wall_ms / 1000.0)}
                    </span>
                }
            </div>
            <ul class="legend">
                <li class="asgi">{tr(l, T::StageAsgi)}</li>
                <li class="wsgi">{tr(l, T::StageWsgi)}</li>
                <li class="dashed">{tr(l, T::TheoryCapacity)}{" / "}{tr(l, T::TheoryFloor)}</li>
                if n_measured > 0 {
                    <li class="measured">{"○ "}{tr(l, T::MeasuredLegend)}</li>
                }
            </ul>
            <div class="chart-grid two">
                <figure class="chart-box">
                    <figcaption><h3>{tr(l, T::ChartThroughput)}</h3>
                        <button type="button" class="small" data-testid="png-sweep-throughput" onclick={png(&tput, "loop-lab-sweep-throughput.png")}>{tr(l, T::SavePng)}</button>
                    </figcaption>
                    <canvas ref={tput} class="chart" data-testid="chart-sweep-throughput" role="img" aria-label={tput_alt}
                            data-measured-points={n_measured.to_string()}></canvas>
                </figure>
                <figure class="chart-box">
                    <figcaption><h3>{tr(l, T::SweepP99)}</h3>
                        <button type="button" class="small" data-testid="png-sweep-p99" onclick={png(&lat, "loop-lab-sweep-p99.png")}>{tr(l, T::SavePng)}</button>
                    </figcaption>
                    <canvas ref={lat} class="chart" data-testid="chart-sweep-p99" role="img" aria-label={p99_alt}
                            data-measured-points={n_measured.to_string()}></canvas>
                </figure>
            </div>
            if let Some((id, text)) = note {
                <p class="note measured-note" data-testid={id}>{text}</p>
            }
            <button type="button" data-testid="sweep-csv" onclick={csv} disabled={batch.results.is_empty()}>{tr(l, T::SaveCsv)}</button>
        </section>
    }
}
