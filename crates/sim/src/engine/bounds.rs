//! Bounds: every queue the engine keeps stays bounded however long or overloaded a run is, the way the real
//! system bounds it (see "Bounds" in `docs/scenario-format.md`):
//!
//! - requests in flight: at most `MAX_IN_FLIGHT` per side; beyond it, new connections are refused;
//! - the listen backlog: `backlog` connections; beyond it, refused;
//! - event-loop ready queues and executor queues: their entries belong to requests in flight (a request's main
//!   coroutine and its gathered children, at most 65 entries);
//! - the Celery broker: `celery.max_queued` tasks; a publish beyond it raises in the view, whose request then
//!   ends as failed (`celery_rejected` counts them);
//! - the future-event list: live events belong to requests, threads, processes and users, all bounded above;
//!   cancelled timers are swept out when the list doubles (lazy deletion otherwise keeps them until they surface).
//!   Timers are cancelled in bulk in only two places, so that is where the length is checked (not per event): a
//!   gunicorn timeout armed for each request (the previous one's is cancelled), and a process killed (its
//!   requests' and threads' timers);
//! - the CPU scheduler's heap (`cpu.rs`), the DB pool's waiters and the idle-worker heap: swept the same way;
//! - simulated time: a run stops at `HORIZON_NS` (`horizon_reached`), so the clock cannot overflow.

use super::{Ev, Job, Sim};
use crate::metrics::Outcome;
use std::cmp::Reverse;

/// The future-event list is never swept below this length (sweeping is O(n); below it memory is negligible).
pub(crate) const MIN_COMPACT_AT: usize = 1 << 16;

/// How much state a simulation holds right now: what the bounds above limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Requests sent and not ended.
    pub in_flight: u32,
    /// Connections in the listen backlog.
    pub backlog: usize,
    /// Coroutines in the event loops' ready queues, and calls waiting for an executor thread.
    pub ready: usize,
    /// Tasks in the Celery broker, waiting for a worker.
    pub celery_queued: usize,
    /// Entries in the future-event list (live and cancelled).
    pub events: usize,
    /// Entries in the CPU scheduler's heap.
    pub cpu_heap: usize,
    /// Request slots allocated (the most ever in flight at once).
    pub request_slots: usize,
    /// Thread slots allocated.
    pub thread_slots: usize,
    /// Celery task slots allocated (queued plus running, at their most).
    pub task_slots: usize,
    /// Entries in the DB pool's wait queue and the idle-worker heap.
    pub waiters: usize,
}

impl Sim {
    /// The state this simulation holds right now (for tests of the memory bounds).
    pub fn footprint(&self) -> Footprint {
        Footprint {
            in_flight: self.in_flight,
            backlog: self.backlog.len(),
            ready: self.loops.iter().map(|l| l.ready.len() + l.exec_queue.len()).sum(),
            celery_queued: self.celery_queue.len(),
            events: self.q.len(),
            cpu_heap: self.cpu.heap_len(),
            request_slots: self.reqs.len(),
            thread_slots: self.threads.len(),
            task_slots: self.tasks.len(),
            waiters: self.db.waiters.len() + self.idle_workers.len(),
        }
    }

    /// True if the run stopped at the simulation horizon (`time::HORIZON_NS`) with events still to come: what
    /// was in flight then is reported as in flight.
    pub fn horizon_reached(&self) -> bool {
        self.horizon_reached
    }

    /// Celery publishes the broker rejected because it was full (each one failed its request).
    pub fn celery_rejected(&self) -> u64 {
        self.celery_rejected
    }

    /// The next event lies beyond the horizon: the run ends here (if anything live is left, say so).
    #[cold]
    #[inline(never)]
    pub(crate) fn stop_at_horizon(&mut self) -> bool {
        self.drop_stale();
        self.horizon_reached = self.q.peek().is_some() || self.cpu.next_event().is_some();
        false
    }

    /// Sweeps cancelled events out of the future-event list if it has doubled since the last sweep.
    #[inline]
    pub(crate) fn compact_events_if_needed(&mut self) {
        if self.q.len() > self.compact_at {
            self.compact_events();
        }
    }

    /// Sweeps cancelled events out of the future-event list. A pending fault is kept even while its process is
    /// down (it may be back by then): only events that can never fire are dropped, so no run changes.
    #[cold]
    #[inline(never)]
    pub(crate) fn compact_events(&mut self) {
        let mut q = std::mem::take(&mut self.q);
        q.retain(|ev| matches!(ev, Ev::Fault { .. }) || !self.is_stale(ev));
        self.q = q;
        self.compact_at = (2 * self.q.len()).max(MIN_COMPACT_AT);
    }

