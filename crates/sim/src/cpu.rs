//! Cores and GILs.
//!
//! Model (documented in ARCHITECTURE.md):
//! - **GIL**: a CPython process runs Python on one thread at a time. Threads that want CPU queue for their
//!   process's GIL in order; the holder keeps it until its burst ends or, if others wait, until it has run for
//!   the switch interval (5 ms, `sys.getswitchinterval()`), then goes to the back of the queue. Short bursts
//!   therefore run one after another (FCFS), long ones take turns (round-robin) — as CPython does. A thread
//!   marked *keeps the GIL* (an event loop's) that starts its next burst the instant its last one ended — the
//!   loop running its next ready callback — keeps the GIL too, as CPython does between callbacks, until the
//!   first waiter has waited one switch interval (CPython's drop request).
//! - **Cores**: C cores are shared by the processes whose GIL holder wants CPU: with A of them each gets
//!   `s = min(1, C/A)` of a core, times a context-switch efficiency when A > C (Linux CFS slices of
//!   max(6 ms / (A/C), 0.75 ms), each costing `context_switch_us`). This is processor sharing, the fluid limit
//!   of CFS: it reproduces M/M/1-PS exactly, needs no per-slice events, and is deterministic.
//!
//! Implementation: a global virtual clock `g` advances by `s` per nanosecond — the service each active process
//! receives. A holder's current run (up to its burst end or the switch interval) ends when `g` reaches a tag
//! fixed when the run starts; tags do not change when `s` changes, so one heap over processes, with lazy
//! deletion, yields the next event in O(log n).

use crate::time::Nanos;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

/// CPython's default GIL switch interval, ns.
pub const GIL_SWITCH_NS: f64 = 5_000_000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Key(f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[derive(Clone, Copy, Debug)]
struct Run {
    thread: u32,
    /// Work the thread had left when this run started, ns.
    remaining: f64,
    /// `g` when this run started.
    g_start: f64,
    /// Work this run will do before it ends (its whole remaining work, or one switch interval).
    len: f64,
    /// When this thread began waiting for the GIL (or wanting CPU).
    since: Nanos,
}

#[derive(Default, Clone)]
struct ProcCpu {
    holder: Option<Run>,
    /// Threads waiting for the GIL, with their remaining work and since when they wait.
    waiters: VecDeque<(u32, f64, Nanos)>,
    /// Bumped whenever this process's entry in the heap is replaced.
    gen: u32,
}

/// Linux CFS's scheduling period for a few runnable threads (ns), and its minimum slice.
const SCHED_LATENCY_NS: f64 = 6_000_000.0;
const MIN_GRANULARITY_NS: f64 = 750_000.0;

/// What a CPU event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpuEvent {
    /// This thread finished its CPU work.
    Done(u32),
    /// The GIL of this process passed to its next waiting thread (switch interval expired).
    GilSwitch(u32),
}

/// The CPU of one simulated machine.
pub struct Cpu {
    cores: f64,
    switch_ns: f64,
    g: f64,
    g_t: Nanos,
    active: u32,
    rate: f64,
    procs: Vec<ProcCpu>,
    heap: BinaryHeap<Reverse<(Key, u32, u32)>>,
    /// Process of each thread currently wanting CPU (u32::MAX otherwise).
    thread_proc: Vec<u32>,
    gil_switches: u64,
    /// Threads that keep the GIL between back-to-back bursts (event loops).
    keeps_gil: Vec<bool>,
    /// The thread whose burst ended last, and when.
    last_done: Option<(u32, Nanos)>,
}

impl Cpu {
    /// A machine with `cores` cores and a context switch costing `switch_us` microseconds.
    pub fn new(cores: u32, switch_us: f64) -> Self {
        Self {
            cores: cores.max(1) as f64,
            switch_ns: switch_us.max(0.0) * 1_000.0,
            g: 0.0,
            g_t: 0,
            active: 0,
            rate: 1.0,
            procs: Vec::new(),
            heap: BinaryHeap::new(),
            thread_proc: Vec::new(),
            gil_switches: 0,
            keeps_gil: Vec::new(),
            last_done: None,
        }
    }

    /// Marks `thread` as one that keeps the GIL between back-to-back bursts (an event loop's thread).
    pub fn set_keeps_gil(&mut self, thread: u32, keeps: bool) {
        if self.keeps_gil.len() <= thread as usize {
            self.keeps_gil.resize(thread as usize + 1, false);
        }
        self.keeps_gil[thread as usize] = keeps;
    }

    /// Number of cores.
    pub fn cores(&self) -> u32 {
        self.cores as u32
    }

    /// Processes that currently want CPU.
    pub fn active_processes(&self) -> u32 {
        self.active
    }

