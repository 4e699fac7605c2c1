//! Building one side of a scenario: its configuration, processes, threads and the traffic's first events.

use super::*;
pub(super) const ARRIVAL_STREAM: u64 = 0xA11;
pub(super) const JITTER_STREAM: u64 = 0x1177;

impl Sim {
    /// Builds the simulation of `side` of a scenario. The scenario is validated first.
    pub fn new(sc: &Scenario, side: Side) -> Result<Sim, ScenarioError> {
        sc.validate()?;
        let mut sim = Sim::empty(sc, Cfg::base(sc, side));
        match side {
            Side::Asgi => {
                let a = sc
                    .asgi
                    .as_ref()
                    .ok_or_else(|| ScenarioError::new("asgi", "no `asgi` server in this scenario".into()))?;
                sim.build_asgi(a, sc.machine.cores);
            }
            Side::Wsgi => {
                let w = sc
                    .wsgi
                    .as_ref()
                    .ok_or_else(|| ScenarioError::new("wsgi", "no `wsgi` server in this scenario".into()))?;
                sim.build_wsgi(w, sc.seed);
            }
        }
        sim.build_rest(sc, side);
        sim.observe();
        Ok(sim)
    }

    /// A side with nothing built yet: no process, no thread, no event scheduled; the clock, the counters and
    /// the random streams at their start.
    fn empty(sc: &Scenario, cfg: Cfg) -> Sim {
        Sim {
            cfg,
            seed: sc.seed,
            now: 0,
            q: EventQueue::default(),
            cpu: Cpu::new(sc.machine.cores, sc.machine.context_switch_us),
            procs: Vec::new(),
            threads: Vec::new(),
            free_threads: Vec::new(),
            loops: Vec::new(),
            reqs: Vec::new(),
            free_reqs: Vec::new(),
            backlog: VecDeque::new(),
            idle_workers: BinaryHeap::new(),
            db: Db { size: sc.db.pool, in_use: 0, waiters: VecDeque::new() },
            celery_queue: VecDeque::new(),
            celery_idle: Vec::new(),
            celery_max: sc.celery.max_queued as usize,
            celery_rejected: 0,
            tasks: Vec::new(),
            free_tasks: Vec::new(),
            metrics: Metrics::new(s_to_ns(sc.warmup_s), sc.traffic.duration_s().map(s_to_ns)),
            arrival_rng: Xoshiro256PlusPlus::seed_from_u64(mix(sc.seed, ARRIVAL_STREAM)),
            traffic: sc.traffic.clone(),
            sent: 0,
            limit: sc.traffic.requests(),
            stop_at: sc.traffic.duration_s().map(s_to_ns),
            events: 0,
            in_flight: 0,
            ready_total: 0,
            coroutines: 0,
            alive_procs: 0,
            extra_threads: 0,
            thinking: 0,
            thread_wake: Vec::new(),
            loop_wake: Vec::new(),
            rr: 0,
            compact_at: bounds::MIN_COMPACT_AT,
            horizon_reached: false,
            window: (
                s_to_ns(sc.warmup_s),
                sc.traffic.duration_s().map_or(Nanos::MAX, s_to_ns).max(s_to_ns(sc.warmup_s)),
            ),
            waits: None,
            conns: if sc.traffic.keep_alive() {
                vec![NONE; sc.traffic.users.unwrap_or(0) as usize]
            } else {
                Vec::new()
            },
            accept_pending: false,
            load_gen: None,
        }
    }

    /// uvicorn: the loop program (Django's ASGI cycle around the view), one process and loop each.
    fn build_asgi(&mut self, a: &crate::AsgiConfig, cores: u32) {
        let cfg = &mut self.cfg;
        cfg.backlog = a.backlog as usize;
        cfg.restart_ns = s_to_ns(a.restart_s);
        if a.view.kind == ViewKind::Async {
            cfg.loop_prog = compile(&a.view.steps, Context::Loop, true).with_asgi_cycle(a.overhead_ms);
        } else {
            let mut lp = Program::default();
            lp.ops.push(crate::handler::Op::SyncView);
            lp.lines.push(crate::handler::NO_LINE);
            cfg.loop_prog = lp.with_asgi_cycle(a.overhead_ms);
            cfg.thread_prog = compile(&a.view.steps, Context::Thread, false);
        }
        if !a.tcp_nodelay {
            cfg.loop_prog = std::mem::take(&mut cfg.loop_prog).with_delayed_ack();
        }
        let cap = a.executor_threads.unwrap_or_else(|| (cores + 4).min(32));
        for l in 0..a.processes {
            let p = self.add_proc(ProcKind::Loop);
            let th = self.add_thread(p, Role::Loop(l));
            self.procs[p as usize].loop_idx = l;
            self.loops.push(Loop {
                proc: p,
                thread: th,
                current: None,
                blocked: false,
                ready: VecDeque::new(),
                exec_threads: 0,
                exec_idle: Vec::new(),
                exec_queue: VecDeque::new(),
                exec_cap: cap,
                woken: false,
            });
        }
    }