    /// Sweeps the DB pool's wait queue and the idle-worker heap when cancelled entries pile up in them. Called
    /// where those appear (a thread queued for a connection; a process restarting), not per request.
    #[inline]
    pub(crate) fn sweep_waiters(&mut self) {
        let limit = 2 * self.threads.len() + 64;
        if self.db.waiters.len() > limit || self.idle_workers.len() > limit {
            self.sweep_waiters_now(limit);
        }
    }

    #[cold]
    #[inline(never)]
    fn sweep_waiters_now(&mut self, limit: usize) {
        if self.db.waiters.len() > limit {
            let threads = &self.threads;
            self.db.waiters.retain(|&(th, gen)| {
                let t = &threads[th as usize];
                t.alive && t.gen == gen && t.doing == super::Doing::DbWait
            });
        }
        if self.idle_workers.len() > limit {
            let mut seen = vec![false; self.threads.len()];
            let (threads, procs) = (&self.threads, &self.procs);
            self.idle_workers.retain(|&Reverse(th)| {
                let t = &threads[th as usize];
                let p = &procs[t.proc as usize];
                let keep = t.alive && t.in_idle && t.job == Job::Idle && p.alive && !p.draining && !seen[th as usize];
                seen[th as usize] = true;
                keep
            });
        }
    }

    /// The rarer parts of ending a request: a view that raised ends as failed, not completed; the wait of an
    /// answered request is recorded if asked for. Returns the outcome to record.
    #[cold]
    #[inline(never)]
    pub(crate) fn end_extras(&mut self, slot: u32, outcome: Outcome, now: crate::time::Nanos, wait: u64) -> Outcome {
        let outcome =
            if self.reqs[slot as usize].failed && outcome == Outcome::Completed { Outcome::Failed } else { outcome };
        if outcome == Outcome::Completed {
            self.record_wait(now, wait);
        }
        outcome
    }

    /// A Celery publish was rejected (the broker is full): `.delay()` raises, so the view stops at once and its
    /// request ends as failed (a 500). The thread's or the loop's current op finishes normally; the program then
    /// jumps to its end. A gathered child's error ends the whole request once the gather returns.
    pub(crate) fn publish_failed(&mut self, th: u32) {
        self.celery_rejected += 1;
        let Some((slot, main)) = self.thread_slot(th) else { return };
        let on_thread = matches!(self.threads[th as usize].job, Job::Request(_));
        let thread_ops = self.cfg.thread_prog.ops.len() as u16;
        let loop_ops = self.cfg.loop_prog.ops.len() as u16;
        let r = &mut self.reqs[slot as usize];
        r.failed = true;
        if on_thread {
            // `thread_advance` moves past the last op: the job ends.
            r.tpc = thread_ops.saturating_sub(1);
        } else if main {
            // `loop_op_complete` moves past the last op: the coroutine ends.
            r.pc = loop_ops.saturating_sub(1);
        } else {
            // The main coroutine is parked after its gather: it resumes at the end.
            r.pc = loop_ops;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Scenario, Side, Sim};

    #[test]
    fn the_horizon_ends_a_run_that_would_overflow_the_clock() {
        // One user, ten-minute requests, 50 M of them: 3·10^10 s of simulated time, far past the horizon.
        let sc = Scenario::from_json(
            r#"{"traffic": {"kind": "closed", "users": 1, "requests": 50000000},
                "wsgi": {"workers": 1, "overhead_ms": 0, "timeout_s": 0,
                         "view": {"kind": "sync", "steps": [{"blocking_io": 600000}]}}}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&sc, Side::Wsgi).unwrap();
        let s = sim.run();
        assert!(sim.horizon_reached());
        assert!(sim.now() <= crate::time::HORIZON_NS);
        assert_eq!(s.in_flight, 1);
        assert_eq!(s.completed + s.in_flight, sim.sent());
        assert!(sim.next_time().is_none() && sim.finished());
        // A run that ends by itself does not report the horizon.
        let mut short =
            Sim::new(&Scenario { traffic: crate::Traffic::closed(1, Some(3), None), ..sc }, Side::Wsgi).unwrap();
        short.run();
        assert!(!short.horizon_reached());
    }
}