    /// Threads of `proc` that currently want CPU (the GIL holder and its waiters).
    pub fn threads_wanting(&self, proc: u32) -> u32 {
        self.procs.get(proc as usize).map_or(0, |p| p.holder.is_some() as u32 + p.waiters.len() as u32)
    }

    /// The thread holding `proc`'s GIL and computing, if any.
    pub fn gil_holder(&self, proc: u32) -> Option<u32> {
        self.procs.get(proc as usize).and_then(|p| p.holder.map(|r| r.thread))
    }

    /// Forced GIL hand-overs so far.
    pub fn gil_switches(&self) -> u64 {
        self.gil_switches
    }

    /// Cores doing useful work right now (fractional when context switches eat into them).
    pub fn busy_cores(&self) -> f64 {
        self.active as f64 * self.rate
    }

    /// Share of a core each active process gets.
    fn rate_for(&self, active: u32) -> f64 {
        let a = active as f64;
        if a <= self.cores {
            return 1.0;
        }
        let per_core = a / self.cores;
        let slice = (SCHED_LATENCY_NS / per_core).max(MIN_GRANULARITY_NS);
        (self.cores / a) * slice / (slice + self.switch_ns)
    }

    fn sync(&mut self, now: Nanos) {
        if self.active > 0 && now > self.g_t {
            self.g += self.rate * (now - self.g_t) as f64;
        }
        self.g_t = now;
    }

    fn set_active(&mut self, delta: i32) {
        self.active = (self.active as i32 + delta) as u32;
        self.rate = self.rate_for(self.active);
        if self.active == 0 {
            // Rebase the virtual clock so that it never grows without bound.
            self.g = 0.0;
        }
    }

    /// Starts a run for `thread` with `remaining` work in `proc`; its length depends on whether others wait.
    fn begin_run(&mut self, proc: u32, thread: u32, remaining: f64, since: Nanos) {
        let g = self.g;
        let p = &mut self.procs[proc as usize];
        let len = if p.waiters.is_empty() { remaining } else { remaining.min(GIL_SWITCH_NS) };
        p.holder = Some(Run { thread, remaining, g_start: g, len, since });
        p.gen = p.gen.wrapping_add(1);
        self.heap.push(Reverse((Key(g + len), proc, p.gen)));
    }

    /// Replaced runs (a holder that got company, a killed process) stay in the heap until they surface (lazy
    /// deletion). A long run that keeps getting company can leave many behind: they are dropped once they
    /// outnumber the live entries (one per process) by far. Checked only where a run is replaced, not per burst.
    fn compact_if_needed(&mut self) {
        if self.heap.len() > 4 * self.procs.len() + 64 {
            self.compact();
        }
    }

    /// Removes replaced runs from the heap (O(n); amortised over at least 3 × processes replacements).
    #[cold]
    #[inline(never)]
    fn compact(&mut self) {
        let procs = &self.procs;
        self.heap.retain(|&Reverse((_, proc, gen))| {
            let p = &procs[proc as usize];
            p.gen == gen && p.holder.is_some()
        });
    }

    /// Entries in the scheduler's heap (live runs and replaced ones not yet dropped).
    pub fn heap_len(&self) -> usize {
        self.heap.len()
    }

    /// Thread `thread` of process `proc` starts `work_ns` of CPU work at `now`.
    pub fn start(&mut self, now: Nanos, proc: u32, thread: u32, work_ns: Nanos) {
        if self.procs.len() <= proc as usize {
            self.procs.resize_with(proc as usize + 1, ProcCpu::default);
        }
        if self.thread_proc.len() <= thread as usize {
            self.thread_proc.resize(thread as usize + 1, u32::MAX);
        }
        self.thread_proc[thread as usize] = proc;
        self.sync(now);
        match self.procs[proc as usize].holder {
            None => {
                self.set_active(1);
                self.begin_run(proc, thread, work_ns as f64, now);
            }
            Some(run) if self.keeps_on(now, thread, &run) => {
                // The GIL passed to `run.thread` only because this thread's burst ended an instant ago; it never
                // let go of it: the waiter goes back to the head of the queue, and this thread runs until the
                // waiter has waited one switch interval.
                let p = &mut self.procs[proc as usize];
                p.waiters.push_front((run.thread, run.remaining, run.since));
                self.begin_run(proc, thread, work_ns as f64, now);
                let p = &mut self.procs[proc as usize];
                if let Some(r) = p.holder.as_mut() {
                    let left = GIL_SWITCH_NS - now.saturating_sub(run.since) as f64;
                    r.len = r.remaining.min(left.max(0.0));
                    // Re-key the run with its shortened length (begin_run keyed the full one).
                    p.gen = p.gen.wrapping_add(1);
                    self.heap.push(Reverse((Key(r.g_start + r.len), proc, p.gen)));
                }
                self.compact_if_needed();
            }
            Some(run) => {
                let p = &mut self.procs[proc as usize];
                let was_alone = p.waiters.is_empty();
                p.waiters.push_back((thread, work_ns as f64, now));
                if was_alone {
                    // The holder now has company: it keeps the GIL for at most one switch interval from here.
                    let done = self.g - run.g_start;
                    self.begin_run(proc, run.thread, (run.remaining - done).max(0.0), run.since);
                    self.compact_if_needed();
                }
            }
        }
    }

