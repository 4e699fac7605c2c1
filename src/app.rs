//! Layout and wiring only.

use crate::components::lang_toggle::LangToggle;
use crate::components::stage_view::StageView;
use crate::hooks::use_lab::{use_lab, LabInputs};
use crate::i18n::{tr, Lang, T};
use crate::state::{Action, UiState};
use yew::prelude::*;

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn browser_lang() -> Lang {
    web_sys::window().and_then(|w| w.navigator().language()).map(|l| Lang::from_browser(&l)).unwrap_or_default()
}

/// The page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| UiState { lang: browser_lang(), ..UiState::default() });
    let canvases = [use_node_ref(), use_node_ref()];
    let chart = use_node_ref();
    let dark = prefers_dark();
    let inputs =
        LabInputs { params: state.params.clone(), playing: state.playing, speed: state.speed, lang: state.lang, dark };
    let view = use_lab(&inputs, canvases.clone(), chart.clone());
    let lang = state.lang;
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
    let on_lang = {
        let state = state.clone();
        Callback::from(move |l| state.dispatch(Action::SetLang(l)))
    };
    html! {
        <>
        <header class="top">
            <div>
                <h1>{tr(lang, T::Title)}</h1>
                <p class="intro">{tr(lang, T::Intro)}</p>
            </div>
            <LangToggle lang={lang} on_change={on_lang} />
        </header>
        <main>
            <div class="stages">
                <StageView lang={lang} side="asgi" title={T::StageAsgi} subtitle={T::StageAsgiSub}
                           canvas={canvases[0].clone()} stats={view.sides[0].clone()} />
                <StageView lang={lang} side="wsgi" title={T::StageWsgi} subtitle={T::StageWsgiSub}
                           canvas={canvases[1].clone()} stats={view.sides[1].clone()} />
            </div>
            <section class="charts">
                <figure class="chart-box">
                    <figcaption>
                        <h3>{tr(lang, T::ChartThroughput)}</h3>
                        <ul class="legend">
                            <li class="asgi">{tr(lang, T::StageAsgi)}</li>
                            <li class="wsgi">{tr(lang, T::StageWsgi)}</li>
                        </ul>
                    </figcaption>
                    <canvas ref={chart} class="chart" data-testid="chart-throughput" role="img"
                            aria-label={tr(lang, T::ChartThroughput)}></canvas>
                </figure>
            </section>
        </main>
        <footer>
            <p>{tr(lang, T::FooterPost)}{" "}<cite>{tr(lang, T::PostTitle)}</cite></p>
            <p class="note">{tr(lang, T::FooterNote)}</p>
        </footer>
        </>
    }
}
