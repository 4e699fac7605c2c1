//! The UI state, the actions that change it, and the pure reducer. Effects (URL, the animation) live in hooks.

use crate::i18n::Lang;
use crate::model::Params;
use std::rc::Rc;
use yew::Reducible;

/// Everything the page shows that the reader chose.
#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// Page language.
    pub lang: Lang,
    /// The lab's parameters.
    pub params: Params,
    /// Playing or paused.
    pub playing: bool,
    /// Simulated seconds per real second.
    pub speed: f64,
}

impl Default for UiState {
    fn default() -> Self {
        UiState { lang: Lang::Ko, params: Params::default(), playing: true, speed: 1.0 }
    }
}

/// Speed limits (simulated seconds per real second).
pub const SPEED_MIN: f64 = 0.01;
/// Fastest.
pub const SPEED_MAX: f64 = 100.0;

/// What the reader did.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Switch language.
    SetLang(Lang),
    /// Play or pause.
    TogglePlay,
    /// Set the speed (clamped to 0.01–100).
    SetSpeed(f64),
    /// Replace the parameters.
    SetParams(Params),
}

/// The reducer: a new state from an old one and an action. Pure.
pub fn apply(s: &UiState, a: Action) -> UiState {
    let mut n = s.clone();
    match a {
        Action::SetLang(l) => n.lang = l,
        Action::TogglePlay => n.playing = !n.playing,
        Action::SetSpeed(v) => n.speed = if v.is_finite() { v.clamp(SPEED_MIN, SPEED_MAX) } else { 1.0 },
        Action::SetParams(p) => n.params = p,
    }
    n
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = apply(&self, action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_is_clamped_and_nan_is_safe() {
        let s = UiState::default();
        assert_eq!(apply(&s, Action::SetSpeed(1e9)).speed, SPEED_MAX);
        assert_eq!(apply(&s, Action::SetSpeed(0.0)).speed, SPEED_MIN);
        assert_eq!(apply(&s, Action::SetSpeed(f64::NAN)).speed, 1.0);
        assert!(!apply(&s, Action::TogglePlay).playing);
    }
}
