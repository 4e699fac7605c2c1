//! Play / pause, step one event, reset, speed (logarithmic, 0.01×–100×), a scrub bar to go back to an earlier
//! moment (replayed from the seed), and follow-a-request. Keyboard shortcuts are listed on the page.

use super::slider::Slider;
use crate::i18n::{tr, Lang, T};
use crate::lab::LabView;
use crate::model::{SPEED_MAX, SPEED_MIN};
use crate::state::Command;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub playing: bool,
    pub speed: f64,
    pub following: bool,
    pub reduced_motion: bool,
    pub view: LabView,
    pub on_toggle: Callback<()>,
    pub on_speed: Callback<f64>,
    pub on_command: Callback<Command>,
    pub on_unfollow: Callback<()>,
}

/// Playback controls.
#[component]
pub fn Playback(p: &Props) -> Html {
    let l = p.lang;
    let cmd = |c: Command| {
        let on = p.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(c))
    };
    let toggle = {
        let on = p.on_toggle.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let unfollow = {
        let on = p.on_unfollow.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let scrub = {
        let on = p.on_command.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let t = input.value_as_number();
            if t.is_finite() {
                on.emit(Command::Seek(t));
            }
        })
    };
    let events = p.view.sides[0].events + p.view.sides[1].events;
    let t_max = p.view.t_max_s.max(p.view.t_s).max(0.1);
    html! {
        <div class="playback" role="group" aria-label={tr(l, T::Playback)}>
            <div class="buttons">
                <button type="button" class="primary" data-testid="play" aria-pressed={p.playing.to_string()} onclick={toggle}
                        aria-keyshortcuts="Space">{ if p.playing { tr(l, T::Pause) } else { tr(l, T::Play) } }</button>
                <button type="button" data-testid="step" onclick={cmd(Command::Step)} aria-keyshortcuts=".">{tr(l, T::StepOne)}</button>
                <button type="button" data-testid="advance" onclick={cmd(Command::Advance(0.1))}>{tr(l, T::Advance)}</button>
                <button type="button" data-testid="reset" onclick={cmd(Command::Reset)} aria-keyshortcuts="R">{tr(l, T::Reset)}</button>
                if p.following {
                    <button type="button" data-testid="unfollow" onclick={unfollow}>{tr(l, T::FollowStop)}</button>
                } else {
                    <button type="button" data-testid="follow" onclick={cmd(Command::FollowOldest)} aria-keyshortcuts="F">{tr(l, T::FollowOldest)}</button>
                }
            </div>
            <Slider id="speed" label={tr(l, T::Speed)} min={SPEED_MIN} max={SPEED_MAX} value={p.speed} log={true}
                    integer={false} unit="×" on_change={p.on_speed.clone()} />
            <div class="slider">
                <label for="scrub">
                    <span class="name">{tr(l, T::Scrub)}</span>
                    <output for="scrub" data-testid="sim-time">{format!("{:.2} s", p.view.t_s)}</output>
                </label>
                <input type="range" id="scrub" data-testid="scrub" min="0" max={format!("{t_max:.2}")} step="0.01"
                       value={format!("{:.2}", p.view.t_s)} onchange={scrub} aria-valuetext={format!("{:.2} s", p.view.t_s)} />
            </div>
            <p class="readout" data-testid="readout" data-frame-p95-ms={format!("{:.2}", p.view.frame_p95_ms)}
               data-frame-max-ms={format!("{:.2}", p.view.frame_max_ms)} data-wasm-bytes={format!("{:.0}", p.view.wasm_bytes)}
               data-sim-max-ms={format!("{:.2}", p.view.sim_max_ms)} data-lagging={p.view.lagging.to_string()}
               data-events-per-frame={format!("{:.0}", p.view.events_per_frame)}>
                <span>{tr(l, T::Events)}{": "}<span data-testid="events">{events}</span></span>
                if p.view.seeking { <span class="note">{tr(l, T::Seeking)}</span> }
                if p.view.lagging { <span class="note warn">{tr(l, T::Lagging)}</span> }
            </p>
        </div>
    }
}