    /// gunicorn: the thread program (one overhead burst, then the view), the workers and their threads.
    fn build_wsgi(&mut self, w: &crate::WsgiConfig, seed: u64) {
        let cfg = &mut self.cfg;
        let async_view = w.view.kind == ViewKind::Async;
        cfg.thread_prog = compile(&w.view.steps, Context::Thread, async_view).with_overhead(w.overhead_ms);
        cfg.backlog = w.backlog as usize;
        // gunicorn runs the gthread worker when `threads` > 1, even with `worker_class = sync`.
        cfg.gthread = w.effective_worker_class() == WorkerClass::Gthread;
        // gunicorn's timeout watches the worker's heartbeat. A sync worker beats between requests, so a long
        // request kills it; a gthread worker beats from its main loop while threads work, so it does not.
        cfg.timeout_ns = if cfg.gthread { 0 } else { s_to_ns(w.timeout_s) };
        cfg.max_requests = w.max_requests;
        cfg.max_requests_jitter = w.max_requests_jitter;
        cfg.restart_ns = s_to_ns(w.restart_s);
        let gthread = cfg.gthread;
        let threads = if gthread { w.threads } else { 1 };
        let mut jitter_rng = Xoshiro256PlusPlus::seed_from_u64(mix(seed, JITTER_STREAM));
        for _ in 0..w.workers {
            let p = self.add_proc(ProcKind::Worker);
            self.procs[p as usize].max_served = self.draw_max_requests(&mut jitter_rng);
            for _ in 0..threads {
                let th = self.add_thread(p, Role::Worker);
                if gthread {
                    self.extra_threads += 1;
                }
                self.make_worker_idle(th);
            }
        }
    }

    /// Celery workers (if the view offloads), scheduled faults, the load generator and the first arrivals.
    fn build_rest(&mut self, sc: &Scenario, side: Side) {
        if self.cfg.loop_prog.offloads() || self.cfg.thread_prog.offloads() {
            for _ in 0..sc.celery.workers {
                let p = self.add_proc(ProcKind::Celery);
                let th = self.add_thread(p, Role::Celery);
                self.threads[th as usize].in_idle = true;
                self.celery_idle.push(th);
            }
        }
        for f in sc.faults.iter().filter(|f| f.side == side) {
            let proc = match side {
                Side::Asgi => self.loops[f.process as usize].proc,
                Side::Wsgi => f.process,
            };
            self.q.push(s_to_ns(f.at_s), Ev::Fault { proc });
        }
        if let Some(ms) = sc.traffic.client_cpu_ms.filter(|&ms| ms > 0.0) {
            self.add_load_gen(ms_to_ns(ms));
        }
        match sc.traffic.kind {
            TrafficKind::Closed => {
                for c in 0..sc.traffic.users.unwrap_or(1) {
                    self.q.push(0, Ev::Arrive { client: c });
                }
            }
            TrafficKind::Open => self.q.push(0, Ev::OpenArrival),
        }
    }

    pub(super) fn draw_max_requests(&self, rng: &mut Xoshiro256PlusPlus) -> u32 {
        use rand_xoshiro::rand_core::Rng;
        if self.cfg.max_requests == 0 {
            return 0;
        }
        let j = if self.cfg.max_requests_jitter > 0 {
            (rng.next_u64() % (self.cfg.max_requests_jitter as u64 + 1)) as u32
        } else {
            0
        };
        self.cfg.max_requests + j
    }

    pub(crate) fn add_proc(&mut self, kind: ProcKind) -> u32 {
        self.procs.push(Proc {
            kind,
            alive: true,
            draining: false,
            gen: 0,
            threads: Vec::new(),
            served: 0,
            max_served: 0,
            serial: 0,
            loop_idx: NONE,
            back_at: 0,
        });
        self.alive_procs += 1;
        (self.procs.len() - 1) as u32
    }

    pub(crate) fn add_thread(&mut self, proc: u32, role: Role) -> u32 {
        let t = Thread {
            proc,
            gen: 0,
            alive: true,
            role,
            job: Job::Idle,
            doing: Doing::Idle,
            after: After::Nothing,
            op_start: 0,
            op_len: 0,
            pending_query: 0,
            in_idle: false,
            calls: VecDeque::new(),
            owner: NONE,
            counted: true,
        };
        let id = if let Some(id) = self.free_threads.pop() {
            let gen = self.threads[id as usize].gen.wrapping_add(1);
            self.threads[id as usize] = Thread { gen, ..t };
            id
        } else {
            self.threads.push(t);
            (self.threads.len() - 1) as u32
        };
        if matches!(role, Role::Loop(_) | Role::Worker | Role::Celery) {
            self.procs[proc as usize].threads.push(id);
        }
        // An event loop runs its ready callbacks back to back without letting go of the GIL.
        self.cpu.set_keeps_gil(id, matches!(role, Role::Loop(_)));
        id
    }

    /// Frees a dynamic thread (thread-sensitive or executor thread).
    pub(crate) fn drop_thread(&mut self, th: u32) {
        let t = &mut self.threads[th as usize];
        if !t.alive {
            return;
        }
        t.alive = false;
        t.gen = t.gen.wrapping_add(1);
        t.job = Job::Idle;
        t.doing = Doing::Idle;
        t.calls.clear();
        if t.counted {
            self.extra_threads -= 1;
        }
        self.free_threads.push(th);
    }
}

impl Cfg {
    /// The configuration shared by both sides (traffic and memory), with the server's own fields at neutral
    /// values that `build_asgi` or `build_wsgi` then set.
    fn base(sc: &Scenario, side: Side) -> Cfg {
        let mb = 1_048_576.0;
        Cfg {
            side,
            loop_prog: Program::default(),
            thread_prog: Program::default(),
            backlog: 2048,
            timeout_ns: 0,
            max_requests: 0,
            max_requests_jitter: 0,
            restart_ns: NS_PER_S,
            gthread: false,
            keep_alive: sc.traffic.keep_alive(),
            process_bytes: sc.memory.process_mb * mb,
            thread_bytes: sc.memory.thread_stack_kb * 1024.0,
            coroutine_bytes: sc.memory.coroutine_kb * 1024.0,
        }
    }
}
