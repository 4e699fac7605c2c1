//! A scene: its title and text, then the predict-then-reveal question. Nothing on the card gives the answer
//! away before the reader commits: "what to notice" comes with the reveal, which says in words what it changed
//! on the stage (the scene's variant) and shows the live numbers beside the explanation.

use crate::fmt::{fmt_opt_ms, fmt_rate};
use crate::i18n::{t, tr, tr_with, Lang, T};
use crate::lab::LabView;
use crate::measured;
use crate::scenes;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub scene: &'static str,
    pub prediction: Option<usize>,
    /// Steps of the walk taken.
    #[prop_or_default]
    pub walk: usize,
    pub view: LabView,
    /// What real Django measured for the reader's setup at its users, per side (ASGI, WSGI): the lowest and
    /// highest throughput of its runs (`measured_match::measured_rps`), and the users.
    #[prop_or_default]
    pub measured: ([Option<(f64, f64)>; 2], u32),
    pub on_predict: Callback<usize>,
    /// Takes the next step of the walk.
    #[prop_or_default]
    pub on_walk: Callback<()>,
    /// Compact (embedded) layout.
    #[prop_or_default]
    pub compact: bool,
}

/// The scene card.
#[component]
pub fn SceneCard(p: &Props) -> Html {
    let l = p.lang;
    let Some(s) = scenes::get(p.scene) else { return html! {} };
    let n = scenes::all().iter().position(|x| x.key == s.key).map_or(0, |i| i + 1);
    let live = |i: usize, name: T| {
        let v = &p.view.sides[i];
        format!("{}: {} · p50 {}", tr(l, name), fmt_rate(l, v.throughput), fmt_opt_ms(v.p50_ms))
    };
    let (measured, users) = p.measured;
    let measured_line = measured.iter().any(Option::is_some).then(|| {
        let sides =
            [T::StageAsgi, T::StageWsgi].iter().zip(measured).zip(&p.view.sides).filter_map(|((name, m), v)| {
                let (lo, hi) = m?;
                let m = if fmt_rate(l, Some(lo)) == fmt_rate(l, Some(hi)) {
                    fmt_rate(l, Some(hi))
                } else {
                    format!("{lo:.*}–{}", usize::from(lo < 10.0), fmt_rate(l, Some(hi)))
                };
                let pair = tr_with(l, T::MeasuredVsSim, &[("m", &m), ("s", &fmt_rate(l, v.throughput))]);
                Some(format!("{}: {pair}", tr(l, *name)))
            });
        let head = tr_with(l, T::MeasuredScene, &[("u", &users.to_string()), ("t", measured::SOURCE.tool)]);
        format!("{head} — {}", sides.collect::<Vec<_>>().join(" · "))
    });
    html! {
        <section class={classes!("scene", p.compact.then_some("compact"))} data-testid="scene" data-scene={s.key} aria-labelledby="scene-title">
            <h2 id="scene-title"><span class="num">{format!("{n}. ")}</span>{t(l, s.title)}</h2>
            <p class="scene-text">{t(l, s.text)}</p>
            if p.walk > 0 {
                <p class="walk-step" data-testid="walk-step" role="status">
                    <strong>{format!("{} / {} · ", p.walk + 1, s.walk.len() + 1)}</strong>{t(l, s.walk[p.walk - 1].1)}
                </p>
            }
            if p.walk < s.walk.len() {
                <button type="button" class="primary walk" data-testid="walk-next" onclick={{
                    let on = p.on_walk.clone();
                    move |_| on.emit(())
                }}>{tr(l, T::WalkNext)}{format!(" ({} / {})", p.walk + 2, s.walk.len() + 1)}</button>
            } else {
            <div class="predict" role="group" aria-labelledby="scene-question">
                <p id="scene-question"><strong>{tr(l, T::PredictFirst)}{": "}</strong>{t(l, s.question)}</p>
                <div class="choices">
                { for s.choices.iter().enumerate().map(|(i, c)| {
                    let on = p.on_predict.clone();
                    let chosen = p.prediction == Some(i);
                    let state = match p.prediction {
                        Some(_) if i == s.answer => "right",
                        Some(_) if chosen => "wrong",
                        _ => "",
                    };
                    html! {
                        <button type="button" class={classes!("choice", state)} data-testid={format!("choice-{i}")}
                                aria-pressed={chosen.to_string()} disabled={p.prediction.is_some()}
                                onclick={move |_| on.emit(i)}>{t(l, *c)}</button>
                    }
                }) }
                </div>
                if p.prediction.is_none() && s.hold {
                    <p class="note" data-testid="hold-hint">{tr(l, T::HoldHint)}</p>
                }
                if let Some(choice) = p.prediction {
                    <div class="reveal" data-testid="reveal" role="status">
                        <p><strong>{ if choice == s.answer { tr(l, T::Right) } else { tr(l, T::NotQuite) } }</strong>{" "}{t(l, s.reveal)}</p>
                        if let Some(change) = s.change {
                            <p class="changed" data-testid="changed"><strong>{tr(l, T::ChangedOnStage)}{": "}</strong>{t(l, change)}</p>
                        }
                        <p class="notice" data-testid="notice"><strong>{tr(l, T::Notice)}{": "}</strong>{t(l, s.notice)}</p>
                        <p class="live">{tr(l, T::NowOnScreen)}{": "}{live(0, T::StageAsgi)}{" · "}{live(1, T::StageWsgi)}</p>
                        if let Some(line) = measured_line {
                            <p class="live measured" data-testid="scene-measured">{line}</p>
                        }
                    </div>
                }
            </div>
            }
        </section>
    }
}
