//! The live charts: throughput, latency percentiles, queue depth, memory and busy cores, both sides on shared
//! axes. Drawn by the lab hook (a few times a second, never per frame); each can be saved as PNG.

use crate::charts::live::LiveChart;
use crate::export::download_canvas;
use crate::fmt::{fmt_mb, fmt_opt_ms, fmt_rate};
use crate::i18n::{tr, Lang, T};
use crate::lab::SideStats;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// One canvas per `LiveChart::ALL`.
    pub canvases: [NodeRef; 5],
    /// Downloads the run as CSV.
    pub on_csv: Callback<()>,
    /// The live numbers of both sides (the charts' text alternatives carry them).
    pub sides: [SideStats; 2],
    /// The run before the last change is drawn faded.
    #[prop_or_default]
    pub before: bool,
}

/// A chart's text alternative: its title and the latest numbers of both sides.
pub fn summary(kind: LiveChart, l: Lang, sides: &[SideStats; 2]) -> String {
    let name = [tr(l, T::StageAsgi), tr(l, T::StageWsgi)];
    let part = |i: usize| {
        let s = &sides[i];
        match kind {
            LiveChart::Throughput => format!("{} {}", name[i], fmt_rate(l, s.throughput)),
            LiveChart::Latency => format!("{} p50 {}, p99 {}", name[i], fmt_opt_ms(s.p50_ms), fmt_opt_ms(s.p99_ms)),
            LiveChart::Queue => format!("{} {}", name[i], s.queue),
            LiveChart::Memory => format!("{} {}", name[i], fmt_mb(s.memory_mb)),
            LiveChart::Cores => format!("{} {:.1}", name[i], s.busy_cores),
        }
    };
    format!("{}: {}; {}", tr(l, kind.title()), part(0), part(1))
}

/// The live charts.
#[component]
pub fn ChartsPanel(p: &Props) -> Html {
    let l = p.lang;
    let csv = {
        let on = p.on_csv.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <section class="charts" aria-labelledby="live-charts-title">
            <div class="section-head">
                <h2 id="live-charts-title">{tr(l, T::LiveCharts)}</h2>
                <button type="button" data-testid="run-csv" onclick={csv}>{tr(l, T::SaveCsv)}</button>
            </div>
            if p.before {
                <p class="note" data-testid="before-hint">{tr(l, T::BeforeHint)}</p>
            }
            <div class="chart-grid">
            { for LiveChart::ALL.iter().zip(p.canvases.iter()).map(|(kind, node)| {
                let node = node.clone();
                let key = kind.key();
                let save = {
                    let node = node.clone();
                    Callback::from(move |_: MouseEvent| {
                        if let Some(c) = node.cast::<HtmlCanvasElement>() {
                            download_canvas(&format!("loop-lab-{key}.png"), &c);
                        }
                    })
                };
                html! {
                    <figure class="chart-box">
                        <figcaption>
                            <h3>{tr(l, kind.title())}</h3>
                            <ul class="legend">
                                <li class="asgi">{tr(l, T::StageAsgi)}</li>
                                <li class="wsgi">{tr(l, T::StageWsgi)}</li>
                            </ul>
                            <button type="button" class="small" data-testid={format!("png-{key}")} onclick={save}>{tr(l, T::SavePng)}</button>
                        </figcaption>
                        <canvas ref={node} class="chart" data-testid={format!("chart-{key}")} role="img"
                                aria-label={summary(*kind, l, &p.sides)}></canvas>
                    </figure>
                }
            }) }
            </div>
        </section>
    }
}
