//! What `use_lab`'s frame callback keeps between frames (`Live`), the run kept as "before" a change, and the
//! animation-frame handle (`Frames`).

use crate::charts::{self, live::LiveChart};
use crate::i18n::Lang;
use crate::lab::{self, Lab, SideStats};
use crate::model::Params;
use crate::stage::Stage;
use crate::state::Command;
use gloo_render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// Wall-clock time the simulation may take in one frame, ms (of the 16.7 ms a 60 Hz frame has).
pub const SIM_MS_PER_FRAME: f64 = 8.0;

/// What the page asks of the lab.
#[derive(Clone, Debug, PartialEq)]
pub struct LabInputs {
    pub params: Params,
    pub playing: bool,
    pub speed: f64,
    pub lang: Lang,
    pub dark: bool,
    /// On screen and the tab visible.
    pub visible: bool,
    /// `prefers-reduced-motion`: no easing, no continuous motion unless asked.
    pub reduced_motion: bool,
    pub follow: Option<u64>,
    pub command: (u64, Command),
    /// The picture's epoch (`UiState::epoch`): a parameter change within one epoch keeps the old run as "before".
    pub epoch: u64,
    /// Called with a request id to follow (from a click on a stage, or "follow the oldest").
    pub on_follow: Callback<Option<u64>>,
}

/// Frame durations kept for the frame statistics (about five seconds at 60 Hz).
const FRAME_SAMPLES: usize = 300;

/// Settings the frame callback reads each frame.
pub(super) struct Live {
    pub(super) inputs: LabInputs,
    pub(super) last_ts: Option<f64>,
    pub(super) last_publish: f64,
    pub(super) stages: [Stage; 2],
    pub(super) seeking: Option<u64>,
    pub(super) dirty: bool,
    /// Durations of recent frame callbacks, ms (a ring of `FRAME_SAMPLES`).
    pub(super) frame_ms: Vec<f64>,
    /// The longest time the simulation took in one frame since the numbers were last published, ms.
    pub(super) sim_max_ms: f64,
    /// Events handled and frames run since the numbers were last published.
    pub(super) sim_events: u64,
    pub(super) sim_frames: u64,
    pub(super) frame_i: usize,
    /// The next live chart to redraw (one every `lab_frame::CHART_EVERY_MS`, in turn).
    pub(super) next_chart: usize,
    pub(super) last_chart: f64,
    /// The run before the reader's last change, if it is kept.
    pub(super) before: Option<Before>,
    /// The epoch the current lab belongs to.
    pub(super) epoch: u64,
}

impl Live {
    /// The state before the first frame: everything due at once, nothing measured yet.
    pub(super) fn new(inputs: &LabInputs) -> Live {
        Live {
            inputs: inputs.clone(),
            last_ts: None,
            last_publish: f64::NEG_INFINITY,
            stages: Default::default(),
            seeking: None,
            dirty: true,
            frame_ms: Vec::with_capacity(FRAME_SAMPLES),
            sim_max_ms: 0.0,
            sim_events: 0,
            sim_frames: 0,
            frame_i: 0,
            next_chart: 0,
            last_chart: f64::NEG_INFINITY,
            before: None,
            epoch: inputs.epoch,
        }
    }

    /// Records how long a frame callback took, in the ring of the last `FRAME_SAMPLES`.
    pub(super) fn record_frame(&mut self, spent: f64) {
        if self.frame_ms.len() < FRAME_SAMPLES {
            self.frame_ms.push(spent);
        } else {
            self.frame_ms[self.frame_i] = spent;
        }
        self.frame_i = (self.frame_i + 1) % FRAME_SAMPLES;
    }
}

/// What is kept of the run before a change: its chart lines (in `LiveChart::ALL` order) and its last numbers.
pub(super) struct Before {
    pub(super) lines: Vec<Vec<charts::Line>>,
    pub(super) stats: [SideStats; 2],
}

impl Before {
    /// What to keep of `lab`, or `None` when it has nothing to compare with.
    pub(super) fn of(lab: &Lab, lang: Lang) -> Option<Before> {
        // A run with nothing answered yet on either side has no numbers to compare with.
        if lab.sims.iter().any(|s| s.metrics().completed == 0) {
            return None;
        }
        let m = [lab.sims[0].metrics(), lab.sims[1].metrics()];
        let lines = LiveChart::ALL.iter().map(|k| k.lines(lang, m)).collect();
        Some(Before { lines, stats: lab::view(lab, None, false).sides })
    }
}

/// The lab, shared between the frame callback, the effects and the callbacks of `use_lab`.
pub(super) type SharedLab = Rc<RefCell<Option<Lab>>>;

/// The frame callback, shared between the effect that starts it and each frame that re-arms it.
pub(super) type Tick = Rc<RefCell<Option<Box<dyn Fn(f64)>>>>;

/// The pending animation frame, if any, and the callback it will run.
#[derive(Default)]
pub(super) struct Frames {
    pub(super) pending: Rc<RefCell<Option<AnimationFrame>>>,
    pub(super) tick: Tick,
}

impl Frames {
    /// Requests a frame unless one is pending.
    pub(super) fn ensure(&self) {
        if self.pending.borrow().is_some() {
            return;
        }
        let tick = self.tick.clone();
        let handle = request_animation_frame(move |ts| {
            if let Some(f) = tick.borrow().as_ref() {
                f(ts)
            }
        });
        *self.pending.borrow_mut() = Some(handle);
    }
}
