//! OS threads running ops: gunicorn workers (sync, gthread), ASGI's thread-sensitive and executor threads,
//! Celery workers; and the database connection pool they (and blocked loops) wait on.

use crate::engine::{After, Call, Doing, Ev, Job, Loc, Role, Sim, MAIN, NONE};
use crate::handler::{Op, BROKER_PUBLISH_MS};
use crate::metrics::{Outcome, Phase};
use crate::time::{ms_to_ns, Nanos};
use std::cmp::Reverse;

impl Sim {
    // ----- gunicorn workers -----

    /// A worker thread becomes free: it takes the next connection, or waits in `accept`.
    pub(crate) fn make_worker_idle(&mut self, th: u32) {
        let t = &mut self.threads[th as usize];
        t.job = Job::Idle;
        t.doing = Doing::Idle;
        self.thread_wake.push(th);
    }

    pub(crate) fn pop_idle_worker(&mut self) -> Option<u32> {
        while let Some(Reverse(th)) = self.idle_workers.pop() {
            let t = &self.threads[th as usize];
            let p = &self.procs[t.proc as usize];
            if t.alive && t.in_idle && t.job == Job::Idle && p.alive && !p.draining {
                self.threads[th as usize].in_idle = false;
                return Some(th);
            }
        }
        None
    }

    pub(crate) fn start_request_on_worker(&mut self, th: u32, slot: u32) {
        let proc = self.threads[th as usize].proc;
        {
            let t = &mut self.threads[th as usize];
            t.job = Job::Request(slot);
            t.in_idle = false;
        }
        {
            let r = &mut self.reqs[slot as usize];
            r.thread = th;
            r.tpc = 0;
            r.loc = Loc::Thread(th);
        }
        let p = &mut self.procs[proc as usize];
        p.serial = p.serial.wrapping_add(1);
        if self.cfg.timeout_ns > 0 {
            let (gen, serial) = (p.gen, p.serial);
            self.q.push(self.now + self.cfg.timeout_ns, Ev::Timeout { proc, gen, serial });
            // The previous request's timer on this worker is cancelled (if that one ended in time).
            self.compact_events_if_needed();
        }
        self.thread_run(th);
    }

    /// A free thread looks for its next job.
    pub(crate) fn thread_pick_next(&mut self, th: u32) {
        let t = &self.threads[th as usize];
        if !t.alive || t.job != Job::Idle || !self.procs[t.proc as usize].alive {
            return;
        }
        match t.role {
            Role::Worker => {
                let proc = t.proc;
                if self.procs[proc as usize].draining {
                    self.maybe_retire(proc);
                } else if let Some((slot, _)) = self.backlog.pop_front() {
                    self.start_request_on_worker(th, slot);
                } else if !self.threads[th as usize].in_idle {
                    self.threads[th as usize].in_idle = true;
                    self.idle_workers.push(Reverse(th));
                }
            }
            Role::ThreadSensitive => {
                if let Some(call) = self.threads[th as usize].calls.pop_front() {
                    self.start_call(th, call);
                }
            }
            Role::Executor(l) => {
                if let Some((call, _)) = self.loops[l as usize].exec_queue.pop_front() {
                    self.start_call(th, call);
                } else {
                    self.loops[l as usize].exec_idle.push(th);
                }
            }
            Role::Celery => {
                if let Some(task) = self.celery_queue.pop_front() {
                    self.start_task(th, task);
                } else if !self.threads[th as usize].in_idle {
                    self.threads[th as usize].in_idle = true;
                    self.celery_idle.push(th);
                }
            }
            Role::Loop(_) | Role::Client => {}
        }
    }

    /// A worker that reached `max_requests` exits once all its threads are idle, and is replaced.
    fn maybe_retire(&mut self, proc: u32) {
        let p = &self.procs[proc as usize];
        if !p.alive || p.threads.iter().any(|&t| self.threads[t as usize].job != Job::Idle) {
            return;
        }
        let threads = p.threads.clone();
        for th in threads {
            let t = &mut self.threads[th as usize];
            t.in_idle = false;
            t.gen = t.gen.wrapping_add(1);
        }
        self.mark_down(proc);
        self.schedule_respawn(proc);
    }

    // ----- running ops on a thread -----

