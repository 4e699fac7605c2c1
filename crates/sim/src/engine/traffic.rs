//! Traffic and request bookkeeping: arrivals (closed, open, by hand), admission to a server, the end of a request
//! and the closed-loop user's next one.

use super::*;
impl Sim {
    pub(crate) fn may_send(&self) -> bool {
        self.limit.is_none_or(|n| self.sent < n) && self.stop_at.is_none_or(|t| self.now < t)
    }

    pub(super) fn arrive(&mut self, client: u32) {
        if !self.may_send() {
            return;
        }
        let id = self.sent;
        self.sent += 1;
        self.admit(client, id);
    }

    /// Sends one extra request now, outside the scenario's traffic (a reader clicking the stage). Its id is
    /// `EXTRA_ID_BASE + n`, the same on both sides, so it draws the same durations and can be followed on both.
    /// Returns the id, or `None` once the run has stopped sending.
    pub fn send_extra(&mut self, n: u64) -> Option<u64> {
        if !self.may_send() {
            return None;
        }
        let id = EXTRA_ID_BASE + n;
        self.admit(NONE, id);
        self.drain_work();
        self.observe();
        Some(id)
    }

    /// A new request `id` from `client` (NONE: an open-loop or extra request) knocks at the door.
    fn admit(&mut self, client: u32, id: u64) {
        let slot = self.alloc_req(id, client);
        self.in_flight += 1;
        if self.in_flight > MAX_IN_FLIGHT {
            self.end_request(slot, Outcome::Refused);
            return;
        }
        match self.cfg.side {
            Side::Wsgi => {
                if let Some(th) = self.pop_idle_worker() {
                    self.start_request_on_worker(th, slot);
                } else if self.backlog.len() < self.cfg.backlog {
                    self.backlog.push_back((slot, self.now));
                } else {
                    self.end_request(slot, Outcome::Refused);
                }
            }
            Side::Asgi => {
                if let Some(l) = self.kept_loop(client) {
                    self.arrive_on_loop(l, slot);
                    return;
                }
                if self.backlog.len() >= self.cfg.backlog {
                    self.end_request(slot, Outcome::Refused);
                    return;
                }
                self.backlog.push_back((slot, self.now));
                self.knock();
            }
        }
    }

    fn alloc_req(&mut self, id: u64, client: u32) -> u32 {
        let rng = SplitMix64::seed_from_u64(mix(self.seed, id.wrapping_add(1 << 40)));
        let r = Req {
            id,
            gen: 0,
            live: true,
            client,
            arrived: self.now,
            pc: 0,
            tpc: 0,
            outstanding: 0,
            gather_start: 0,
            phase: Phase::Queued,
            phase_since: self.now,
            split: [0; 4],
            rng,
            loop_idx: NONE,
            thread: NONE,
            ts_thread: NONE,
            loc: Loc::Backlog,
            op_start: self.now,
            op_len: 0,
            failed: false,
        };
        if let Some(slot) = self.free_reqs.pop() {
            let gen = self.reqs[slot as usize].gen.wrapping_add(1);
            self.reqs[slot as usize] = Req { gen, ..r };
            slot
        } else {
            self.reqs.push(r);
            (self.reqs.len() - 1) as u32
        }
    }

    pub(crate) fn set_phase(&mut self, slot: u32, phase: Phase) {
        let now = self.now;
        let r = &mut self.reqs[slot as usize];
        if r.phase != phase {
            r.split[r.phase as usize] += now - r.phase_since;
            r.phase = phase;
            r.phase_since = now;
        }
    }

    pub(crate) fn set_op(&mut self, slot: u32, len: Nanos) {
        let now = self.now;
        let r = &mut self.reqs[slot as usize];
        r.op_start = now;
        r.op_len = len;
    }

    /// Ends a request: records it, frees its slot, and lets a closed-loop client think and send again.
    pub(crate) fn end_request(&mut self, slot: u32, outcome: Outcome) {
        let now = self.now;
        let (client, arrived, split, ts_thread, was_accepted, loc) = {
            let r = &mut self.reqs[slot as usize];
            r.split[r.phase as usize] += now - r.phase_since;
            r.phase_since = now;
            (r.client, r.arrived, r.split, r.ts_thread, r.loop_idx != NONE, r.loc)
        };
        let outcome = if self.reqs[slot as usize].failed || self.waits.is_some() {
            self.end_extras(slot, outcome, now, split[0])
        } else {
            outcome
        };
        self.metrics.record_end(now, arrived, outcome, &split);
        self.load_gen_handle();
        if outcome != Outcome::Completed {
            self.metrics.recent.drop_request(crate::window::Drop { at_ns: now, outcome, loc });
        }
        self.in_flight -= 1;
        if was_accepted && self.cfg.side == Side::Asgi {
            self.coroutines -= 1;
        }
        if ts_thread != NONE {
            self.drop_thread(ts_thread);
        }
        if client != NONE && self.traffic.kind == TrafficKind::Closed {
            let think = self.traffic.think();
            let r = &mut self.reqs[slot as usize];
            let mut wait = think.sample_ns(&mut r.rng);
            if outcome == Outcome::Refused {
                wait += REFUSED_RETRY_NS;
            }
            if self.may_send() {
                self.thinking += 1;
                self.q.push(now + wait, Ev::Arrive { client });
            }
        }
        let r = &mut self.reqs[slot as usize];
        r.live = false;
        r.gen = r.gen.wrapping_add(1);
        self.free_reqs.push(slot);
    }
}
