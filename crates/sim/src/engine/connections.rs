//! Connections, and the load generator's own CPU.
//!
//! **Keep-alive.** A closed-loop user owns a connection. With keep-alive (`traffic.keep_alive`, the default:
//! wrk, browsers, HTTP client libraries) it stays open, so every later request of that user goes straight to
//! the process that accepted it — its event loop reads the next request on the socket it already watches —
//! and never through the shared listen backlog again. Without it (`ab` without `-k`), and for open-loop
//! traffic, each request is a new connection. gunicorn's sync workers close the connection after every
//! response, so there every request is a new connection whatever the client does (see `admit`).
//!
//! **The accept race.** Connections that arrive together wait in the backlog while the kernel wakes the idle
//! event loops (one per core can run at once). The first loop to run accepts up to `ACCEPT_BATCH` queued
//! connections in one go (asyncio's accept loop), so a burst of 50 keep-alive users lands on one uvicorn
//! process and stays there, while 200 fill two batches of 100: throughput does not scale with processes the
//! way per-request balancing would.
//!
//! **The load generator.** A benchmark client running on the same machine (`traffic.client_cpu_ms`: wrk or
//! ab on the server's cores) spends CPU on every response. It takes cores from the server, but it does not
//! hold its users back: Linux runs a thread that wakes after sleeping ahead of ones that have been computing,
//! so the client's short bursts barely wait. Its work is therefore a CPU load on one thread, and each user
//! sends again at once.

use super::{Ev, Loc, ProcKind, Role, Sim, Task, MAIN, NONE};
use crate::metrics::Phase;
use crate::time::Nanos;

/// The load generator: one thread and the responses it still has to handle.
pub(crate) struct LoadGen {
    pub thread: u32,
    pub cpu_ns: Nanos,
    /// Responses waiting to be handled (the one being handled included).
    pub pending: u64,
}

impl Sim {
    /// Adds the load generator's process and thread (not counted as the server's memory).
    pub(crate) fn add_load_gen(&mut self, cpu_ns: Nanos) {
        let p = self.add_proc(ProcKind::Client);
        self.alive_procs -= 1;
        let thread = self.add_thread(p, Role::Client);
        self.load_gen = Some(Box::new(LoadGen { thread, cpu_ns, pending: 0 }));
    }

    /// A response reached the load generator: it handles it when it has handled the earlier ones.
    pub(crate) fn load_gen_handle(&mut self) {
        let now = self.now;
        let Some(g) = self.load_gen.as_mut() else { return };
        g.pending += 1;
        if g.pending == 1 {
            let (th, w) = (g.thread, g.cpu_ns);
            let proc = self.threads[th as usize].proc;
            self.cpu.start(now, proc, th, w);
        }
    }

    /// The load generator handled a response.
    pub(crate) fn load_gen_done(&mut self) {
        let now = self.now;
        let Some(g) = self.load_gen.as_mut() else { return };
        g.pending -= 1;
        if g.pending > 0 {
            let (th, w) = (g.thread, g.cpu_ns);
            let proc = self.threads[th as usize].proc;
            self.cpu.start(now, proc, th, w);
        }
    }

    /// The loop holding `client`'s open connection, if it keeps one and its process is alive.
    pub(crate) fn kept_loop(&self, client: u32) -> Option<u32> {
        let proc = *self.conns.get(client as usize)?;
        if proc == NONE || !self.procs[proc as usize].alive {
            return None;
        }
        Some(self.procs[proc as usize].loop_idx)
    }

    /// The request in `slot` arrives on an open connection of loop `l`: the loop reads it when it next polls.
    pub(crate) fn arrive_on_loop(&mut self, l: u32, slot: u32) {
        self.take_on_loop(l, slot);
        self.wake_loop(l);
    }

    /// Loop `l` takes the request in `slot` (accepted, or read on a kept connection): it queues as a coroutine.
    pub(crate) fn take_on_loop(&mut self, l: u32, slot: u32) {
        let now = self.now;
        self.coroutines += 1;
        let r = &mut self.reqs[slot as usize];
        r.loop_idx = l;
        r.loc = Loc::Ready(l);
        let client = r.client;
        if self.cfg.keep_alive && client != NONE {
            if let Some(c) = self.conns.get_mut(client as usize) {
                *c = self.loops[l as usize].proc;
            }
        }
        self.loops[l as usize].ready.push_back((Task { slot, child: MAIN }, now));
        self.ready_total += 1;
        self.set_phase(slot, Phase::Blocked);
    }

    /// A connection joined the backlog: unless a wake-up is already on its way, the kernel wakes idle loops
    /// once the connections arriving at this instant have all queued.
    pub(crate) fn knock(&mut self) {
        if !self.accept_pending {
            self.accept_pending = true;
            self.q.push(self.now, Ev::AcceptWake);
        }
    }

    /// The kernel wakes idle loops, at most one per core, round robin; each accepts a batch when it runs.
    pub(crate) fn accept_wake(&mut self) {
        self.accept_pending = false;
        let n = self.loops.len() as u32;
        let base = self.rr;
        let mut woken = 0;
        for i in 0..n {
            if woken >= self.cpu.cores() || self.backlog.is_empty() {
                break;
            }
            let l = (base + i) % n;
            let lp = &self.loops[l as usize];
            if lp.current.is_none() && lp.ready.is_empty() && !lp.blocked && self.procs[lp.proc as usize].alive {
                self.rr = (l + 1) % n;
                self.wake_loop(l);
                woken += 1;
            }
        }
    }

    /// The connections `proc` held are gone with it.
    pub(crate) fn drop_conns(&mut self, proc: u32) {
        for c in self.conns.iter_mut().filter(|c| **c == proc) {
            *c = NONE;
        }
    }
}
