//! The page's layout, in pieces the app puts together: the stages, playback, the scene card, the notices, the
//! full page's lab section, header and footer, and the compact embed layout. Helpers that return `Html` (no
//! component of their own): they read the page's state and dispatch to it.

use crate::components::challenge_panel::ChallengePanel;
use crate::components::code_panel::CodePanel;
use crate::components::control_panel::ControlPanel;
use crate::components::editor_island::EditorIsland;
use crate::components::follow_panel::FollowPanel;
use crate::components::lang_toggle::LangToggle;
use crate::components::legend::Legend;
use crate::components::notices::Notices;
use crate::components::playback::Playback;
use crate::components::scene_card::SceneCard;
use crate::components::share::Share;
use crate::components::stage_view::StageView;
use crate::hooks::use_url::share_url;
use crate::i18n::{tr, Lang, T};
use crate::lab::LabView;
use crate::measured_match::measured_rps;
use crate::scenes::Ask;
use crate::state::{Action, UiState};
use sim::Side;
use yew::prelude::*;

/// The page's state, shared by the layout helpers (they read it and dispatch to it).
pub type State = UseReducerHandle<UiState>;

/// The lab's `pick`: a side, and where on its stage (none: the keyboard).
pub type Pick = Callback<(usize, Option<(f64, f64)>)>;

/// A callback that dispatches the action `make` builds from its argument.
pub fn to<A: 'static>(state: &State, make: impl Fn(A) -> Action + 'static) -> Callback<A> {
    let state = state.clone();
    Callback::from(move |v| state.dispatch(make(v)))
}

/// The directory of the page's address (origin and path up to its last `/`), which shared links start from.
pub fn page_base() -> String {
    web_sys::window()
        .map(|w| {
            let loc = w.location();
            let path = loc.pathname().unwrap_or_default();
            let dir = path.rsplit_once('/').map_or("/".to_string(), |(d, _)| format!("{d}/"));
            format!("{}{dir}", loc.origin().unwrap_or_default())
        })
        .unwrap_or_default()
}

/// The two stages side by side (after a note when reduced motion holds the picture still). Until the reader
/// answers, the numbers the scene's question is about stay hidden.
pub fn stages(state: &State, view: &LabView, canvases: &[NodeRef; 2], pick: &Pick, reduced_motion: bool) -> Html {
    let lang = state.lang;
    let pick = |side: usize| {
        let pick = pick.clone();
        Callback::from(move |at| pick.emit((side, at)))
    };
    let masked: &'static [Ask] = match state.scene.and_then(crate::scenes::get) {
        Some(sc) if state.prediction.is_none() => sc.asks,
        _ => &[],
    };
    let before = view.before.as_ref();
    let still_note = (reduced_motion && !state.playing).then(|| {
        html! { <p class="note rm-note" data-testid="reduced-motion-note">{tr(lang, T::ReducedMotion)}</p> }
    });
    html! {
        <>
        { still_note }
        <div class="stages">
            <StageView lang={lang} side="asgi" title={T::StageAsgi} subtitle={T::StageAsgiSub} masked={masked}
                       canvas={canvases[0].clone()} stats={view.sides[0].clone()} on_pick={pick(0)}
                       before={before.map(|b| b[0].clone())} />
            <StageView lang={lang} side="wsgi" title={T::StageWsgi} subtitle={T::StageWsgiSub} masked={masked}
                       canvas={canvases[1].clone()} stats={view.sides[1].clone()} on_pick={pick(1)}
                       before={before.map(|b| b[1].clone())} />
        </div>
        </>
    }
}

/// The playback bar: play/pause, speed, step, seek, follow.
pub fn playback(state: &State, view: &LabView, reduced_motion: bool) -> Html {
    html! {
        <Playback lang={state.lang} playing={state.playing} speed={state.speed} following={state.follow.is_some()}
                  reduced_motion={reduced_motion} view={view.clone()}
                  on_toggle={to(state, |_: ()| Action::TogglePlay)} on_speed={to(state, Action::SetSpeed)}
                  on_command={to(state, Action::Run)} on_unfollow={to(state, |_: ()| Action::Follow(None))} />
    }
}

