//! uvicorn's asyncio event loops.
//!
//! A loop runs one coroutine at a time. A coroutine runs until it awaits: `await_io` parks it on a timer,
//! `sync_to_async` parks it on a thread, `gather` parks it until every child is done. While it runs, its CPU
//! work holds the loop — and so does any blocking call (`time.sleep`, `requests.get`, a sync ORM query),
//! because the loop's only thread is the one that blocks. Parked coroutines whose wait ended queue in the
//! ready queue; the time from ready to running is the loop lag.
//!
//! Accepting connections is loop work too: each time the loop polls (between coroutines), it accepts up to
//! `ACCEPT_BATCH` queued connections, whose requests join the tail of the ready queue. A blocked loop
//! therefore accepts nothing, and connections wait in the kernel's listen backlog.

use crate::engine::{Call, Doing, Ev, Loc, Sim, Task, ACCEPT_BATCH, MAIN};
use crate::handler::{Dist, Op, BROKER_PUBLISH_MS};
use crate::metrics::{Outcome, Phase};
use crate::time::ms_to_ns;

impl Sim {
    /// Runs ready coroutines on loop `l` until it has to wait or has nothing to do.
    pub(crate) fn loop_dispatch(&mut self, l: u32) {
        loop {
            let lp = &self.loops[l as usize];
            if lp.current.is_some() || !self.procs[lp.proc as usize].alive {
                return;
            }
            if !self.backlog.is_empty() {
                self.accept(l);
            }
            let lp = &mut self.loops[l as usize];
            let Some((task, since)) = lp.ready.pop_front() else { return };
            self.ready_total -= 1;
            lp.current = Some(task);
            let now = self.now;
            self.metrics.record_loop_lag(now, now - since);
            self.loop_task_run(l);
        }
    }

    fn accept(&mut self, l: u32) {
        for _ in 0..ACCEPT_BATCH {
            let Some((slot, _)) = self.backlog.pop_front() else { break };
            self.take_on_loop(l, slot);
        }
    }

    /// Executes the current coroutine's ops until it parks, blocks the loop, computes, or ends.
    pub(crate) fn loop_task_run(&mut self, l: u32) {
        loop {
            let Some(task) = self.loops[l as usize].current else { return };
            let Some(op) = self.task_op(l, task) else { return };
            let main = task.child == MAIN;
            if main {
                self.reqs[task.slot as usize].loc = Loc::Running(l);
            }
            if self.loop_start_op(l, task, op) {
                return;
            }
            // The op took no time: move on.
            if main {
                self.reqs[task.slot as usize].pc += 1;
            } else {
                self.loops[l as usize].current = None;
                self.child_finished(task.slot);
                return;
            }
        }
    }

    /// The op `task` runs next on loop `l`: the main coroutine's next op, or a gathered child's only op. A main
    /// coroutine past its last op ends its request (completed) and leaves the loop: then `None`.
    fn task_op(&mut self, l: u32, task: Task) -> Option<Op> {
        let slot = task.slot;
        if task.child != MAIN {
            let start = self.reqs[slot as usize].gather_start;
            return Some(self.cfg.loop_prog.pool[(start + task.child as u16) as usize]);
        }
        let pc = self.reqs[slot as usize].pc as usize;
        let op = self.cfg.loop_prog.ops.get(pc).copied();
        if op.is_none() {
            self.loops[l as usize].current = None;
            self.end_request(slot, Outcome::Completed);
        }
        op
    }

    /// Starts `op` for `task` on loop `l`. Returns true if the coroutine now waits (it computes, parks, or blocks
    /// the loop), false if the op took no time.
    fn loop_start_op(&mut self, l: u32, task: Task, op: Op) -> bool {
        let (slot, main) = (task.slot, task.child == MAIN);
        match op {
            Op::Cpu(d) => self.loop_cpu(l, slot, d, main),
            Op::Io { dist, blocking: true } => {
                let w = dist.sample_ns(&mut self.reqs[slot as usize].rng);
                if w > 0 {
                    self.block_loop(l, slot, w, main);
                }
                w > 0
            }
            Op::Io { dist, .. } => self.loop_await(l, task, dist),
            Op::Db(d) => {
                let w = d.sample_ns(&mut self.reqs[slot as usize].rng);
                // A sync query inside a coroutine: the loop thread waits for a connection and the answer.
                self.loops[l as usize].blocked = true;
                self.db_request(self.loops[l as usize].thread, w);
                true
            }
            Op::Gather { start, len } => {
                self.loops[l as usize].current = None;
                self.park(slot, l, Phase::Io, 0);
                self.spawn_children(l, slot, start, len);
                true
            }
            Op::SyncToAsync { inner, thread_sensitive } => {
                self.loops[l as usize].current = None;
                if main {
                    self.park(slot, l, Phase::Blocked, 0);
                }
                self.submit_call(l, Call { slot, child: task.child, op: inner }, thread_sensitive, false);
                true
            }
            Op::SyncView => {
                self.loops[l as usize].current = None;
                self.park(slot, l, Phase::Blocked, 0);
                self.submit_call(l, Call { slot, child: MAIN, op: 0 }, true, true);
                true
            }
            Op::Offload(d) => {
                // `.delay()` is a synchronous publish: it blocks the loop for a broker round trip.
                let work = d.sample_ns(&mut self.reqs[slot as usize].rng);
                let thread = self.loops[l as usize].thread;
                self.threads[thread as usize].after = crate::engine::After::Enqueue(work);
                self.block_loop(l, slot, ms_to_ns(BROKER_PUBLISH_MS), main);
                true
            }
            Op::Yield => self.loop_yield(l, slot, main),
            Op::GatherIo { .. } => false,
        }
    }

