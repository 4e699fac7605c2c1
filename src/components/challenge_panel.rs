//! The challenges: the list (with what is solved), and the open challenge — its task, its rules as the setup
//! stands, a "Check" that runs the challenge's side in slices (`use_batch`, so the page keeps its turn), and the
//! verdict with the numbers that decided it and a hint. Solved challenges are kept in `localStorage` (nothing
//! leaves the browser).

use crate::challenges::{self, Challenge, Goal, Item, Rule};
use crate::fmt::{fmt_ms, fmt_rate};
use crate::hooks::use_batch::use_batch;
use crate::i18n::{t, tr, tr_with, Lang, T};
use crate::model::{Num, Params};
use crate::url::fmt_num;
use sim::Side;
use yew::prelude::*;

/// The `localStorage` key of the solved challenges (their keys, comma-separated).
const STORAGE_KEY: &str = "loop-lab.challenges.solved";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The challenges solved in this browser (keys of `challenges::all`; anything else in storage is ignored).
fn load_solved() -> Vec<&'static str> {
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok()?).unwrap_or_default();
    challenges::all().iter().map(|c| c.key).filter(|k| saved.split(',').any(|s| s == *k)).collect()
}

fn save_solved(keys: &[&'static str]) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &keys.join(","));
    }
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub params: Params,
    /// The open challenge.
    pub active: Option<&'static str>,
    /// Opens a challenge (its starting setup), or closes it.
    pub on_open: Callback<Option<&'static str>>,
    /// Only the open challenge, without the list (an embed).
    #[prop_or_default]
    pub compact: bool,
}

