//! The simulator's own loop: which event comes next, handling it, and the work that follows in the same step.
//!
//! `step()` handles exactly one event: the earliest of the next queued event and the next CPU completion (ties
//! go to the CPU). Cancelled events stay in the queue and are skipped when they surface.

use super::{Ev, Job, Sim, NONE};
use crate::handler::exp1;
use crate::metrics::{Outcome, Summary};
use crate::time::{s_to_ns, Nanos, HORIZON_NS};

impl Sim {
    /// Time of the next event, if any (none beyond the horizon: the run ends there).
    pub fn next_time(&mut self) -> Option<Nanos> {
        self.drop_stale();
        let tq = self.q.peek_time();
        let tc = self.cpu.next_event();
        let t = match (tq, tc) {
            (None, None) => None,
            (Some(a), None) => Some(a),
            (None, Some(b)) => Some(b),
            (Some(a), Some(b)) => Some(a.min(b)),
        }?
        .max(self.now);
        if t > HORIZON_NS {
            self.horizon_reached = true;
            return None;
        }
        Some(t)
    }

    /// Pops cancelled events off the front of the queue.
    pub(crate) fn drop_stale(&mut self) {
        while let Some(ev) = self.q.peek() {
            if !self.is_stale(ev) {
                return;
            }
            self.q.pop();
        }
    }

    /// Handles exactly one event. Returns false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        loop {
            // A stale event at the front is popped and skipped below (no separate pass for it).
            let tq = self.q.peek_time();
            let tc = self.cpu.next_event();
            let (cpu_first, t) = match (tq, tc) {
                (None, None) => return false,
                (Some(a), None) => (false, a),
                (None, Some(b)) => (true, b),
                (Some(a), Some(b)) => (b <= a, a.min(b)),
            };
            if t > HORIZON_NS {
                return self.stop_at_horizon();
            }
            if cpu_first {
                let t = t.max(self.now);
                self.now = t;
                if let Some(crate::cpu::CpuEvent::Done(th)) = self.cpu.advance(t) {
                    self.on_cpu_done(th);
                }
            } else {
                let Some((t, ev)) = self.q.pop() else { return false };
                // A stale event (a cancelled timer) does not move the clock: only real activity does.
                if self.is_stale(&ev) {
                    continue;
                }
                self.now = t.max(self.now);
                self.handle(ev);
            }
            self.drain_work();
            self.events += 1;
            self.observe();
            return true;
        }
    }

    /// Handles every event at or before `deadline`, then moves the clock to `deadline`.
    pub fn step_until(&mut self, deadline: Nanos) {
        while let Some(t) = self.next_time() {
            if t > deadline {
                break;
            }
            self.step();
        }
        if deadline > self.now {
            self.now = deadline;
            self.observe();
        }
    }

    /// Moves the clock toward `t` without handling any event: it stops at the next event if that comes first.
    pub fn idle_until(&mut self, t: Nanos) {
        let t = self.next_time().map_or(t, |n| n.min(t));
        if t > self.now {
            self.now = t;
            self.observe();
        }
    }

    /// Like `step_until`, but handles at most `max_events` events. Returns true if the deadline was reached.
    pub fn step_until_budget(&mut self, deadline: Nanos, max_events: u64) -> bool {
        let mut n = 0;
        while let Some(t) = self.next_time() {
            if t > deadline {
                break;
            }
            if n >= max_events {
                return false;
            }
            self.step();
            n += 1;
        }
        if deadline > self.now {
            self.now = deadline;
            self.observe();
        }
        true
    }

    /// Handles at most `max_events` events; returns true once nothing is left to happen.
    pub fn run_budget(&mut self, max_events: u64) -> bool {
        for _ in 0..max_events {
            if !self.step() {
                return true;
            }
        }
        self.finished()
    }

    /// Runs until nothing is left to happen (every request sent and ended).
    pub fn run(&mut self) -> Summary {
        while self.step() {}
        self.summary()
    }

    /// True when nothing is left to happen.
    pub fn finished(&mut self) -> bool {
        self.next_time().is_none()
    }
    /// True if the event was cancelled after it was scheduled (its request, thread or process moved on).
    #[inline(always)]
    pub(crate) fn is_stale(&self, ev: &Ev) -> bool {
        match *ev {
            Ev::TaskIo { slot, gen, .. } => {
                let r = &self.reqs[slot as usize];
                !r.live || r.gen != gen
            }
            Ev::ThreadIo { thread, gen } => {
                let t = &self.threads[thread as usize];
                !t.alive || t.gen != gen
            }
            Ev::Timeout { proc, gen, serial } => {
                let p = &self.procs[proc as usize];
                !p.alive
                    || p.gen != gen
                    || p.serial != serial
                    || !matches!(self.threads[p.threads[0] as usize].job, Job::Request(_))
            }
            Ev::Fault { proc } => !self.procs[proc as usize].alive,
            Ev::Arrive { .. } | Ev::OpenArrival | Ev::Respawn { .. } | Ev::AcceptWake => false,
        }
    }

    /// Handles a live event.
    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Arrive { client } => {
                self.thinking = self.thinking.saturating_sub(1);
                self.arrive(client);
            }
            Ev::OpenArrival => {
                if self.may_send() {
                    self.arrive(NONE);
                    if let Some(rate_per_s) = self.traffic.rate_per_s {
                        let gap_s = if rate_per_s > 0.0 { exp1(&mut self.arrival_rng) / rate_per_s } else { 1.0 };
                        self.q.push(self.now + s_to_ns(gap_s).max(1), Ev::OpenArrival);
                    }
                }
            }
            Ev::TaskIo { slot, child, .. } => self.task_io_done(slot, child),
            Ev::ThreadIo { thread, .. } => self.thread_io_done(thread),
            Ev::Timeout { proc, .. } => self.kill_process(proc, Outcome::TimedOut),
            Ev::Respawn { proc } => self.respawn(proc),
            Ev::Fault { proc } => self.kill_process(proc, Outcome::Failed),
            Ev::AcceptWake => self.accept_wake(),
        }
    }

    /// Does the work that the event made possible: free threads pick their next job and woken loops run their
    /// ready coroutines, until neither has anything left to start.
    pub(super) fn drain_work(&mut self) {
        loop {
            if let Some(th) = self.thread_wake.pop() {
                self.thread_pick_next(th);
                continue;
            }
            if let Some(l) = self.loop_wake.pop() {
                self.loops[l as usize].woken = false;
                self.loop_dispatch(l);
                continue;
            }
            break;
        }
    }

    /// Marks loop `l` to run its ready coroutines at the end of this step, unless it is running one or is
    /// already marked.
    pub(crate) fn wake_loop(&mut self, l: u32) {
        let lp = &mut self.loops[l as usize];
        if !lp.woken && lp.current.is_none() {
            lp.woken = true;
            self.loop_wake.push(l);
        }
    }
}