    /// Whether `thread`, starting a burst at `now`, takes back the GIL that just passed to `run`'s thread.
    fn keeps_on(&self, now: Nanos, thread: u32, run: &Run) -> bool {
        self.keeps_gil.get(thread as usize).copied().unwrap_or(false)
            && self.last_done == Some((thread, now))
            && run.thread != thread
            && run.g_start == self.g
            && (now.saturating_sub(run.since) as f64) < GIL_SWITCH_NS
    }

    fn clean_top(&mut self) -> Option<(f64, u32)> {
        while let Some(&Reverse((Key(k), proc, gen))) = self.heap.peek() {
            let p = &self.procs[proc as usize];
            if p.gen == gen && p.holder.is_some() {
                return Some((k, proc));
            }
            self.heap.pop();
        }
        None
    }

    /// When the next CPU event (a finished burst or a GIL switch) happens, if any thread is computing.
    pub fn next_event(&mut self) -> Option<Nanos> {
        let (key, _) = self.clean_top()?;
        let dt = ((key - self.g) / self.rate).max(0.0);
        // Round up to whole nanoseconds (without a libm call: this runs for every event). The cast saturates and
        // the sum too: a huge burst at a tiny share lands beyond the engine's horizon instead of wrapping around.
        let whole = dt as Nanos;
        Some(self.g_t.saturating_add(whole).saturating_add(u64::from((whole as f64) < dt)))
    }

    /// Handles the next CPU event at `now` (which must be `next_event()`).
    pub fn advance(&mut self, now: Nanos) -> Option<CpuEvent> {
        let (_, proc) = self.clean_top()?;
        // The top entry is this run's: remove it now rather than leave it to go stale.
        self.heap.pop();
        self.sync(now);
        let run = self.procs[proc as usize].holder.take()?;
        let left = run.remaining - run.len;
        let finished = left <= 0.5;
        if !finished {
            // Switch interval expired: to the back of the queue.
            self.procs[proc as usize].waiters.push_back((run.thread, left, now));
            self.gil_switches += 1;
        } else {
            self.thread_proc[run.thread as usize] = u32::MAX;
            self.last_done = Some((run.thread, now));
        }
        match self.procs[proc as usize].waiters.pop_front() {
            Some((next, rem, since)) => self.begin_run(proc, next, rem, since),
            None => {
                let p = &mut self.procs[proc as usize];
                p.gen = p.gen.wrapping_add(1);
                self.set_active(-1);
            }
        }
        Some(if finished { CpuEvent::Done(run.thread) } else { CpuEvent::GilSwitch(proc) })
    }

    /// Drops all CPU work of `proc` (the process died). Returns how many threads were computing.
    pub fn kill_process(&mut self, now: Nanos, proc: u32) -> u32 {
        if self.procs.len() <= proc as usize {
            return 0;
        }
        let n = self.threads_wanting(proc);
        if n == 0 {
            return 0;
        }
        self.sync(now);
        let p = &mut self.procs[proc as usize];
        if let Some(run) = p.holder.take() {
            self.thread_proc[run.thread as usize] = u32::MAX;
        }
        for (t, _, _) in p.waiters.drain(..) {
            self.thread_proc[t as usize] = u32::MAX;
        }
        p.gen = p.gen.wrapping_add(1);
        self.set_active(-1);
        self.compact_if_needed();
        n
    }