    /// The request a thread is working for, and whether it is that request's main line of execution.
    pub(crate) fn thread_slot(&self, th: u32) -> Option<(u32, bool)> {
        let t = &self.threads[th as usize];
        match t.job {
            Job::Request(slot) => Some((slot, true)),
            Job::Call(c) => Some((c.slot, c.child == MAIN)),
            Job::Task(_) | Job::Idle => match t.role {
                Role::Loop(l) => self.loops[l as usize].current.map(|task| (task.slot, task.child == MAIN)),
                _ => None,
            },
        }
    }

    fn thread_op(&self, th: u32) -> Option<(Op, u32)> {
        match self.threads[th as usize].job {
            Job::Request(slot) => {
                let pc = self.reqs[slot as usize].tpc as usize;
                self.cfg.thread_prog.ops.get(pc).map(|op| (*op, slot))
            }
            Job::Call(c) => Some((self.cfg.loop_prog.pool[c.op as usize], c.slot)),
            _ => None,
        }
    }

    /// Runs the thread's ops until one has to wait (or the job ends).
    pub(crate) fn thread_run(&mut self, th: u32) {
        loop {
            let Some((op, slot)) = self.thread_op(th) else {
                self.thread_job_finished(th);
                return;
            };
            let main = self.thread_slot(th).is_some_and(|(_, m)| m);
            if self.thread_exec(th, slot, op, main) {
                return;
            }
            if !self.thread_advance(th) {
                self.thread_job_finished(th);
                return;
            }
        }
    }

    /// Starts one op on a thread. Returns true if the thread now waits for an event.
    fn thread_exec(&mut self, th: u32, slot: u32, op: Op, main: bool) -> bool {
        let now = self.now;
        let proc = self.threads[th as usize].proc;
        match op {
            Op::Cpu(d) => {
                let w = d.sample_ns(&mut self.reqs[slot as usize].rng);
                if w == 0 {
                    return false;
                }
                self.cpu.start(now, proc, th, w);
                self.thread_doing(th, Doing::Cpu, w);
                if main {
                    self.set_phase(slot, Phase::Cpu);
                    self.set_op(slot, w);
                }
                true
            }
            Op::Io { dist, .. } => {
                let w = dist.sample_ns(&mut self.reqs[slot as usize].rng);
                self.thread_wait(th, slot, w, main)
            }
            Op::GatherIo { start, len } => {
                let mut w = 0;
                for i in start..start + len {
                    let d = self.cfg.thread_prog.dists[i as usize];
                    w = w.max(d.sample_ns(&mut self.reqs[slot as usize].rng));
                }
                self.thread_wait(th, slot, w, main)
            }
            Op::Db(d) => {
                let w = d.sample_ns(&mut self.reqs[slot as usize].rng);
                self.db_request(th, w);
                true
            }
            Op::Offload(d) => {
                let work = d.sample_ns(&mut self.reqs[slot as usize].rng);
                self.threads[th as usize].after = After::Enqueue(work);
                self.thread_wait(th, slot, ms_to_ns(BROKER_PUBLISH_MS), main)
            }
            // Loop-only ops never reach a thread program.
            Op::Gather { .. } | Op::SyncToAsync { .. } | Op::SyncView | Op::Yield => false,
        }
    }

    fn thread_wait(&mut self, th: u32, slot: u32, w: Nanos, main: bool) -> bool {
        if w == 0 && self.threads[th as usize].after == After::Nothing {
            return false;
        }
        let gen = self.threads[th as usize].gen;
        self.q.push(self.now + w, Ev::ThreadIo { thread: th, gen });
        self.thread_doing(th, Doing::Io, w);
        if main {
            self.set_phase(slot, Phase::Io);
            self.set_op(slot, w);
        }
        true
    }

    pub(crate) fn thread_doing(&mut self, th: u32, doing: Doing, len: Nanos) {
        let now = self.now;
        let t = &mut self.threads[th as usize];
        t.doing = doing;
        t.op_start = now;
        t.op_len = len;
    }

    /// Moves to the thread's next op. Returns false when the job has no more.
    fn thread_advance(&mut self, th: u32) -> bool {
        match self.threads[th as usize].job {
            Job::Request(slot) => {
                let r = &mut self.reqs[slot as usize];
                r.tpc += 1;
                (r.tpc as usize) < self.cfg.thread_prog.ops.len()
            }
            _ => false,
        }
    }

