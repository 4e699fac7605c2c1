//! Process faults and restarts: a crash (scheduled or on demand), gunicorn's timeout kill, and the restart.

use super::build::JITTER_STREAM;
use super::*;
impl Sim {
    /// Crashes process `process` now (a gunicorn worker by index, or a uvicorn process by loop index), as a
    /// scenario's `faults` would: its in-flight requests fail and it restarts after `restart_s`. Returns false if
    /// there is no such process or it is already down.
    pub fn crash(&mut self, process: u32) -> bool {
        let proc = match self.cfg.side {
            Side::Asgi => match self.loops.get(process as usize) {
                Some(l) => l.proc,
                None => return false,
            },
            Side::Wsgi => {
                let workers: Vec<u32> =
                    (0..self.procs.len() as u32).filter(|&p| self.procs[p as usize].kind == ProcKind::Worker).collect();
                match workers.get(process as usize) {
                    Some(&p) => p,
                    None => return false,
                }
            }
        };
        if !self.procs[proc as usize].alive {
            return false;
        }
        self.kill_process(proc, Outcome::Failed);
        self.drain_work();
        self.observe();
        true
    }

    /// A process is down (killed, or retired after `max_requests`): it serves nothing until its restart.
    pub(crate) fn mark_down(&mut self, proc: u32) {
        let back_at = self.now + self.cfg.restart_ns;
        let p = &mut self.procs[proc as usize];
        p.alive = false;
        p.draining = false;
        p.gen = p.gen.wrapping_add(1);
        p.back_at = back_at;
        self.alive_procs -= 1;
    }

    /// Counts a restart and brings the process back after the restart delay.
    pub(crate) fn schedule_respawn(&mut self, proc: u32) {
        self.metrics.record_restart(self.now);
        self.q.push(self.now + self.cfg.restart_ns, Ev::Respawn { proc });
    }

    /// Kills a process: its in-flight requests end with `outcome`; it comes back after the restart delay.
    pub(crate) fn kill_process(&mut self, proc: u32, outcome: Outcome) {
        let now = self.now;
        self.cpu.kill_process(now, proc);
        self.mark_down(proc);
        let p = &self.procs[proc as usize];
        let kind = p.kind;
        let loop_idx = p.loop_idx;
        let own: Vec<u32> = p.threads.clone();
        self.drop_conns(proc);
        // Threads of this process: its own plus (for a loop) dynamic thread-sensitive and executor threads.
        let mut doomed: Vec<u32> = own.clone();
        if kind == ProcKind::Loop {
            for (i, t) in self.threads.iter().enumerate() {
                if t.alive && t.proc == proc && matches!(t.role, Role::ThreadSensitive | Role::Executor(_)) {
                    doomed.push(i as u32);
                }
            }
        }
        let mut failed_reqs = Vec::new();
        for &th in &doomed {
            let t = &mut self.threads[th as usize];
            if t.doing == Doing::Db {
                self.db.in_use -= 1;
            }
            if let Job::Request(slot) = t.job {
                if t.role == Role::Worker {
                    failed_reqs.push(slot);
                }
            }
            t.gen = t.gen.wrapping_add(1);
            t.job = Job::Idle;
            t.doing = Doing::Idle;
            t.after = After::Nothing;
            t.calls.clear();
            t.in_idle = false;
        }
        if kind == ProcKind::Loop {
            let lp = &mut self.loops[loop_idx as usize];
            self.ready_total -= lp.ready.len() as u32;
            lp.ready.clear();
            lp.current = None;
            lp.blocked = false;
            lp.exec_queue.clear();
            lp.exec_idle.clear();
            lp.exec_threads = 0;
            for (i, r) in self.reqs.iter().enumerate() {
                if r.live && r.loop_idx == loop_idx {
                    failed_reqs.push(i as u32);
                }
            }
        }
        if kind == ProcKind::Celery {
            // A task in progress is lost with its worker (acks_late off): count it as done-with-error, not retried.
            self.celery_idle.retain(|t| !own.contains(t));
        }
        for &th in &doomed {
            if !own.contains(&th) {
                let t = &mut self.threads[th as usize];
                t.owner = NONE;
                self.drop_thread(th);
            }
        }
        for slot in failed_reqs {
            self.end_request(slot, outcome);
        }
        self.schedule_respawn(proc);
        self.db_grant();
        // The dead requests' and threads' timers are now cancelled.
        self.compact_events_if_needed();
    }

    pub(super) fn respawn(&mut self, proc: u32) {
        let mut rng =
            Xoshiro256PlusPlus::seed_from_u64(mix(self.seed, JITTER_STREAM ^ ((proc as u64) << 20) ^ self.now));
        let max = self.draw_max_requests(&mut rng);
        let p = &mut self.procs[proc as usize];
        if p.alive {
            return;
        }
        p.alive = true;
        p.served = 0;
        p.max_served = max;
        self.alive_procs += 1;
        let threads = p.threads.clone();
        match p.kind {
            ProcKind::Worker => {
                for th in threads {
                    self.make_worker_idle(th);
                }
            }
            ProcKind::Loop => {
                let l = p.loop_idx;
                self.wake_loop(l);
            }
            ProcKind::Client => {}
            ProcKind::Celery => {
                for th in threads {
                    let t = &mut self.threads[th as usize];
                    t.job = Job::Idle;
                    t.doing = Doing::Idle;
                    self.thread_wake.push(th);
                }
            }
        }
        // A restart re-queues idle workers whose old entries may still be in the heap: sweep those out.
        self.sweep_waiters();
    }

    /// Time until `proc` is back, if it is down.
    pub(crate) fn proc_down_until(&self, proc: u32) -> Option<Nanos> {
        let p = &self.procs[proc as usize];
        (!p.alive).then_some(p.back_at)
    }
}