    /// CPU work on the loop thread: the coroutine holds the loop while it computes. Returns false for a draw of
    /// zero (nothing to do).
    fn loop_cpu(&mut self, l: u32, slot: u32, d: Dist, main: bool) -> bool {
        let w = d.sample_ns(&mut self.reqs[slot as usize].rng);
        if w == 0 {
            return false;
        }
        let (thread, proc) = (self.loops[l as usize].thread, self.loops[l as usize].proc);
        self.cpu.start(self.now, proc, thread, w);
        self.thread_doing(thread, Doing::Cpu, w);
        if main {
            self.set_phase(slot, Phase::Cpu);
            self.set_op(slot, w);
        }
        true
    }

    /// A non-blocking await: the coroutine leaves the loop until its timer fires. Returns false for a draw of
    /// zero (it goes on at once).
    fn loop_await(&mut self, l: u32, task: Task, dist: Dist) -> bool {
        let slot = task.slot;
        let w = dist.sample_ns(&mut self.reqs[slot as usize].rng);
        if w == 0 {
            return false;
        }
        let gen = self.reqs[slot as usize].gen;
        self.q.push(self.now + w, Ev::TaskIo { slot, gen, child: task.child });
        self.loops[l as usize].current = None;
        if task.child == MAIN {
            self.park(slot, l, Phase::Io, w);
        }
        true
    }

    /// The coroutine gives the loop back: the main one queues again behind every ready coroutine; a gathered
    /// child is done.
    fn loop_yield(&mut self, l: u32, slot: u32, main: bool) -> bool {
        self.loops[l as usize].current = None;
        if main {
            self.park(slot, l, Phase::Blocked, 0);
            self.make_ready(slot);
        } else {
            self.child_finished(slot);
        }
        true
    }

    fn block_loop(&mut self, l: u32, slot: u32, w: u64, main: bool) {
        let thread = self.loops[l as usize].thread;
        let gen = self.threads[thread as usize].gen;
        self.q.push(self.now + w, Ev::ThreadIo { thread, gen });
        self.thread_doing(thread, Doing::Io, w);
        self.loops[l as usize].blocked = true;
        if main {
            self.set_phase(slot, Phase::Io);
            self.set_op(slot, w);
        }
    }

    /// The main coroutine awaits: it leaves the loop, and resumes at the next op.
    fn park(&mut self, slot: u32, l: u32, phase: Phase, len: u64) {
        let r = &mut self.reqs[slot as usize];
        r.pc += 1;
        r.loc = Loc::Parked(l);
        self.set_phase(slot, phase);
        self.set_op(slot, len);
    }

    fn spawn_children(&mut self, l: u32, slot: u32, start: u16, len: u16) {
        {
            let r = &mut self.reqs[slot as usize];
            r.gather_start = start;
            r.outstanding = len;
        }
        let now = self.now;
        for i in 0..len {
            let child = i as u8;
            match self.cfg.loop_prog.pool[(start + i) as usize] {
                Op::Io { dist, blocking: false } => {
                    let w = dist.sample_ns(&mut self.reqs[slot as usize].rng);
                    let gen = self.reqs[slot as usize].gen;
                    self.q.push(now + w, Ev::TaskIo { slot, gen, child });
                }
                Op::SyncToAsync { inner, thread_sensitive } => {
                    self.submit_call(l, Call { slot, child, op: inner }, thread_sensitive, false);
                }
                _ => {
                    // asyncio.gather wraps each coroutine in a task: it runs on the loop in turn.
                    self.loops[l as usize].ready.push_back((Task { slot, child }, now));
                    self.ready_total += 1;
                }
            }
        }
        self.wake_loop(l);
    }

    /// The current op of loop `l`'s running coroutine finished (CPU, a blocking wait, a query, a publish).
    pub(crate) fn loop_op_complete(&mut self, l: u32) {
        self.loops[l as usize].blocked = false;
        let Some(task) = self.loops[l as usize].current else { return };
        if task.child == MAIN {
            self.reqs[task.slot as usize].pc += 1;
            self.loop_task_run(l);
        } else {
            self.loops[l as usize].current = None;
            self.child_finished(task.slot);
        }
        self.wake_loop(l);
    }

    /// A coroutine's await completed (a timer, or a thread finished its call).
    pub(crate) fn task_resume(&mut self, slot: u32, child: u8) {
        if !self.reqs[slot as usize].live {
            return;
        }
        if child == MAIN {
            self.make_ready(slot);
        } else {
            self.child_finished(slot);
        }
    }

    pub(crate) fn task_io_done(&mut self, slot: u32, child: u8) {
        self.task_resume(slot, child);
    }

    fn child_finished(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.outstanding -= 1;
        if r.outstanding == 0 {
            self.make_ready(slot);
        }
    }

    fn make_ready(&mut self, slot: u32) {
        let now = self.now;
        let l = self.reqs[slot as usize].loop_idx;
        self.reqs[slot as usize].loc = Loc::Ready(l);
        self.loops[l as usize].ready.push_back((Task { slot, child: MAIN }, now));
        self.ready_total += 1;
        self.set_phase(slot, Phase::Blocked);
        self.wake_loop(l);
    }
}