    fn thread_job_finished(&mut self, th: u32) {
        let job = self.threads[th as usize].job;
        let role = self.threads[th as usize].role;
        {
            let t = &mut self.threads[th as usize];
            t.job = Job::Idle;
            t.doing = Doing::Idle;
        }
        match job {
            Job::Request(slot) if role == Role::Worker => {
                self.end_request(slot, Outcome::Completed);
                let proc = self.threads[th as usize].proc;
                let p = &mut self.procs[proc as usize];
                p.served += 1;
                if p.max_served > 0 && p.served >= p.max_served {
                    p.draining = true;
                }
            }
            Job::Request(slot) => self.task_resume(slot, MAIN),
            Job::Call(c) => self.task_resume(c.slot, c.child),
            Job::Task(_) | Job::Idle => {}
        }
        self.thread_wake.push(th);
    }

    /// A thread's wait ended.
    pub(crate) fn thread_io_done(&mut self, th: u32) {
        match std::mem::replace(&mut self.threads[th as usize].after, After::Nothing) {
            After::ReleaseDb => self.db_release(),
            After::Enqueue(work) => {
                if !self.celery_enqueue(work) {
                    self.publish_failed(th);
                }
            }
            After::Nothing => {}
        }
        self.threads[th as usize].doing = Doing::Idle;
        match self.threads[th as usize].role {
            Role::Loop(l) => self.loop_op_complete(l),
            _ => self.thread_op_complete(th),
        }
    }

    /// A thread's CPU work finished.
    pub(crate) fn on_cpu_done(&mut self, th: u32) {
        self.threads[th as usize].doing = Doing::Idle;
        match self.threads[th as usize].role {
            Role::Loop(l) => self.loop_op_complete(l),
            Role::Celery => self.celery_task_done(th),
            Role::Client => self.load_gen_done(),
            _ => self.thread_op_complete(th),
        }
    }

    fn thread_op_complete(&mut self, th: u32) {
        if self.thread_advance(th) {
            self.thread_run(th);
        } else {
            self.thread_job_finished(th);
        }
    }

    /// Hands a `sync_to_async` call (or a whole `def` view, `whole`) to a thread of loop `l`'s process.
    pub(crate) fn submit_call(&mut self, l: u32, call: Call, thread_sensitive: bool, whole: bool) {
        let proc = self.loops[l as usize].proc;
        let main = call.child == MAIN;
        if thread_sensitive || whole {
            // Django's ASGI handler gives each request its own thread-sensitive executor: one thread per request.
            let framework = !whole && self.cfg.loop_prog.framework_pool.is_some_and(|f| call.op >= f);
            let mut th = self.reqs[call.slot as usize].ts_thread;
            if th == NONE {
                th = self.add_thread(proc, Role::ThreadSensitive);
                self.threads[th as usize].owner = call.slot;
                self.threads[th as usize].counted = false;
                self.reqs[call.slot as usize].ts_thread = th;
            }
            if !framework && !self.threads[th as usize].counted {
                self.threads[th as usize].counted = true;
                self.extra_threads += 1;
            }
            if whole {
                let r = &mut self.reqs[call.slot as usize];
                r.tpc = 0;
                r.loc = Loc::Thread(th);
                self.threads[th as usize].job = Job::Request(call.slot);
                if self.cfg.thread_prog.ops.is_empty() {
                    self.thread_job_finished(th);
                } else {
                    self.thread_run(th);
                }
            } else if self.threads[th as usize].job == Job::Idle {
                self.start_call(th, call);
            } else {
                self.threads[th as usize].calls.push_back(call);
                if main {
                    self.set_phase(call.slot, Phase::Blocked);
                }
            }
            return;
        }
        let lp = &mut self.loops[l as usize];
        if let Some(th) = lp.exec_idle.pop() {
            self.start_call(th, call);
        } else if lp.exec_threads < lp.exec_cap {
            lp.exec_threads += 1;
            let th = self.add_thread(proc, Role::Executor(l));
            self.extra_threads += 1;
            self.start_call(th, call);
        } else {
            lp.exec_queue.push_back((call, self.now));
            if main {
                self.set_phase(call.slot, Phase::Blocked);
            }
        }
    }

