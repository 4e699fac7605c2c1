//! The control panel's menus (I/O style, ORM, traffic) and the seed input: each dispatches one `Param` change.

use crate::i18n::{tr, Lang, T};
use crate::model::{IoStyle, Num, Orm, Param};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The label of an I/O style in the menu.
fn io_label(io: IoStyle) -> T {
    match io {
        IoStyle::AsyncSleep => T::IoAsyncSleep,
        IoStyle::Httpx => T::IoHttpx,
        IoStyle::TimeSleep => T::IoTimeSleep,
        IoStyle::Requests => T::IoRequests,
    }
}

/// The label of an ORM style in the menu.
fn orm_label(o: Orm) -> T {
    match o {
        Orm::None => T::OrmNone,
        Orm::SyncToAsyncTs => T::OrmTs,
        Orm::SyncToAsyncShared => T::OrmShared,
        Orm::SyncInAsync => T::OrmSync,
    }
}

/// The menu of how the view waits for I/O.
pub(super) fn io_select(l: Lang, current: IoStyle, on_change: &Callback<Param>) -> Html {
    let on_change = on_change.clone();
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
                    <option value={io.key()} selected={*io == current}>{tr(l, io_label(*io))}</option>
                }) }
            </select>
        </div>
    }
}

/// The menu of how the view queries the database.
pub(super) fn orm_select(l: Lang, current: Orm, on_change: &Callback<Param>) -> Html {
    let on_change = on_change.clone();
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
                    <option value={o.key()} selected={*o == current}>{tr(l, orm_label(*o))}</option>
                }) }
            </select>
        </div>
    }
}

/// The menu of closed (a fixed number of users) or open (arrivals at a rate) traffic.
pub(super) fn traffic_kind(l: Lang, open: bool, on_change: Callback<Param>) -> Html {
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

/// The random seed, as a whole number.
pub(super) fn seed_input(l: Lang, seed: u64, on_change: Callback<Param>) -> Html {
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
