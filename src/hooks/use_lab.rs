//! `use_lab`: owns the running `Lab` (both simulations) in one `use_mut_ref`, with the animation-frame handle,
//! which is dropped — cancelling the pending frame — on unmount. Each frame advances the simulations by the
//! elapsed wall time × speed (or toward a seek target), paints both stages, and a few times a second publishes
//! the numbers and redraws the chart (`lab_frame`). Commands from the reducer (step, reset, seek) are carried out
//! here.

use super::lab_frame::{use_frame_loop, Targets};
use super::lab_live::{Before, Frames, Live, SharedLab};
pub use super::lab_live::{LabInputs, SIM_MS_PER_FRAME};
use crate::lab::{Lab, LabView};
use crate::state::Command;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What the hook returns.
pub struct LabHandle {
    pub view: LabView,
    /// Follows the request drawn nearest to (x, y) CSS px on stage `side` (0 = ASGI, 1 = WSGI), or sends a
    /// new request by hand and follows it (no request there, or no position: the keyboard).
    pub pick: Callback<(usize, Option<(f64, f64)>)>,
    /// Downloads the run's time series (both sides) as CSV.
    pub csv: Callback<()>,
}

/// The lab, what the frame callback keeps, and the frame handle: what every effect and callback of `use_lab`
/// shares.
#[derive(Clone)]
struct Shared {
    lab: SharedLab,
    live: Rc<RefCell<Live>>,
    frames: Rc<RefCell<Frames>>,
}

impl Shared {
    /// Marks the picture as changed and makes sure a frame comes to show it.
    fn touch(&self) {
        self.live.borrow_mut().dirty = true;
        self.frames.borrow().ensure();
    }
}

/// Runs the lab, painting `canvases` every frame and the live `charts` (in `LiveChart::ALL` order) in turn.
#[hook]
pub fn use_lab(inputs: &LabInputs, canvases: [NodeRef; 2], charts: [NodeRef; 5]) -> LabHandle {
    let shared = Shared {
        lab: use_mut_ref(|| Lab::new(&inputs.params).ok()),
        live: use_mut_ref(|| Live::new(inputs)),
        frames: use_mut_ref(Frames::default),
    };
    let view = use_state(LabView::default);
    shared.live.borrow_mut().inputs = inputs.clone();
    use_frame_loop(&shared.lab, &shared.live, &shared.frames, Targets { canvases, charts, view: view.clone() });
    use_rebuild(inputs, &shared);
    use_resume(inputs, &shared);
    use_commands(inputs, &shared);
    let pick = pick_callback(&shared, inputs.on_follow.clone());
    let csv = csv_callback(&shared.lab);
    LabHandle { view: (*view).clone(), pick, csv }
}

/// Rebuilds the simulations when the parameters (or the picture) change. Within one picture the old run stays
/// on the charts as "before"; a new picture starts clean.
#[hook]
fn use_rebuild(inputs: &LabInputs, shared: &Shared) {
    let Shared { lab, live, frames } = shared.clone();
    use_effect_with((inputs.params.clone(), inputs.epoch), move |(p, epoch)| {
        let mut l = live.borrow_mut();
        let old = lab.borrow_mut().take();
        if *epoch == l.epoch {
            if let Some(b) = old.as_ref().and_then(|old| Before::of(old, l.inputs.lang)) {
                l.before = Some(b);
            }
        } else {
            l.before = None;
        }
        l.epoch = *epoch;
        *lab.borrow_mut() = Lab::new(p).ok();
        l.stages = Default::default();
        l.seeking = None;
        l.dirty = true;
        drop(l);
        frames.borrow().ensure();
    });
}

/// Starts or resumes the frames whenever what they depend on changes.
#[hook]
fn use_resume(inputs: &LabInputs, shared: &Shared) {
    let shared = shared.clone();
    let deps = (inputs.playing, inputs.visible, inputs.follow, inputs.lang, inputs.dark, inputs.speed.to_bits());
    use_effect_with(deps, move |_| shared.touch());
}

/// Carries out each new command from the reducer.
#[hook]
fn use_commands(inputs: &LabInputs, shared: &Shared) {
    let shared = shared.clone();
    let on_follow = inputs.on_follow.clone();
    use_effect_with(inputs.command, move |&(_, cmd)| {
        let mut guard = shared.lab.borrow_mut();
        let mut l = shared.live.borrow_mut();
        if let Some(lab) = guard.as_mut() {
            run_command(lab, &mut l, cmd, &on_follow);
        }
        l.dirty = true;
        drop(l);
        drop(guard);
        shared.frames.borrow().ensure();
    });
}

/// One command on the running lab: step, reset, seek or advance (carried out over the next frames), crash a
/// process now, or follow the oldest request in flight.
fn run_command(lab: &mut Lab, l: &mut Live, cmd: Command, on_follow: &Callback<Option<u64>>) {
    match cmd {
        Command::None => {}
        Command::Step => {
            l.seeking = None;
            lab.step_one();
        }
        Command::Reset => {
            if let Ok(fresh) = Lab::new(&lab.params) {
                *lab = fresh;
            }
            l.stages = Default::default();
            l.seeking = None;
        }
        Command::Seek(s) => l.seeking = Some((s.max(0.0) * 1e9).round() as u64),
        Command::Advance(s) => l.seeking = Some(lab.t_ns + (s.max(0.0) * 1e9).round() as u64),
        Command::Crash => {
            l.seeking = None;
            lab.crash();
        }
        Command::FollowOldest => {
            let id = lab.sims[0].oldest_request().or_else(|| lab.sims[1].oldest_request());
            on_follow.emit(id);
        }
    }
}

/// A click on a request follows it; a click elsewhere (or Enter: no position) sends a new request by hand and
/// follows that one on both sides.
fn pick_callback(shared: &Shared, on_follow: Callback<Option<u64>>) -> Callback<(usize, Option<(f64, f64)>)> {
    let shared = shared.clone();
    Callback::from(move |(side, at): (usize, Option<(f64, f64)>)| {
        let near = at.and_then(|(x, y)| shared.live.borrow().stages.get(side).and_then(|s| s.nearest(x, y, 14.0)));
        let id = near.or_else(|| shared.lab.borrow_mut().as_mut().and_then(|l| l.send_extra()));
        shared.touch();
        on_follow.emit(id);
    })
}

/// Downloads the run's time series, both sides, as CSV.
fn csv_callback(lab: &SharedLab) -> Callback<()> {
    let lab = lab.clone();
    Callback::from(move |_: ()| {
        if let Some(lab) = lab.borrow().as_ref() {
            let text = crate::export::run_csv([("asgi", lab.sims[0].metrics()), ("wsgi", lab.sims[1].metrics())]);
            crate::export::download_text("loop-lab-run.csv", "text/csv", &text);
        }
    })
}
