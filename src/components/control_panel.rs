//! The post's toggles: how the view calls out, gather, CPU, the ORM; servers; traffic. Every control is labelled
//! in both languages and dispatches one `Param` change.

use super::slider::Slider;
use crate::i18n::{tr, Lang, T};
use crate::model::{range, IoStyle, Orm, Param, Params};
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

/// The control panel.
#[component]
pub fn ControlPanel(p: &Props) -> Html {
    let l = p.lang;
    let v = &p.params;
    let ms = tr(l, T::Ms);
    let slider = |id: &'static str, label: T, value: f64, log: bool, integer: bool, unit: &str, f: fn(f64) -> Param| {
        let r = range(id);
        let on_change = p.on_change.clone();
        html! {
            <Slider id={format!("ctl-{id}")} label={tr(l, label)} min={r.min} max={r.max} value={value} log={log}
                    integer={integer} unit={unit.to_string()} on_change={Callback::from(move |x| on_change.emit(f(x)))} />
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
            "calls" => slider("calls", T::Calls, v.calls as f64, false, true, "", |x| Param::Calls(x as u32)),
            "io_ms" => slider("io_ms", T::IoMs, v.io_ms, true, true, ms, Param::IoMs),
            "gather" => check("ctl-gather", T::Gather, v.gather, Param::Gather),
            "cpu_ms" => slider("cpu_ms", T::CpuMs, v.cpu_ms, true, false, ms, Param::CpuMs),
            "orm" => orm_select.clone(),
            "db_ms" if v.orm != Orm::None => slider("db_ms", T::DbMs, v.db_ms, true, false, ms, Param::DbMs),
            "db_pool" => slider("db_pool", T::DbPool, v.db_pool as f64, true, true, "", |x| Param::DbPool(x as u32)),
            "asgi_def" => check("ctl-asgi-def", T::AsgiSyncView, v.asgi_sync_view, Param::AsgiSyncView),
            "workers" => {
                slider("workers", T::WorkersLabel, v.workers as f64, true, true, "", |x| Param::Workers(x as u32))
            }
            "threads" => {
                slider("threads", T::ThreadsLabel, v.threads as f64, true, true, "", |x| Param::Threads(x as u32))
            }
            "processes" => slider("processes", T::ProcessesLabel, v.processes as f64, false, true, "", |x| {
                Param::Processes(x as u32)
            }),
            "cores" => slider("cores", T::CoresLabel, v.cores as f64, true, true, "", |x| Param::Cores(x as u32)),
            "traffic" => traffic_kind(l, v.rate > 0.0, p.on_change.clone()),
            "users" if v.rate > 0.0 => {
                slider("rate", T::RateLabel, v.rate, true, false, tr(l, T::PerSecondUnit), Param::Rate)
            }
            "users" => {
                slider("users", T::UsersLabel, v.users as f64, true, true, tr(l, T::Users), |x| Param::Users(x as u32))
            }
            "seed" => seed_input(l, v.seed, p.on_change.clone()),
            _ => html! {},
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
            { group(T::GroupCode, &["io", "calls", "io_ms", "gather", "cpu_ms", "orm", "db_ms", "db_pool", "asgi_def"]) }
            { group(T::GroupServers, &["workers", "threads", "processes", "cores"]) }
            { group(T::GroupTraffic, &["traffic", "users", "seed"]) }
        </div>
    }
}

fn traffic_kind(l: Lang, open: bool, on_change: Callback<Param>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        // Switching to open traffic starts at 100 arrivals per second; back to closed clears the rate.
        on_change.emit(Param::Rate(if sel.value() == "open" { 100.0 } else { 0.0 }));
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
