//! `use_batch`: runs a batch of simulations (a sweep, the post's benchmark) in slices of about 20 ms with a
//! zero-delay timer between them, so the page stays responsive (no long task) and the progress bar moves. The
//! slice size adapts to the measured speed. Dropping the hook's state cancels the pending timer.

use gloo_timers::callback::Timeout;
use sim::sweep::{PointResult, Sweep};
use sim::{Scenario, Side};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Target duration of one slice, ms: well under the 50 ms long-task threshold.
const SLICE_MS: f64 = 20.0;

/// What the page shows of a batch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchView {
    /// Increases with every start, so effects can tell runs apart.
    pub run: u64,
    pub running: bool,
    /// 0–1.
    pub progress: f64,
    pub results: Rc<Vec<PointResult>>,
    /// Wall time from start to finish, ms.
    pub wall_ms: f64,
    /// Events handled.
    pub events: u64,
    /// Longest slice, ms.
    pub max_slice_ms: f64,
    /// Time spent inside slices (the engine's own time, without the yields between them), ms.
    pub busy_ms: f64,
    /// Requests answered, all runs.
    pub requests: u64,
    /// Slices the batch ran in (the page got its turn between any two).
    pub slices: u32,
}

struct Runner {
    sweep: Sweep,
    started: f64,
    budget: u64,
    max_slice: f64,
    busy: f64,
    slices: u32,
    timer: Option<Timeout>,
    last_publish: f64,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

type Step = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// A batch of runs: `(label, side, scenario)`.
pub type Jobs = Vec<(u32, Side, Scenario)>;

/// Returns the batch's view and a callback that starts a batch of runs.
#[hook]
pub fn use_batch() -> (BatchView, Callback<Jobs>) {
    let view = use_state(BatchView::default);
    let runner: Rc<RefCell<Option<Runner>>> = use_mut_ref(|| None);
    let step: Step = use_mut_ref(|| None);
    {
        // On unmount: cancel the timer and break the closure's cycle.
        let (runner, step) = (runner.clone(), step.clone());
        use_effect_with((), move |_| {
            move || {
                runner.borrow_mut().take();
                step.borrow_mut().take();
            }
        });
    }
    let start = {
        let (view, runner, step) = (view.clone(), runner.clone(), step.clone());
        Callback::from(move |jobs: Jobs| {
            let run = view.run + 1;
            *runner.borrow_mut() = Some(Runner {
                sweep: Sweep::from_jobs(jobs),
                started: now_ms(),
                budget: 20_000,
                max_slice: 0.0,
                busy: 0.0,
                slices: 0,
                timer: None,
                last_publish: 0.0,
            });
            view.set(BatchView { run, running: true, ..Default::default() });
            let (view, runner_in, step_in) = (view.clone(), runner.clone(), step.clone());
            *step.borrow_mut() = Some(Box::new(move || {
                let mut guard = runner_in.borrow_mut();
                let Some(r) = guard.as_mut() else { return };
                let t0 = now_ms();
                let done = r.sweep.work(r.budget);
                let spent = now_ms() - t0;
                r.max_slice = r.max_slice.max(spent);
                r.busy += spent;
                r.slices += 1;
                // Aim the next slice at SLICE_MS from this one's speed.
                let scale = if spent > 0.1 { SLICE_MS / spent } else { 2.0 };
                r.budget = ((r.budget as f64 * scale.clamp(0.5, 2.0)) as u64).clamp(1_000, 5_000_000);
                let now = now_ms();
                if done || now - r.last_publish > 100.0 {
                    r.last_publish = now;
                    let requests = r.sweep.results.iter().map(|p| p.summary.completed).sum();
                    view.set(BatchView {
                        run,
                        running: !done,
                        progress: r.sweep.progress(),
                        results: Rc::new(r.sweep.results.clone()),
                        wall_ms: now - r.started,
                        events: r.sweep.events,
                        max_slice_ms: r.max_slice,
                        busy_ms: r.busy,
                        requests,
                        slices: r.slices,
                    });
                }
                if !done {
                    let step = step_in.clone();
                    r.timer = Some(Timeout::new(0, move || {
                        if let Some(f) = step.borrow().as_ref() {
                            f()
                        }
                    }));
                }
            }));
            if let Some(f) = step.borrow().as_ref() {
                f()
            }
        })
    };
    ((*view).clone(), start)
}
