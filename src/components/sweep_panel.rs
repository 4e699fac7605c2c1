//! Sweeps: throughput and p99 against gunicorn workers or users, for the view the reader has set up, both sides,
//! with the theory lines (Little's-law capacity bounds, the response-time floor, Erlang C for Poisson traffic) and,
//! on a sweep of the users of a setup that was measured on real Django (`measured_match`), the measured runs.
//! Runs in slices (no long task) with a progress bar; results can be saved as CSV and the charts as PNG.

mod charts;

use crate::export::{download_text, sweep_csv};
use crate::hooks::use_batch::{use_batch, BatchView, Jobs};
use crate::i18n::{tr, Lang, T};
use crate::measured_match;
use crate::model::Params;
use charts::{best_p99, best_throughput, chart_alt, figure, use_redraw, Ran};
use sim::sweep::{point, Axis, PointResult};
use sim::Side;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
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

/// Under the charts: what the hollow markers are (when the sweep drew some), or that this setup has some to draw
/// (it was measured: a hint to sweep the users). Its test id and text.
fn measured_note(l: Lang, n_measured: usize, params: &Params) -> Option<(&'static str, String)> {
    if n_measured > 0 {
        Some(("sweep-measured", measured_match::caption(l)))
    } else if Side::BOTH.iter().any(|&side| measured_match::twin(params, side).is_some()) {
        Some(("sweep-measured-hint", tr(l, T::MeasuredHint).to_string()))
    } else {
        None
    }
}

/// Sets the axis from the axis menu.
fn on_axis(axis: &UseStateHandle<Axis>) -> Callback<Event> {
    let axis = axis.clone();
    Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        axis.set(if sel.value() == "users" { Axis::Users } else { Axis::Workers });
    })
}

/// Starts a sweep of the current setup along the chosen axis: every value, both sides, `per_point` requests each.
fn run_callback(
    axis: &UseStateHandle<Axis>,
    ran: &UseStateHandle<Rc<Ran>>,
    p: &Props,
    start: Callback<Jobs>,
) -> Callback<MouseEvent> {
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
}

/// Saves the sweep's results as CSV, named after its axis.
fn csv_callback(results: &Rc<Vec<PointResult>>, a: Axis) -> Callback<MouseEvent> {
    let results = results.clone();
    Callback::from(move |_: MouseEvent| {
        let name = if a == Axis::Workers { "workers" } else { "users" };
        download_text(&format!("loop-lab-sweep-{name}.csv"), "text/csv", &sweep_csv(name, &results));
    })
}

/// The figures of the last finished batch, as data attributes for the benchmark and one line for the reader.
fn batch_stats(l: Lang, batch: &BatchView) -> Html {
    html! {
        <span class="note" data-testid="sweep-stats" data-wall-ms={format!("{:.0}", batch.wall_ms)}
              data-events={batch.events.to_string()} data-requests={batch.requests.to_string()}
              data-max-slice-ms={format!("{:.1}", batch.max_slice_ms)} data-busy-ms={format!("{:.0}", batch.busy_ms)}
              data-slices={batch.slices.to_string()}>
            {format!("{} · {} {} · {:.2} s", tr(l, T::SweepDone), batch.requests, tr(l, T::SweepRequests), batch.wall_ms / 1000.0)}
        </span>
    }
}

/// The axis menu, the run button, the progress bar, and the last batch's figures.
fn controls(l: Lang, axis: Axis, on_axis: Callback<Event>, run: Callback<MouseEvent>, batch: &BatchView) -> Html {
    let pct = (batch.progress * 100.0).round();
    html! {
        <div class="sweep-controls">
            <div class="select">
                <label for="sweep-axis">{tr(l, T::SweepAxis)}</label>
                <select id="sweep-axis" data-testid="sweep-axis" onchange={on_axis}>
                    <option value="workers" selected={axis == Axis::Workers}>{tr(l, T::SweepWorkers)}</option>
                    <option value="users" selected={axis == Axis::Users}>{tr(l, T::SweepUsers)}</option>
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
                { batch_stats(l, batch) }
            }
        </div>
    }
}

/// The legend of both charts (with the measured runs' markers when there are some).
fn legend(l: Lang, n_measured: usize) -> Html {
    html! {
        <ul class="legend">
            <li class="asgi">{tr(l, T::StageAsgi)}</li>
            <li class="wsgi">{tr(l, T::StageWsgi)}</li>
            <li class="dashed">{tr(l, T::TheoryCapacity)}{" / "}{tr(l, T::TheoryFloor)}</li>
            if n_measured > 0 {
                <li class="measured">{"○ "}{tr(l, T::MeasuredLegend)}</li>
            }
        </ul>
    }
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
    use_redraw(&batch, &ran, l, p.dark, [tput.clone(), lat.clone()]);
    let run = run_callback(&axis, &ran, p, start);
    let csv = csv_callback(&batch.results, ran.axis);
    let results = &batch.results;
    let tput_alt = chart_alt(l, T::ChartThroughput, |side| best_throughput(l, results, side));
    let p99_alt = chart_alt(l, T::SweepP99, |side| best_p99(l, results, side));
    html! {
        <section class="sweeps" aria-labelledby="sweep-title">
            <h2 id="sweep-title">{tr(l, T::SweepTitle)}</h2>
            <p class="intro">{tr(l, T::SweepIntro)}</p>
            { controls(l, *axis, on_axis(&axis), run, &batch) }
            { legend(l, n_measured) }
            <div class="chart-grid two">
                { figure(l, T::ChartThroughput, "throughput", tput, tput_alt, n_measured) }
                { figure(l, T::SweepP99, "p99", lat, p99_alt, n_measured) }
            </div>
            if let Some((id, text)) = measured_note(l, n_measured, &p.params) {
                <p class="note measured-note" data-testid={id}>{text}</p>
            }
            <button type="button" data-testid="sweep-csv" onclick={csv} disabled={batch.results.is_empty()}>{tr(l, T::SaveCsv)}</button>
        </section>
    }
}
