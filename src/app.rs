//! Layout and wiring only.

use crate::components::charts_panel::ChartsPanel;
use crate::components::code_panel::CodePanel;
use crate::components::control_panel::ControlPanel;
use crate::components::follow_panel::FollowPanel;
use crate::components::lang_toggle::LangToggle;
use crate::components::legend::Legend;
use crate::components::notices::Notices;
use crate::components::playback::Playback;
use crate::components::post_table::PostTable;
use crate::components::scene_card::SceneCard;
use crate::components::scene_nav::SceneNav;
use crate::components::share::Share;
use crate::components::stage_view::StageView;
use crate::components::sweep_panel::{SweepPanel, REQUESTS_PER_POINT};
use crate::hooks::use_lab::{use_lab, LabInputs};
use crate::hooks::use_post_height::use_post_height;
use crate::hooks::use_url::{initial_state, share_url, use_url};
use crate::hooks::use_visible::use_visible;
use crate::i18n::{tr, Lang, T};
use crate::measured_match::measured_rps;
use crate::scenes::Ask;
use crate::state::{Action, Command, UiState};
use gloo_events::{EventListener, EventListenerOptions};
use sim::Side;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

fn browser_lang() -> Lang {
    web_sys::window().and_then(|w| w.navigator().language()).map(|l| Lang::from_browser(&l)).unwrap_or_default()
}

/// Space, `.`, R and F act on playback unless a form control has the focus.
fn shortcut(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON"));
    if typing {
        return None;
    }
    match e.key().as_str() {
        " " => Some(Action::TogglePlay),
        "." => Some(Action::Run(Command::Step)),
        "r" | "R" => Some(Action::Run(Command::Reset)),
        "f" | "F" => Some(Action::Run(Command::FollowOldest)),
        _ => None,
    }
}

/// A callback that dispatches the action `make` builds from its argument.
fn to<A: 'static>(state: &UseReducerHandle<UiState>, make: impl Fn(A) -> Action + 'static) -> Callback<A> {
    let state = state.clone();
    Callback::from(move |v| state.dispatch(make(v)))
}

