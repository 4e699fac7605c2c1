//! The post's benchmark table next to the simulation of the same setup, each row checked with Little's law; the
//! row that cannot be true is flagged with the arithmetic, in both languages.

use crate::fmt::fmt_ms;
use crate::hooks::use_batch::use_batch;
use crate::i18n::{tr, Lang, T};
use crate::post_table::{assumptions, check, explanation, ROWS};
use sim::Side;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
}

/// The table section.
#[component]
pub fn PostTable(p: &Props) -> Html {
    let l = p.lang;
    let (batch, start) = use_batch();
    let run = Callback::from(move |_: MouseEvent| {
        let mut jobs = Vec::new();
        for (i, r) in ROWS.iter().enumerate() {
            if let Some(params) = crate::preset_params::preset_params(r.workload.preset()) {
                jobs.push((i as u32, r.side, crate::post_table::scenario(&params)));
            }
        }
        start.emit(jobs);
    });
    let pct = (batch.progress * 100.0).round();
    html! {
        <section class="post-table" aria-labelledby="table-title">
            <h2 id="table-title">{tr(l, T::TableTitle)}</h2>
            <p class="intro">{tr(l, T::TableIntro)}</p>
            <div class="sweep-controls">
                <button type="button" class="primary" data-testid="table-run" onclick={run} disabled={batch.running}>
                    { if batch.running { tr(l, T::SweepRunning) } else { tr(l, T::TableRun) } }
                </button>
                <progress max="100" value={pct.to_string()} aria-label={tr(l, T::Progress)}>{format!("{pct}%")}</progress>
            </div>
            <p class="note scroll-hint">{tr(l, T::TableScrollHint)}</p>
            // A scrolling box must be reachable by keyboard (arrow keys scroll it once it has focus).
            <div class="table-wrap" tabindex="0" role="region" aria-label={tr(l, T::TableScrollHint)}>
            <table data-testid="post-table">
                <thead><tr>
                    <th scope="col">{tr(l, T::ColWorkload)}</th><th scope="col">{tr(l, T::ColVerdict)}</th>
                    <th scope="col">{tr(l, T::ColServer)}</th>
                    <th scope="col">{tr(l, T::ColPostR)}</th><th scope="col">{tr(l, T::ColPostX)}</th>
                    <th scope="col">{tr(l, T::ColLittle)}</th><th scope="col">{tr(l, T::ColBound)}</th>
                    <th scope="col">{tr(l, T::ColSimR)}</th><th scope="col">{tr(l, T::ColSimX)}</th>
                </tr></thead>
                <tbody>
                { for ROWS.iter().enumerate().map(|(i, r)| {
                    let c = check(r);
                    let sim = batch.results.iter().find(|p| p.x == i as u32).map(|p| &p.summary);
                    let server = if r.side == Side::Asgi { T::ServerAsync } else { T::ServerSync };
                    let verdict = if c.impossible { T::VerdictImpossible } else if c.bound_rps.is_some() { T::VerdictOk } else { T::VerdictUnknown };
                    html! {
                        <tr class={classes!(c.impossible.then_some("flagged"))} data-testid={format!("row-{i}")} data-flagged={c.impossible.to_string()}>
                            <th scope="row">{r.workload.name(l)}</th>
                            <td class="verdict">{ if c.impossible { "⚠ " } else { "" } }{tr(l, verdict)}</td>
                            <td>{tr(l, server)}</td>
                            <td class="num">{fmt_ms(r.post_ms)}</td>
                            <td class="num">{format!("{:.0}/s", r.post_rps)}</td>
                            <td class="num">{fmt_ms(c.little_ms)}{ if c.consistent { " ✓" } else { " ✗" } }</td>
                            <td class="num">{ c.bound_rps.map(|b| format!("≤ {b:.0}/s")).unwrap_or_else(|| "—".into()) }</td>
                            <td class="num">{ sim.map(|s| fmt_ms(s.latency_mean_ms)).unwrap_or_else(|| "—".into()) }</td>
                            <td class="num">{ sim.map(|s| format!("{:.0}/s", s.throughput_per_s)).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <p class="explain" data-testid="table-explanation"><strong>{"⚠ "}</strong>{explanation(l)}</p>
            <details>
                <summary>{tr(l, T::Assumptions)}</summary>
                <ul>{ for assumptions(l).iter().map(|a| html! { <li>{*a}</li> }) }</ul>
            </details>
        </section>
    }
}
