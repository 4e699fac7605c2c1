//! The UI state, the actions that change it, and the pure reducer. Effects (the animation, the URL) live in hooks:
//! commands for the running lab (step, reset, seek) are recorded here with a sequence number the hook watches.

use crate::i18n::Lang;
use crate::model::{set_param, Param, Params, DEFAULT_SPEED, SPEED_MAX, SPEED_MIN};
use crate::url::{Notice, UrlState};
use std::rc::Rc;
use yew::Reducible;

/// A one-off instruction for the running lab.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// Nothing yet.
    None,
    /// Handle exactly one event.
    Step,
    /// Back to time zero.
    Reset,
    /// Go to this simulated time (seconds), replaying from the seed if it is in the past.
    Seek(f64),
    /// Move forward by this many simulated seconds (for still frames under reduced motion).
    Advance(f64),
    /// Follow the oldest request in flight.
    FollowOldest,
    /// Crash the first worker (WSGI) and the first process (ASGI) now.
    Crash,
}

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
    /// The request being followed (same id on both sides).
    pub follow: Option<u64>,
    /// The latest command and its sequence number (the hook acts when the number changes).
    pub command: (u64, Command),
    /// The scene shown (None: free play).
    pub scene: Option<&'static str>,
    /// The challenge shown (none while a scene is).
    pub challenge: Option<&'static str>,
    /// The reader's prediction for the scene's question.
    pub prediction: Option<usize>,
    /// Steps of the scene's walk taken so far (the question comes after the last).
    pub walk: usize,
    /// Problems with the URL the page was opened with.
    pub notices: Vec<Notice>,
    /// Compact, single-scene layout for an iframe.
    pub embed: bool,
    /// True when the latest change came from the URL (so the URL hook does not push it back as a new entry).
    pub from_url: bool,
    /// Counts fresh pictures (a scene, a URL opened): a parameter change within the same picture keeps the run
    /// before it on the charts as "before"; a new picture starts clean.
    pub epoch: u64,
    /// A shared view (`code=`) the editor island has not read yet: the island opens on it, and the URL keeps it.
    pub shared_code: Option<String>,
    /// `prefers-reduced-motion`: a scene opens on a still picture a few seconds in instead of playing.
    pub reduced_motion: bool,
}

/// Under reduced motion a scene opens this many simulated seconds in, paused, so the still picture shows it.
pub const STILL_AT_S: f64 = 3.0;

impl Default for UiState {
    fn default() -> Self {
        UiState {
            lang: Lang::Ko,
            params: Params::default(),
            playing: true,
            speed: DEFAULT_SPEED,
            follow: None,
            command: (0, Command::None),
            scene: None,
            challenge: None,
            prediction: None,
            walk: 0,
            notices: Vec::new(),
            embed: false,
            from_url: false,
            epoch: 0,
            reduced_motion: false,
            shared_code: None,
        }
    }
}