    /// CPU work `thread` still has to do at `now`, in ns, or None if it is not computing.
    pub fn remaining(&self, now: Nanos, thread: u32) -> Option<f64> {
        let proc = *self.thread_proc.get(thread as usize)?;
        let p = self.procs.get(proc as usize)?;
        let run = p.holder?;
        if run.thread == thread {
            let g_now = self.g + self.rate * now.saturating_sub(self.g_t) as f64;
            return Some((run.remaining - (g_now - run.g_start)).max(0.0));
        }
        p.waiters.iter().find(|w| w.0 == thread).map(|w| w.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the scheduler to completion and returns finish times by thread id.
    fn drain(cpu: &mut Cpu) -> Vec<(u32, Nanos)> {
        let mut out = Vec::new();
        while let Some(t) = cpu.next_event() {
            if let Some(CpuEvent::Done(th)) = cpu.advance(t) {
                out.push((th, t));
            }
        }
        out
    }

    #[test]
    fn one_thread_runs_at_full_speed() {
        let mut cpu = Cpu::new(2, 0.0);
        cpu.start(10, 0, 0, 1000);
        assert_eq!(drain(&mut cpu), vec![(0, 1010)]);
    }

    #[test]
    fn processes_share_cores() {
        // Three processes on two cores: each gets 2/3 of a core.
        let mut cpu = Cpu::new(2, 0.0);
        for p in 0..3 {
            cpu.start(0, p, p, 2000);
        }
        let done = drain(&mut cpu);
        assert!(done.iter().all(|&(_, t)| t == 3000), "{done:?}");
    }

    #[test]
    fn short_bursts_take_the_gil_in_turn() {
        // Two threads of one process on two cores: 1 ms bursts run one after the other, not side by side.
        let mut cpu = Cpu::new(2, 0.0);
        cpu.start(0, 0, 0, 1_000_000);
        cpu.start(0, 0, 1, 1_000_000);
        assert_eq!(drain(&mut cpu), vec![(0, 1_000_000), (1, 2_000_000)]);
    }

    #[test]
    fn long_bursts_round_robin_every_switch_interval() {
        // Two 12 ms bursts: A runs 5, B 5, A 5, B 5, A 2 (done at 22), B 2 (done at 24).
        let ms = 1_000_000;
        let mut cpu = Cpu::new(4, 0.0);
        cpu.start(0, 0, 0, 12 * ms);
        cpu.start(0, 0, 1, 12 * ms);
        assert_eq!(drain(&mut cpu), vec![(0, 22 * ms), (1, 24 * ms)]);
        assert_eq!(cpu.gil_switches(), 4);
    }

    #[test]
    fn shares_change_as_processes_come_and_go() {
        // One core; A needs 1000, B (arriving at 500) needs 200. Until 500 A runs alone; then both at 1/2:
        // B finishes at 900 (200 of work at half speed); A has 500 - 200 = 300 left and finishes at 1200.
        let mut cpu = Cpu::new(1, 0.0);
        cpu.start(0, 0, 0, 1000);
        assert_eq!(cpu.next_event(), Some(1000));
        cpu.start(500, 1, 1, 200);
        assert!((cpu.remaining(700, 0).unwrap() - 400.0).abs() < 1e-6);
        assert_eq!(drain(&mut cpu), vec![(1, 900), (0, 1200)]);
    }

    #[test]
    fn context_switches_cost_only_when_oversubscribed() {
        let cpu = Cpu::new(4, 5.0);
        assert_eq!(cpu.rate_for(4), 1.0);
        // Eight processes on four cores: two per core, 3 ms slices, 5 µs per switch.
        let r = cpu.rate_for(8);
        assert!((r - 0.5 * 3.0 / 3.005).abs() < 1e-12);
    }

    #[test]
    fn replaced_runs_do_not_pile_up() {
        // One long burst that gets company (and loses it) again and again: each time its run is replaced.
        let mut cpu = Cpu::new(1, 0.0);
        cpu.start(0, 0, 0, 1_000_000_000_000);
        let mut t = 0;
        for i in 0..10_000u32 {
            cpu.start(t, 0, 1 + i, 1_000);
            while let Some(next) = cpu.next_event() {
                t = next;
                if let Some(CpuEvent::Done(th)) = cpu.advance(t) {
                    if th == 1 + i {
                        break;
                    }
                }
            }
            assert!(cpu.heap_len() <= 69, "{} entries", cpu.heap_len());
        }
    }

    #[test]
    fn a_burst_beyond_the_clock_range_saturates() {
        let mut cpu = Cpu::new(1, 1000.0);
        for p in 0..300 {
            cpu.start(0, p, p, Nanos::MAX / 2);
        }
        assert_eq!(cpu.next_event(), Some(Nanos::MAX));
    }

    #[test]
    fn killing_a_process_frees_its_share() {
        let mut cpu = Cpu::new(1, 0.0);
        cpu.start(0, 0, 0, 1000);
        cpu.start(0, 1, 1, 1000);
        assert_eq!(cpu.kill_process(500, 1), 1);
        // Thread 0 had 250 done at 500 and now runs alone: 750 more.
        assert_eq!(drain(&mut cpu), vec![(0, 1250)]);
    }
}