/// The scene's card (its question, then what to notice); in an embed of a challenge, the challenge; or nothing.
pub fn scene_card(state: &State, view: &LabView) -> Html {
    if state.embed && state.scene.is_none() && state.challenge.is_some() {
        return challenge_panel(state);
    }
    let Some(key) = state.scene else { return Html::default() };
    html! {
        <SceneCard lang={state.lang} scene={key} prediction={state.prediction} view={view.clone()} walk={state.walk}
                   measured={(Side::BOTH.map(|side| measured_rps(&state.params, side)), state.params.users)}
                   on_walk={to(state, |_: ()| Action::Walk)}
                   on_predict={to(state, Action::Predict)} compact={state.embed} />
    }
}

/// The challenges (the list, and the open one); compact in an embed.
pub fn challenge_panel(state: &State) -> Html {
    html! {
        <ChallengePanel lang={state.lang} params={state.params.clone()} active={state.challenge}
                        on_open={to(state, Action::OpenChallenge)} compact={state.embed} />
    }
}

/// The notices about the URL the page was opened with.
pub fn notices(state: &State) -> Html {
    html! {
        <Notices lang={state.lang} notices={state.notices.clone()} on_dismiss={to(state, |_: ()| Action::DismissNotices)} />
    }
}

/// The compact layout for an iframe: one scene's card, the stages, its few controls and playback, and a link to
/// the full page.
pub fn embed_page(state: &State, lab_node: NodeRef, scene_card: Html, stages: Html, playback: Html) -> Html {
    let lang = state.lang;
    let mut full = state.url_state();
    full.embed = false;
    let href = format!("./{}", crate::url::to_query(&full));
    let controls = match state.scene.and_then(crate::scenes::get) {
        Some(sc) => Some(sc.controls),
        None => state.challenge.and_then(crate::challenges::get).map(|c| c.controls),
    };
    html! {
        <main class="embed" data-testid="embed">
            { notices(state) }
            <section class="lab" ref={lab_node}>
                { scene_card }
                { stages }
                <Legend lang={lang} />
                <div class="embed-bar">
                    if let Some(only) = controls {
                        <ControlPanel lang={lang} params={state.params.clone()} on_change={to(state, Action::Set)} only={only} on_command={to(state, Action::Run)} />
                    }
                    { playback }
                </div>
            </section>
            <p class="open-full"><a href={href} target="_blank" rel="noopener">{tr(lang, T::OpenFull)}</a></p>
        </main>
    }
}

/// The full page's lab: the controls beside the stages, playback, the followed request, sharing and the code.
pub fn lab_section(state: &State, view: &LabView, lab_node: NodeRef, stages: Html, playback: Html) -> Html {
    let lang = state.lang;
    let lit =
        [0, 1].map(|i| view.sides[i].follow.filter(|r| r.line != sim::handler::NO_LINE).map(|r| (r.line, r.progress)));
    let link = {
        let state = state.clone();
        let t = view.t_s;
        Callback::from(move |_: ()| share_url(&state, t))
    };
    html! {
        <section class="lab" ref={lab_node}>
            <div class="lab-grid">
                <aside class="side-controls" aria-label={tr(lang, T::GroupControls)}>
                    <ControlPanel lang={lang} params={state.params.clone()} on_change={to(state, Action::Set)} on_command={to(state, Action::Run)} />
                </aside>
                <div class="lab-main">
                    { stages }
                    <Legend lang={lang} />
                    { playback }
                    if let Some(id) = state.follow {
                        <FollowPanel lang={lang} id={id} views={[view.sides[0].follow, view.sides[1].follow]} />
                    }
                    <Share lang={lang} link={link} scene={state.scene} base={page_base()} />
                    <p class="shortcuts">{tr(lang, T::Shortcuts)}</p>
                    <CodePanel lang={lang} params={state.params.clone()} lit={lit} />
                    <EditorIsland lang={lang} query={crate::url::to_query(&state.url_state())} custom={state.params.code.is_some()} open={state.shared_code.is_some()} on_code={to(state, Action::SetCode)} />
                </div>
            </div>
        </section>
    }
}

/// The full page's header: title, introduction, language toggle.
pub fn header(state: &State) -> Html {
    let lang = state.lang;
    html! {
        <header class="top">
            <div>
                <h1>{tr(lang, T::Title)}</h1>
                <p class="intro">{tr(lang, T::Intro)}</p>
            </div>
            <LangToggle lang={lang} on_change={to(state, Action::SetLang)} />
        </header>
    }
}

/// The full page's footer: the post it goes with.
pub fn footer(lang: Lang) -> Html {
    html! {
        <footer>
            <p>{tr(lang, T::FooterPost)}{" "}<cite>{tr(lang, T::PostTitle)}</cite></p>
            <p class="note">{tr(lang, T::FooterNote)}</p>
        </footer>
    }
}