/// What the reader did.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Switch language.
    SetLang(Lang),
    /// Play or pause.
    TogglePlay,
    /// Play (true) or pause (false).
    SetPlaying(bool),
    /// Set the speed (clamped to 0.01–100).
    SetSpeed(f64),
    /// Replace all parameters (a scene, a URL).
    SetParams(Params),
    /// Change one parameter (clamped to its range).
    Set(Param),
    /// Follow a request, or stop following.
    Follow(Option<u64>),
    /// Run a command on the lab (pausing first for Step, Seek and Advance).
    Run(Command),
    /// Show a scene (its preset, its speed), or free play.
    SetScene(Option<&'static str>),
    /// Open a challenge at its starting setup, or close it (keeping the setup).
    OpenChallenge(Option<&'static str>),
    /// The reader predicts the answer to the scene's question: reveal it, and play out its variant.
    Predict(usize),
    /// The next step of the scene's walk.
    Walk,
    /// Open a URL's state (on load, or back/forward).
    LoadUrl(Box<UrlState>, Vec<Notice>),
    /// Hide the URL notices.
    DismissNotices,
    /// Run the view the reader wrote (as the code reader read it), or go back to the generated one.
    SetCode(Option<std::rc::Rc<crate::model::CodeView>>),
}

/// The command that opens a picture at `start_s` (a still a few seconds later under reduced motion).
fn opening(start_s: f64, reduced_motion: bool) -> Command {
    let at = start_s + if reduced_motion { STILL_AT_S } else { 0.0 };
    if at > 0.0 {
        Command::Seek(at)
    } else {
        Command::Reset
    }
}

/// Changes one parameter (clamped to its range); a change stops following the request.
fn set_one(n: &mut UiState, s: &UiState, change: Param) {
    set_param(&mut n.params, change);
    if n.params != s.params {
        n.follow = None;
    }
}

/// Records a command for the lab with the next sequence number, pausing first for Step, Seek and Advance; a
/// reset stops following the request.
fn run(n: &mut UiState, s: &UiState, cmd: Command) {
    if matches!(cmd, Command::Step | Command::Seek(_) | Command::Advance(_)) {
        n.playing = false;
    }
    if cmd == Command::Reset {
        n.follow = None;
    }
    n.command = (s.command.0 + 1, cmd);
}

/// Shows a scene (its preset, its speed, from its opening moment) or free play: a fresh picture.
fn set_scene(n: &mut UiState, s: &UiState, key: Option<&'static str>) {
    let scene = key.and_then(crate::scenes::get);
    n.scene = scene.map(|sc| sc.key);
    n.challenge = None;
    n.walk = 0;
    if let Some(sc) = scene {
        if let Some(p) = crate::preset_params::preset_params(sc.preset) {
            n.params = p;
        }
        n.speed = sc.speed;
    }
    n.prediction = None;
    n.follow = None;
    n.epoch += 1;
    n.playing = (s.playing || scene.is_some()) && !scene.is_some_and(|sc| sc.hold) && !s.reduced_motion;
    // Start from the scene's opening moment even if the parameters happen to be the same.
    n.command = (s.command.0 + 1, opening(scene.map_or(0.0, |sc| sc.start_s), s.reduced_motion));
}

/// Opens a challenge: its starting setup, free play (no scene), a fresh picture, playing. Closing keeps the setup.
fn open_challenge(n: &mut UiState, s: &UiState, key: Option<&'static str>) {
    let Some(c) = key.and_then(crate::challenges::get) else {
        n.challenge = None;
        return;
    };
    n.challenge = Some(c.key);
    n.scene = None;
    n.params = c.start_params();
    n.prediction = None;
    n.walk = 0;
    n.follow = None;
    n.epoch += 1;
    n.playing = !s.reduced_motion;
    n.command = (s.command.0 + 1, opening(0.0, s.reduced_motion));
}

/// Takes the next step of the scene's walk, if there is one left, and plays.
fn walk(n: &mut UiState, s: &UiState) {
    if let Some(&(change, _)) = n.scene.and_then(crate::scenes::get).and_then(|sc| sc.walk.get(s.walk)) {
        set_param(&mut n.params, change);
        n.walk += 1;
        n.follow = None;
        n.playing = true;
    }
}

/// Records the reader's first answer to the scene's question and plays out the scene's variant; later answers
/// change nothing.
fn predict(n: &mut UiState, i: usize) {
    if n.prediction.is_none() {
        n.prediction = Some(i.min(2));
        if let Some(v) = n.scene.and_then(crate::scenes::get).and_then(|sc| sc.variant) {
            set_param(&mut n.params, v);
        }
        n.playing = true;
    }
}

/// Opens a URL's state (on load, or back/forward): a fresh picture, at the URL's time (paused) or the scene's
/// opening moment.
fn load_url(n: &mut UiState, s: &UiState, st: UrlState, notices: Vec<Notice>) {
    if let Some(l) = st.lang {
        n.lang = l;
    } else if st.embed {
        // An embed sits in the Korean post: Korean unless the host page says otherwise.
        n.lang = Lang::Ko;
    }
    n.scene = st.scene;
    n.challenge = st.challenge;
    n.params = st.params;
    let scene = st.scene.and_then(crate::scenes::get);
    if let Some(sp) = st.speed {
        n.speed = sp;
    } else if let Some(sc) = scene {
        n.speed = sc.speed;
    }
    n.embed = st.embed;
    n.shared_code = st.code;
    n.notices = notices;
    n.prediction = None;
    n.walk = 0;
    n.follow = None;
    n.from_url = true;
    n.epoch += 1;
    if let Some(t) = st.t {
        n.playing = false;
        n.command = (s.command.0 + 1, Command::Seek(t));
    } else {
        if scene.is_some_and(|sc| sc.hold) || s.reduced_motion {
            n.playing = false;
        }
        let start = scene.map_or(0.0, |sc| sc.start_s);
        if start > 0.0 || s.reduced_motion {
            n.command = (s.command.0 + 1, opening(start, s.reduced_motion));
        }
    }
}

/// The reducer: a new state from an old one and an action. Pure.
pub fn apply(s: &UiState, a: Action) -> UiState {
    let mut n = s.clone();
    n.from_url = false;
    match a {
        Action::SetLang(l) => n.lang = l,
        Action::TogglePlay => n.playing = !n.playing,
        Action::SetPlaying(p) => n.playing = p,
        Action::SetSpeed(v) => n.speed = if v.is_finite() { v.clamp(SPEED_MIN, SPEED_MAX) } else { 1.0 },
        Action::SetParams(p) => {
            n.params = p;
            n.follow = None;
        }
        Action::Set(change) => set_one(&mut n, s, change),
        Action::Follow(id) => n.follow = id,
        Action::Run(cmd) => run(&mut n, s, cmd),
        Action::SetScene(key) => set_scene(&mut n, s, key),
        Action::OpenChallenge(key) => open_challenge(&mut n, s, key),
        Action::Walk => walk(&mut n, s),
        Action::Predict(i) => predict(&mut n, i),
        Action::LoadUrl(st, notices) => load_url(&mut n, s, *st, notices),
        Action::DismissNotices => n.notices.clear(),
        Action::SetCode(code) => {
            n.shared_code = None;
            if n.params.code != code {
                n.params.code = code;
                n.follow = None;
            }
        }
    }
    n
}

impl UiState {
    /// The URL state of this UI state (without a playback time).
    pub fn url_state(&self) -> UrlState {
        UrlState {
            scene: self.scene,
            challenge: self.challenge,
            lang: Some(self.lang),
            params: self.params.clone(),
            t: None,
            speed: Some(self.speed),
            embed: self.embed,
            code: self.params.code.as_ref().map_or_else(|| self.shared_code.clone(), |c| c.share.clone()),
        }
    }
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
    use crate::model::{IoStyle, Num};

    #[test]
    fn speed_is_clamped_and_nan_is_safe() {
        let s = UiState::default();
        assert_eq!(apply(&s, Action::SetSpeed(1e9)).speed, SPEED_MAX);
        assert_eq!(apply(&s, Action::SetSpeed(0.0)).speed, SPEED_MIN);
        assert_eq!(apply(&s, Action::SetSpeed(f64::NAN)).speed, 1.0);
        assert!(!apply(&s, Action::TogglePlay).playing);
    }

    #[test]
    fn params_are_clamped() {
        let s = UiState::default();
        let set = |n, v| apply(&s, Action::Set(Param::Set(n, v))).params;
        assert_eq!(set(Num::Workers, 0.0).workers, 1);
        assert_eq!(set(Num::Workers, 10_000.0).workers, 200);
        assert_eq!(set(Num::Users, 6000.0).users, 5000);
        assert_eq!(set(Num::IoMs, f64::INFINITY).io_ms, 0.0);
        assert_eq!(set(Num::Cores, 65.0).cores, 64);
    }

    #[test]
    fn a_scene_loads_its_preset_and_a_prediction_plays_its_variant() {
        let s = apply(&UiState::default(), Action::SetScene(Some("time-sleep")));
        assert_eq!(s.scene, Some("time-sleep"));
        assert_eq!(s.params.io, IoStyle::TimeSleep);
        assert_eq!(s.command.1, Command::Reset);
        let p = apply(&s, Action::Predict(1));
        assert_eq!(p.prediction, Some(1));
        assert_eq!(p.params.io, IoStyle::AsyncSleep);
        // A second answer changes nothing.
        assert_eq!(apply(&p, Action::Predict(0)).prediction, Some(1));
        // Free play keeps the parameters.
        let f = apply(&p, Action::SetScene(None));
        assert_eq!((f.scene, f.params.io), (None, IoStyle::AsyncSleep));
    }

    #[test]
    fn a_walk_takes_its_steps_in_order_then_stops() {
        let mut s = apply(&UiState::default(), Action::SetScene(Some("one-to-many")));
        assert_eq!((s.params.users, s.walk), (1, 0));
        let walk = crate::scenes::get("one-to-many").unwrap().walk;
        for (i, (change, _)) in walk.iter().enumerate() {
            let epoch = s.epoch;
            s = apply(&s, Action::Walk);
            assert_eq!(s.walk, i + 1);
            assert_eq!(s.epoch, epoch, "a step keeps the picture, so the run before it stays as 'before'");
            let mut p = s.params.clone();
            set_param(&mut p, *change);
            assert_eq!(p, s.params);
        }
        assert_eq!(apply(&s, Action::Walk), s);
    }

    #[test]
    fn a_scene_about_an_event_to_come_holds_until_the_answer() {
        let s = apply(&UiState::default(), Action::SetScene(Some("fault-isolation")));
        assert!(!s.playing);
        assert!(matches!(s.command.1, Command::Seek(t) if t > 0.0));
        assert!(apply(&s, Action::Predict(0)).playing);
    }

    #[test]
    fn an_embed_opens_in_korean_unless_told() {
        let (st, notices) = crate::url::parse("?embed=1&scene=gather");
        let s = apply(&UiState { lang: Lang::En, ..UiState::default() }, Action::LoadUrl(Box::new(st), notices));
        assert_eq!(s.lang, Lang::Ko);
    }

    #[test]
    fn a_url_with_a_time_seeks_there_paused() {
        let (st, notices) = crate::url::parse("?scene=gather&t=2.5&lang=en");
        let s = apply(&UiState::default(), Action::LoadUrl(Box::new(st), notices));
        assert_eq!(s.command.1, Command::Seek(2.5));
        assert!(!s.playing && s.from_url);
        assert_eq!(s.lang, Lang::En);
    }

    #[test]
    fn commands_are_numbered_and_step_pauses() {
        let s = UiState::default();
        let a = apply(&s, Action::Run(Command::Step));
        assert_eq!(a.command, (1, Command::Step));
        assert!(!a.playing);
        let b = apply(&a, Action::Run(Command::Step));
        assert_eq!(b.command.0, 2);
        let f = apply(&b, Action::Follow(Some(3)));
        assert_eq!(apply(&f, Action::Set(Param::Set(Num::Workers, 9.0))).follow, None);
    }
}