/// The page.
#[component]
pub fn App() -> Html {
    let reduced_motion = media("(prefers-reduced-motion: reduce)");
    let state = use_reducer(|| {
        initial_state(UiState { lang: browser_lang(), playing: !reduced_motion, reduced_motion, ..UiState::default() })
    });
    let canvases = [use_node_ref(), use_node_ref()];
    let charts = [use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref()];
    let lab_node = use_node_ref();
    let visible = use_visible(lab_node.clone());
    let dark = media("(prefers-color-scheme: dark)");
    // Read once: the address bar is rewritten as the reader plays, and this benchmark knob is not part of the state.
    let per_point = *use_memo((), |_| crate::test_hooks::sweep_per_point().unwrap_or(REQUESTS_PER_POINT));
    let lang = state.lang;
    let on_follow = to(&state, Action::Follow);
    let inputs = LabInputs {
        params: state.params.clone(),
        playing: state.playing,
        speed: state.speed,
        lang,
        dark,
        visible,
        reduced_motion,
        follow: state.follow,
        command: state.command,
        epoch: state.epoch,
        on_follow,
    };
    let lab = use_lab(&inputs, canvases.clone(), charts.clone());
    let view = lab.view.clone();
    use_url(&state, view.t_s);
    use_post_height(state.embed);
    {
        use_effect_with(lang, |lang| {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(el) = doc.document_element() {
                    let _ = el.set_attribute("lang", lang.code());
                }
                doc.set_title(tr(*lang, T::Title));
            }
        });
    }
    crate::test_hooks::use_panic_on_request();
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                // Not passive: the shortcut must be able to stop Space from scrolling the page.
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&doc, "keydown", options, move |e| {
                    if let Some(a) = e.dyn_ref::<web_sys::KeyboardEvent>().and_then(shortcut) {
                        e.prevent_default();
                        state.dispatch(a);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let pick = |side: usize| {
        let pick = lab.pick.clone();
        Callback::from(move |at| pick.emit((side, at)))
    };
    let lit =
        [0, 1].map(|i| view.sides[i].follow.filter(|r| r.line != sim::handler::NO_LINE).map(|r| (r.line, r.progress)));
    let scene = state.scene.and_then(crate::scenes::get);
    // Until the reader answers, the numbers the scene's question is about stay hidden.
    let masked: &'static [Ask] = match scene {
        Some(sc) if state.prediction.is_none() => sc.asks,
        _ => &[],
    };
    let before = view.before.clone();
    let still_note = (reduced_motion && !state.playing).then(|| {
        html! { <p class="note rm-note" data-testid="reduced-motion-note">{tr(lang, T::ReducedMotion)}</p> }
    });
    let stages = html! {
        <>
        { still_note }
        <div class="stages">
            <StageView lang={lang} side="asgi" title={T::StageAsgi} subtitle={T::StageAsgiSub} masked={masked}
                       canvas={canvases[0].clone()} stats={view.sides[0].clone()} on_pick={pick(0)}
                       before={before.as_ref().map(|b| b[0].clone())} />
            <StageView lang={lang} side="wsgi" title={T::StageWsgi} subtitle={T::StageWsgiSub} masked={masked}
                       canvas={canvases[1].clone()} stats={view.sides[1].clone()} on_pick={pick(1)}
                       before={before.as_ref().map(|b| b[1].clone())} />
        </div>
        </>
    };
    let playback = html! {
        <Playback lang={lang} playing={state.playing} speed={state.speed} following={state.follow.is_some()}
                  reduced_motion={reduced_motion} view={view.clone()}
                  on_toggle={to(&state, |_: ()| Action::TogglePlay)} on_speed={to(&state, Action::SetSpeed)}
                  on_command={to(&state, Action::Run)} on_unfollow={to(&state, |_: ()| Action::Follow(None))} />
    };
    let scene_card = state.scene.map(|key| {
        html! {
            <SceneCard lang={lang} scene={key} prediction={state.prediction} view={view.clone()} walk={state.walk}
                       measured={(Side::BOTH.map(|side| measured_rps(&state.params, side)), state.params.users)}
                       on_walk={to(&state, |_: ()| Action::Walk)}
                       on_predict={to(&state, Action::Predict)} compact={state.embed} />
        }
    });
    if state.embed {
        let mut full = state.url_state();
        full.embed = false;
        let href = format!("./{}", crate::url::to_query(&full));
        let controls = scene.map(|sc| sc.controls);
        return html! {
            <main class="embed" data-testid="embed">
                <Notices lang={lang} notices={state.notices.clone()} on_dismiss={to(&state, |_: ()| Action::DismissNotices)} />
                <section class="lab" ref={lab_node}>
                    { scene_card.unwrap_or_default() }
                    { stages }
                    <Legend lang={lang} />
                    <div class="embed-bar">
                        if let Some(only) = controls {
                            <ControlPanel lang={lang} params={state.params.clone()} on_change={to(&state, Action::Set)} only={only} on_command={to(&state, Action::Run)} />
                        }
                        { playback }
                    </div>
                </section>
                <p class="open-full"><a href={href} target="_blank" rel="noopener">{tr(lang, T::OpenFull)}</a></p>
            </main>
        };
    }
    let link = {
        let state = state.clone();
        let t = view.t_s;
        Callback::from(move |_: ()| share_url(&state, t))
    };
    let base = web_sys::window()
        .map(|w| {
            let loc = w.location();
            let path = loc.pathname().unwrap_or_default();
            let dir = path.rsplit_once('/').map_or("/".to_string(), |(d, _)| format!("{d}/"));
            format!("{}{dir}", loc.origin().unwrap_or_default())
        })
        .unwrap_or_default();
    html! {
        <>
        <header class="top">
            <div>
                <h1>{tr(lang, T::Title)}</h1>
                <p class="intro">{tr(lang, T::Intro)}</p>
            </div>
            <LangToggle lang={lang} on_change={to(&state, Action::SetLang)} />
        </header>
        <main>
            <Notices lang={lang} notices={state.notices.clone()} on_dismiss={to(&state, |_: ()| Action::DismissNotices)} />
            <SceneNav lang={lang} scene={state.scene} on_scene={to(&state, Action::SetScene)} />
            { scene_card.unwrap_or_default() }
            <section class="lab" ref={lab_node}>
                <div class="lab-grid">
                    <aside class="side-controls" aria-label={tr(lang, T::GroupControls)}>
                        <ControlPanel lang={lang} params={state.params.clone()} on_change={to(&state, Action::Set)} on_command={to(&state, Action::Run)} />
                    </aside>
                    <div class="lab-main">
                        { stages }
                        <Legend lang={lang} />
                        { playback }
                        if let Some(id) = state.follow {
                            <FollowPanel lang={lang} id={id} views={[view.sides[0].follow, view.sides[1].follow]} />
                        }
                        <Share lang={lang} link={link} scene={state.scene} base={base} />
                        <p class="shortcuts">{tr(lang, T::Shortcuts)}</p>
                        <CodePanel lang={lang} params={state.params.clone()} lit={lit} />
                    </div>
                </div>
            </section>
            <ChartsPanel lang={lang} canvases={charts.clone()} on_csv={lab.csv.clone()} sides={view.sides.clone()} before={view.before.is_some()} />
            <SweepPanel lang={lang} params={state.params.clone()} dark={dark} per_point={per_point} />
            <PostTable lang={lang} />
        </main>
        <footer>
            <p>{tr(lang, T::FooterPost)}{" "}<cite>{tr(lang, T::PostTitle)}</cite></p>
            <p class="note">{tr(lang, T::FooterNote)}</p>
        </footer>
        </>
    }
}
