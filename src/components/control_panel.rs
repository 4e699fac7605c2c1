//! The post's toggles: how the view calls out, gather, CPU, the ORM; servers; traffic. Every control is labelled
//! in both languages and dispatches one `Param` change.

use super::slider::Slider;
use crate::i18n::{tr, Lang, T};
use crate::model::{IoStyle, Num, Orm, Param, Params, Scale};
use crate::state::Command;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Params,
    pub on_change: Callback<Param>,
    /// Only these controls, in this order, without groups (an embedded scene's few controls).
    #[prop_or_default]
    pub only: Option<&'static [&'static str]>,
    /// Commands for the running lab (the "crash a worker now" button).
    #[prop_or_default]
    pub on_command: Callback<Command>,
}

fn io_label(io: IoStyle) -> T {
    match io {
        IoStyle::AsyncSleep => T::IoAsyncSleep,
        IoStyle::Httpx => T::IoHttpx,
        IoStyle::TimeSleep => T::IoTimeSleep,
        IoStyle::Requests => T::IoRequests,
    }
}

fn orm_label(o: Orm) -> T {
    match o {
        Orm::None => T::OrmNone,
        Orm::SyncToAsyncTs => T::OrmTs,
        Orm::SyncToAsyncShared => T::OrmShared,
        Orm::SyncInAsync => T::OrmSync,
    }
}

/// The keys of the controls that are not numeric parameters (those are named as in `model::NUMERIC`).
pub const OTHER_CONTROLS: &[&str] = &["io", "gather", "orm", "asgi_def", "celery", "traffic", "seed", "crash_now"];

/// The control panel.
#[component]
pub fn ControlPanel(p: &Props) -> Html {
    let l = p.lang;
    let v = &p.params;
    // A numeric parameter's slider: everything it needs is in its row of `model::NUMERIC`.
    let slider = |n: Num| {
        let spec = n.spec();
        let on_change = p.on_change.clone();
        html! {
            <Slider id={format!("ctl-{}", spec.name)} label={tr(l, spec.label)} min={spec.range.min} max={spec.range.max}
                    value={n.get(v)} log={spec.scale == Scale::Log} integer={spec.integer}
                    unit={spec.unit.map_or("", |u| tr(l, u)).to_string()}
                    on_change={Callback::from(move |x| on_change.emit(Param::Set(n, x)))} />
        }
    };
    let check = |id: &'static str, label: T, checked: bool, f: fn(bool) -> Param| {
        let on_change = p.on_change.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_change.emit(f(input.checked()));
        });
        html! {
            <div class="check">
                <input type="checkbox" id={id} data-testid={id} checked={checked} {onchange} />
                <label for={id}>{tr(l, label)}</label>
            </div>
        }
    };
    let io_select = {
        let on_change = p.on_change.clone();
        let onchange = Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(io) = IoStyle::from_key(&sel.value()) {
                on_change.emit(Param::Io(io));
            }
        });
        html! {
            <div class="select">
                <label for="ctl-io">{tr(l, T::IoStyleLabel)}</label>
                <select id="ctl-io" data-testid="ctl-io" {onchange}>
                    { for IoStyle::ALL.iter().map(|io| html! {
                        <option value={io.key()} selected={*io == v.io}>{tr(l, io_label(*io))}</option>
                    }) }
                </select>
            </div>
        }
    };
    let orm_select = {
        let on_change = p.on_change.clone();
        let onchange = Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(o) = Orm::from_key(&sel.value()) {
                on_change.emit(Param::Orm(o));
            }
        });
        html! {
            <div class="select">
                <label for="ctl-orm">{tr(l, T::OrmLabel)}</label>
                <select id="ctl-orm" data-testid="ctl-orm" {onchange}>
                    { for Orm::ALL.iter().map(|o| html! {
                        <option value={o.key()} selected={*o == v.orm}>{tr(l, orm_label(*o))}</option>
                    }) }
                </select>
            </div>
        }
    };
    let item = |key: &str| -> Html {
        match key {
            "io" => io_select.clone(),
            "gather" => check("ctl-gather", T::Gather, v.gather, Param::Gather),
            "orm" => orm_select.clone(),
            "db_ms" if v.orm == Orm::None => html! {},
            "asgi_def" => check("ctl-asgi-def", T::AsgiSyncView, v.asgi_sync_view, Param::AsgiSyncView),
            "celery" => check("ctl-celery", T::CeleryLabel, v.celery, Param::Celery),
            "traffic" => traffic_kind(l, v.rate > 0.0, p.on_change.clone()),
            "users" if v.rate > 0.0 => slider(Num::Rate),
            "seed" => seed_input(l, v.seed, p.on_change.clone()),
            "crash_now" => {
                let on = p.on_command.clone();
                html! {
                    <div class="crash-now">
                        <button type="button" data-testid="crash-now" onclick={Callback::from(move |_| on.emit(Command::Crash))}>
                            {tr(l, T::CrashNow)}
                        </button>
                        <span class="hint">{tr(l, T::CrashNowHint)}</span>
                    </div>
                }
            }
            other => Num::from_name(other).map(slider).unwrap_or_default(),
        }
    };
    if let Some(only) = p.only {
        return html! { <div class="controls compact">{ for only.iter().map(|k| item(k)) }</div> };
    }
    let group = |legend: T, keys: &[&str]| {
        html! {
            <fieldset>
                <legend>{tr(l, legend)}</legend>
                { for keys.iter().map(|k| item(k)) }
            </fieldset>
        }
    };
    html! {
        <div class="controls">
            { group(T::GroupCode, &["io", "calls", "io_ms", "io_cv", "gather", "cpu_ms", "celery", "orm", "db_ms", "db_pool", "asgi_def"]) }
            { group(T::GroupServers, &["workers", "threads", "processes", "cores"]) }
            { group(T::GroupTraffic, &["traffic", "users", "seed"]) }
            <details class="more-controls">
                <summary>{tr(l, T::GroupFaults)}</summary>
                { group(T::GroupFaults, &["crash_now", "crash_at_s", "timeout_s", "max_requests"]) }
            </details>
        </div>
    }
}

fn traffic_kind(l: Lang, open: bool, on_change: Callback<Param>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        // Switching to open traffic starts at 100 arrivals per second; back to closed clears the rate.
        on_change.emit(Param::Set(Num::Rate, if sel.value() == "open" { 100.0 } else { 0.0 }));
    });
    html! {
        <div class="select">
            <label for="ctl-traffic">{tr(l, T::TrafficKind)}</label>
            <select id="ctl-traffic" data-testid="ctl-traffic" {onchange}>
                <option value="closed" selected={!open}>{tr(l, T::TrafficClosed)}</option>
                <option value="open" selected={open}>{tr(l, T::TrafficOpen)}</option>
            </select>
        </div>
    }
}

fn seed_input(l: Lang, seed: u64, on_change: Callback<Param>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Ok(s) = input.value().trim().parse::<u64>() {
            on_change.emit(Param::Seed(s));
        }
    });
    html! {
        <div class="number">
            <label for="ctl-seed">{tr(l, T::SeedLabel)}</label>
            <input type="number" id="ctl-seed" data-testid="ctl-seed" min="0" step="1" value={seed.to_string()} {onchange} />
        </div>
    }
}
