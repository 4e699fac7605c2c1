//! The post's toggles: how the view calls out, gather, CPU, the ORM; servers; traffic. Every control is labelled
//! in both languages and dispatches one `Param` change.

mod menus;

use super::slider::Slider;
use crate::i18n::{tr, Lang, T};
use crate::model::{Num, Orm, Param, Params, Scale};
use crate::state::Command;
use menus::{io_select, orm_select, seed_input, traffic_kind};
use web_sys::HtmlInputElement;
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

/// The keys of the controls that are not numeric parameters (those are named as in `model::NUMERIC`).
pub const OTHER_CONTROLS: &[&str] = &["io", "gather", "orm", "asgi_def", "celery", "traffic", "seed", "crash_now"];

/// A numeric parameter's slider: everything it needs is in its row of `model::NUMERIC`.
fn slider(l: Lang, v: &Params, n: Num, on_change: &Callback<Param>) -> Html {
    let spec = n.spec();
    let on_change = on_change.clone();
    html! {
        <Slider id={format!("ctl-{}", spec.name)} label={tr(l, spec.label)} min={spec.range.min} max={spec.range.max}
                value={n.get(v)} log={spec.scale == Scale::Log} integer={spec.integer}
                unit={spec.unit.map_or("", |u| tr(l, u)).to_string()}
                on_change={Callback::from(move |x| on_change.emit(Param::Set(n, x)))} />
    }
}

/// A checkbox `id` (also its test id) that dispatches `f(checked)`.
fn check(
    l: Lang,
    id: &'static str,
    label: T,
    checked: bool,
    f: fn(bool) -> Param,
    on_change: &Callback<Param>,
) -> Html {
    let on_change = on_change.clone();
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
}

/// The button that crashes a worker (WSGI) and a process (ASGI) now.
fn crash_now(l: Lang, on_command: &Callback<Command>) -> Html {
    let on = on_command.clone();
    html! {
        <div class="crash-now">
            <button type="button" data-testid="crash-now" onclick={Callback::from(move |_| on.emit(Command::Crash))}>
                {tr(l, T::CrashNow)}
            </button>
            <span class="hint">{tr(l, T::CrashNowHint)}</span>
        </div>
    }
}

/// The control named `key` (a numeric parameter's name, or one of `OTHER_CONTROLS`); nothing for a control that
/// does not apply to the current setup, or for an unknown key.
fn item(p: &Props, key: &str) -> Html {
    let (l, v) = (p.lang, &p.params);
    match key {
        "io" => io_select(l, v.io, &p.on_change),
        "gather" => check(l, "ctl-gather", T::Gather, v.gather, Param::Gather, &p.on_change),
        "orm" => orm_select(l, v.orm, &p.on_change),
        "db_ms" if v.orm == Orm::None => html! {},
        "asgi_def" => check(l, "ctl-asgi-def", T::AsgiSyncView, v.asgi_sync_view, Param::AsgiSyncView, &p.on_change),
        "celery" => check(l, "ctl-celery", T::CeleryLabel, v.celery, Param::Celery, &p.on_change),
        "traffic" => traffic_kind(l, v.rate > 0.0, p.on_change.clone()),
        "users" if v.rate > 0.0 => slider(l, v, Num::Rate, &p.on_change),
        "seed" => seed_input(l, v.seed, p.on_change.clone()),
        "crash_now" => crash_now(l, &p.on_command),
        other => Num::from_name(other).map(|n| slider(l, v, n, &p.on_change)).unwrap_or_default(),
    }
}

/// A group of controls under its legend.
fn group(p: &Props, legend: T, keys: &[&str]) -> Html {
    html! {
        <fieldset>
            <legend>{tr(p.lang, legend)}</legend>
            { for keys.iter().map(|k| item(p, k)) }
        </fieldset>
    }
}

/// The control panel.
#[component]
pub fn ControlPanel(p: &Props) -> Html {
    if let Some(only) = p.only {
        return html! { <div class="controls compact">{ for only.iter().map(|k| item(p, k)) }</div> };
    }
    html! {
        <div class="controls">
            { group(p, T::GroupCode, &["io", "calls", "io_ms", "io_cv", "gather", "cpu_ms", "celery", "orm", "db_ms", "db_pool", "asgi_def"]) }
            { group(p, T::GroupServers, &["workers", "threads", "processes", "cores"]) }
            { group(p, T::GroupTraffic, &["traffic", "users", "seed"]) }
            <details class="more-controls">
                <summary>{tr(p.lang, T::GroupFaults)}</summary>
                { group(p, T::GroupFaults, &["crash_now", "crash_at_s", "timeout_s", "max_requests"]) }
            </details>
        </div>
    }
}