/// The challenges panel.
#[component]
pub fn ChallengePanel(p: &Props) -> Html {
    let l = p.lang;
    let solved = use_state(load_solved);
    let (batch, start) = use_batch();
    // What the last check ran: the challenge and the setup (a verdict is shown only while both still hold).
    let checked = use_state(|| None::<(&'static str, Params)>);
    let active = p.active.and_then(challenges::get);
    let verdict = match (&*checked, active, batch.results.first()) {
        (Some((key, params)), Some(c), Some(r)) if !batch.running && *key == c.key && *params == p.params => {
            let mut items = challenges::rules(c, params);
            items.extend(challenges::goals(c, &r.summary));
            Some(items)
        }
        _ => None,
    };
    let solved_now = verdict.as_deref().is_some_and(challenges::solved).then_some(active.map(|c| c.key)).flatten();
    {
        let solved = solved.clone();
        use_effect_with(solved_now, move |now| {
            if let Some(key) = *now {
                if !solved.contains(&key) {
                    let mut keys = (*solved).clone();
                    keys.push(key);
                    save_solved(&keys);
                    solved.set(keys);
                }
            }
        });
    }
    let check = {
        let (checked, params, start) = (checked.clone(), p.params.clone(), start.clone());
        Callback::from(move |c: &'static Challenge| {
            start.emit(vec![(0, c.side, challenges::scenario(c, &params))]);
            checked.set(Some((c.key, params.clone())));
        })
    };
    let stale = checked.as_ref().is_some_and(|(k, params)| active.is_some_and(|c| c.key == *k) && *params != p.params);
    let count = html! {
        <span class="count" data-testid="challenges-solved">
            {tr_with(l, T::ChallengesSolved, &[("n", &solved.len().to_string()), ("m", &challenges::all().len().to_string())])}
        </span>
    };
    html! {
        <section class={classes!("challenges", p.compact.then_some("compact"))} data-testid="challenges" aria-labelledby="challenges-title">
            if p.compact {
                // An embed is a page of its own: its heading is the page's first.
                <h1 id="challenges-title">{tr(l, T::ChallengesTitle)}{" "}{count}</h1>
            } else {
                // Folded until a challenge is open, so the page's top stays the stages'.
                <details open={active.is_some()}>
                    <summary><h2 id="challenges-title">{tr(l, T::ChallengesTitle)}{" "}{count}</h2></summary>
                    { list(l, p.active, &solved, &p.on_open) }
                </details>
            }
            if let Some(c) = active {
                <div class="challenge" data-testid="challenge" data-challenge={c.key}>
                    <p><strong>{tr(l, T::ChallengeTask)}{": "}</strong>{t(l, c.task)}</p>
                    <p class="note">{tr(l, T::ChallengeSide)}{": "}{tr(l, if c.side == Side::Asgi { T::StageAsgi } else { T::StageWsgi })}</p>
                    <ul class="challenge-items" aria-label={tr(l, T::ChallengeTask)}>
                        { for challenges::rules(c, &p.params).iter().map(|i| item(l, c, i)) }
                    </ul>
                    <div class="challenge-actions">
                        <button type="button" class="primary" data-testid="challenge-check" disabled={batch.running}
                                onclick={let check = check.clone(); move |_| check.emit(c)}>
                            { if batch.running { tr(l, T::ChallengeChecking) } else { tr(l, T::ChallengeCheck) } }
                        </button>
                        <a href={format!("./?challenge={}&lang={}", c.key, l.code())} data-testid="challenge-link">{tr(l, T::ChallengeLink)}</a>
                        if !p.compact {
                            <button type="button" onclick={let on = p.on_open.clone(); move |_| on.emit(None)}>{tr(l, T::ChallengeClose)}</button>
                        }
                    </div>
                    if let Some(items) = verdict {
                        { verdict_view(l, c, &items) }
                    } else if stale && !batch.running {
                        <p class="note" role="status">{tr(l, T::ChallengeStale)}</p>
                    }
                </div>
            }
        </section>
    }
}

/// The list of challenges, each a button that opens it, marked when solved.
fn list(
    l: Lang,
    active: Option<&'static str>,
    solved: &[&'static str],
    on_open: &Callback<Option<&'static str>>,
) -> Html {
    html! {
        <ul class="challenge-list">
            { for challenges::all().iter().map(|c| {
                let done = solved.contains(&c.key);
                let on = on_open.clone();
                let key = c.key;
                html! {
                    <li><button type="button" class={classes!("challenge-item", done.then_some("done"))}
                                data-testid={format!("challenge-{key}")} aria-pressed={(active == Some(key)).to_string()}
                                onclick={move |_| on.emit(Some(key))}>
                        { if done { "✓ " } else { "" } }{t(l, c.title)}
                    </button></li>
                }
            }) }
        </ul>
    }
}

/// The verdict: solved or not, every rule and goal with its number, and the hint when not solved.
fn verdict_view(l: Lang, c: &Challenge, items: &[Item]) -> Html {
    let ok = challenges::solved(items);
    html! {
        <div class={classes!("verdict", if ok { "right" } else { "wrong" })} role="status" data-testid="challenge-verdict" data-solved={ok.to_string()}>
            <p><strong>{ if ok { tr(l, T::ChallengeSolvedNow) } else { tr(l, T::ChallengeNotYet) } }</strong></p>
            // The goals, and any rule the checked setup broke (the rules as they stand are listed above).
            <ul class="challenge-items">
                { for items.iter().filter(|i| matches!(i, Item::Goal { .. }) || !i.met()).map(|i| item(l, c, i)) }
            </ul>
            if !ok {
                <p><strong>{tr(l, T::ChallengeHint)}{": "}</strong>{t(l, c.hint)}</p>
            }
        </div>
    }
}

/// One rule or goal, as a line with ✓ or ✗.
fn item(l: Lang, c: &Challenge, i: &Item) -> Html {
    let text = match *i {
        Item::Goal { goal, value, .. } => {
            let (key, x, v) = match goal {
                Goal::ThroughputAtLeast(x) => (T::GoalThroughput, fmt_rate(l, Some(x)), fmt_rate(l, Some(value))),
                Goal::P50Below(x) => (T::GoalP50, fmt_ms(x), fmt_ms(value)),
                Goal::P99Below(x) => (T::GoalP99, fmt_ms(x), fmt_ms(value)),
                Goal::LoopLagBelow(x) => (T::GoalLoopLag, fmt_ms(x), fmt_ms(value)),
                Goal::NoBadEndings => (T::GoalNoBad, String::new(), fmt_num(value)),
            };
            tr_with(l, key, &[("x", &x), ("v", &v)])
        }
        Item::Rule { rule, value, .. } => {
            // A parameter's value with its unit ("1000 ms").
            let num = |n: Num, v: f64| match n.spec().unit {
                Some(u) => format!("{} {}", fmt_num(v), tr(l, u)),
                None => fmt_num(v),
            };
            match rule {
                Rule::AtMost(n, max) => tr_with(
                    l,
                    T::RuleAtMost,
                    &[("p", tr(l, n.spec().label)), ("x", &num(n, max)), ("v", &num(n, value))],
                ),
                Rule::Keep(n) => {
                    let start = num(n, n.get(&c.start_params()));
                    tr_with(l, T::RuleKeep, &[("p", tr(l, n.spec().label)), ("x", &start), ("v", &num(n, value))])
                }
                Rule::KeepIo => tr(l, T::RuleKeepIo).to_string(),
            }
        }
    };
    let met = i.met();
    html! {
        <li class={if met { "met" } else { "unmet" }}>{ if met { "✓ " } else { "✗ " } }{text}</li>
    }
}