    fn start_call(&mut self, th: u32, call: Call) {
        self.threads[th as usize].job = Job::Call(call);
        if call.child == MAIN {
            self.reqs[call.slot as usize].loc = Loc::Thread(th);
        }
        self.thread_run(th);
    }

    // ----- the database pool -----

    /// Thread `th` needs a connection for a query of `query` ns (waits if the pool is exhausted).
    pub(crate) fn db_request(&mut self, th: u32, query: Nanos) {
        let free = self.db.size.is_none_or(|s| self.db.in_use < s);
        if free {
            self.db.in_use += 1;
            self.metrics.max_db_in_use = self.metrics.max_db_in_use.max(self.db.in_use);
            self.db_start_query(th, query);
        } else {
            let gen = self.threads[th as usize].gen;
            self.threads[th as usize].pending_query = query;
            self.db.waiters.push_back((th, gen));
            self.sweep_waiters();
            self.thread_doing(th, Doing::DbWait, 0);
            if let Some((slot, true)) = self.thread_slot(th) {
                self.set_phase(slot, Phase::Blocked);
            }
        }
    }

    fn db_start_query(&mut self, th: u32, query: Nanos) {
        let gen = self.threads[th as usize].gen;
        self.threads[th as usize].after = After::ReleaseDb;
        self.q.push(self.now + query, Ev::ThreadIo { thread: th, gen });
        self.thread_doing(th, Doing::Db, query);
        if let Some((slot, true)) = self.thread_slot(th) {
            self.set_phase(slot, Phase::Io);
            self.set_op(slot, query);
        }
    }

    fn db_release(&mut self) {
        self.db.in_use -= 1;
        self.db_grant();
    }

    /// Gives free connections to waiting threads, in order.
    pub(crate) fn db_grant(&mut self) {
        while self.db.size.is_none_or(|s| self.db.in_use < s) {
            let Some((th, gen)) = self.db.waiters.pop_front() else { return };
            let t = &self.threads[th as usize];
            if !t.alive || t.gen != gen || t.doing != Doing::DbWait {
                continue;
            }
            self.db.in_use += 1;
            self.metrics.max_db_in_use = self.metrics.max_db_in_use.max(self.db.in_use);
            let q = t.pending_query;
            self.db_start_query(th, q);
        }
    }

    // ----- Celery -----

    /// Publishes a task. Returns false if the broker is full and rejects it.
    fn celery_enqueue(&mut self, work: Nanos) -> bool {
        if self.celery_queue.len() >= self.celery_max
            && !self.celery_idle.iter().any(|&th| {
                let t = &self.threads[th as usize];
                t.alive && t.in_idle && t.job == Job::Idle && self.procs[t.proc as usize].alive
            })
        {
            return false;
        }
        let id = if let Some(id) = self.free_tasks.pop() {
            self.tasks[id as usize] = (self.now, work);
            id
        } else {
            self.tasks.push((self.now, work));
            (self.tasks.len() - 1) as u32
        };
        while let Some(th) = self.celery_idle.pop() {
            let t = &self.threads[th as usize];
            if t.alive && t.in_idle && t.job == Job::Idle && self.procs[t.proc as usize].alive {
                self.threads[th as usize].in_idle = false;
                self.start_task(th, id);
                return true;
            }
            self.threads[th as usize].in_idle = false;
        }
        self.celery_queue.push_back(id);
        true
    }

    fn start_task(&mut self, th: u32, task: u32) {
        let work = self.tasks[task as usize].1;
        let proc = self.threads[th as usize].proc;
        let t = &mut self.threads[th as usize];
        t.job = Job::Task(task);
        t.in_idle = false;
        if work == 0 {
            self.celery_task_done(th);
            return;
        }
        self.cpu.start(self.now, proc, th, work);
        self.thread_doing(th, Doing::Cpu, work);
    }

    fn celery_task_done(&mut self, th: u32) {
        if let Job::Task(task) = self.threads[th as usize].job {
            let enq = self.tasks[task as usize].0;
            self.metrics.record_celery(self.now - enq);
            self.free_tasks.push(task);
        }
        let t = &mut self.threads[th as usize];
        t.job = Job::Idle;
        t.doing = Doing::Idle;
        self.thread_wake.push(th);
    }

    /// Celery tasks waiting for a worker.
    pub fn celery_queue_len(&self) -> usize {
        self.celery_queue.len()
    }
}
