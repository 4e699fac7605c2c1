//! Wiring only: the page's state and hooks; the layout itself is in `components::layout`.

use crate::components::charts_panel::ChartsPanel;
use crate::components::layout::{
    challenge_panel, embed_page, footer, header, lab_section, notices, playback, scene_card, stages, to, State,
};
use crate::components::post_table::PostTable;
use crate::components::scene_nav::SceneNav;
use crate::components::sweep_panel::{SweepPanel, REQUESTS_PER_POINT};
use crate::hooks::use_lab::{use_lab, LabInputs};
use crate::hooks::use_page::{use_document_lang, use_shortcuts};
use crate::hooks::use_post_height::use_post_height;
use crate::hooks::use_url::{initial_state, use_url};
use crate::hooks::use_visible::use_visible;
use crate::i18n::Lang;
use crate::state::{Action, UiState};
use yew::prelude::*;

/// Whether the media query `query` matches now.
fn media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

/// The page language the browser prefers.
fn browser_lang() -> Lang {
    web_sys::window().and_then(|w| w.navigator().language()).map(|l| Lang::from_browser(&l)).unwrap_or_default()
}

/// What the lab hook needs from the page's state and the browser.
fn lab_inputs(state: &State, dark: bool, visible: bool, reduced_motion: bool) -> LabInputs {
    LabInputs {
        params: state.params.clone(),
        playing: state.playing,
        speed: state.speed,
        lang: state.lang,
        dark,
        visible,
        reduced_motion,
        follow: state.follow,
        command: state.command,
        epoch: state.epoch,
        on_follow: to(state, Action::Follow),
    }
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
    let lab = use_lab(&lab_inputs(&state, dark, visible, reduced_motion), canvases.clone(), charts.clone());
    let view = &lab.view;
    use_url(&state, view.t_s);
    use_post_height(state.embed);
    use_document_lang(state.lang);
    crate::test_hooks::use_panic_on_request();
    use_shortcuts(&state);
    let stages = stages(&state, view, &canvases, &lab.pick, reduced_motion);
    let playback = playback(&state, view, reduced_motion);
    let scene_card = scene_card(&state, view);
    if state.embed {
        return embed_page(&state, lab_node, scene_card, stages, playback);
    }
    let lang = state.lang;
    html! {
        <>
        { header(&state) }
        <main>
            { notices(&state) }
            <SceneNav lang={lang} scene={state.scene} on_scene={to(&state, Action::SetScene)} />
            { challenge_panel(&state) }
            { scene_card }
            { lab_section(&state, view, lab_node, stages, playback) }
            <ChartsPanel lang={lang} canvases={charts.clone()} on_csv={lab.csv.clone()} sides={view.sides.clone()} before={view.before.is_some()} />
            <SweepPanel lang={lang} params={state.params.clone()} dark={dark} per_point={per_point} />
            <PostTable lang={lang} />
        </main>
        { footer(lang) }
        </>
    }
}
