//! Queueing-theory formulas the engine is checked against, and the capacity bounds the charts draw.
//!
//! Notation: λ arrival rate, μ service rate of one server (1 / mean service time), c servers, ρ = λ / (cμ).
//! All times are in the unit of 1/λ and 1/μ (the caller picks seconds or milliseconds).

/// Erlang C: the probability that an arrival waits in an M/M/c queue. `a = λ/μ` is the offered load in
/// Erlangs (< c). Computed with the stable Erlang-B recursion.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let rho = a / c as f64;
    b / (1.0 - rho + rho * b)
}

/// Mean wait in queue (before service) of M/M/c.
pub fn mmc_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (c as f64 * mu - lambda)
}

/// Mean response time (wait + service) of M/M/c.
pub fn mmc_response(c: u32, lambda: f64, mu: f64) -> f64 {
    mmc_wait(c, lambda, mu) + 1.0 / mu
}

/// Pollaczek–Khinchine mean wait of M/G/1 with service mean `s` and squared coefficient of variation `cs2`
/// (0 for deterministic service: M/D/1).
pub fn mg1_wait(lambda: f64, s: f64, cs2: f64) -> f64 {
    let rho = lambda * s;
    rho * s * (1.0 + cs2) / (2.0 * (1.0 - rho))
}

/// Mean response time of M/G/1 under processor sharing: `1 / (μ − λ)`, insensitive to the service distribution.
pub fn mg1_ps_response(lambda: f64, mu: f64) -> f64 {
    1.0 / (mu - lambda)
}

/// Response-time law of a closed system: N users, throughput X, think time Z → R = N/X − Z.
pub fn closed_response(users: f64, throughput: f64, think: f64) -> f64 {
    users / throughput - think
}

/// Utilisation bound (Little's law applied to a pool): c servers each held `hold` per request allow at most
/// `c / hold` requests per unit time.
pub fn capacity(servers: f64, hold: f64) -> f64 {
    if hold <= 0.0 {
        f64::INFINITY
    } else {
        servers / hold
    }
}

/// What one request asks of the server, from the view's mean durations (seconds).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Demand {
    /// CPU per request, the framework's overhead included.
    pub cpu_s: f64,
    /// How long a request holds the event loop (its CPU and every blocking call made on the loop).
    pub loop_s: f64,
    /// How long a request holds its worker thread (sync code: everything).
    pub hold_s: f64,
    /// Response time with no contention at all.
    pub min_response_s: f64,
    /// How long a request holds a DB connection.
    pub db_s: f64,
    /// Time per request on the loop's shared executor (`thread_sensitive=False`).
    pub executor_s: f64,
}

fn step_demand(s: &crate::Step, on_loop: bool, d: &mut Demand) -> f64 {
    use crate::Step;
    let ms = |x: &crate::Dist| x.mean_ms() / 1000.0;
    match s {
        Step::Cpu(x) => {
            d.cpu_s += ms(x);
            if on_loop {
                d.loop_s += ms(x);
            }
            ms(x)
        }
        Step::AwaitIo(x) => ms(x),
        Step::BlockingIo(x) => {
            if on_loop {
                d.loop_s += ms(x);
            }
            ms(x)
        }
        Step::Db(x) => {
            d.db_s += ms(x);
            if on_loop {
                d.loop_s += ms(x);
            }
            ms(x)
        }
        Step::Offload(_) => {
            let publish = crate::handler::BROKER_PUBLISH_MS / 1000.0;
            if on_loop {
                d.loop_s += publish;
            }
            publish
        }
        Step::SyncToAsync { step, thread_sensitive } => {
            let t = step_demand(step, false, d);
            if !thread_sensitive {
                d.executor_s += t;
            }
            t
        }
        Step::Gather(children) => {
            if on_loop {
                // Children run concurrently; those that need the loop take turns on it.
                children.iter().map(|c| step_demand(c, true, d)).fold(0.0, f64::max)
            } else {
                children.iter().map(|c| step_demand(c, false, d)).sum()
            }
        }
    }
}

/// The demand of a view served on an event loop (`on_loop`, an async view under ASGI) or by a thread.
pub fn demand(view: &crate::View, overhead_ms: f64, on_loop: bool) -> Demand {
    let mut d = Demand::default();
    let overhead = overhead_ms / 1000.0;
    d.cpu_s = overhead;
    if on_loop {
        // Django's ASGI cycle runs part of it on the request's thread (`handler::ASGI_BEFORE`/`ASGI_AFTER`).
        d.loop_s = overhead * crate::handler::asgi_loop_share();
    }
    let mut response = overhead;
    for s in &view.steps {
        response += step_demand(s, on_loop, &mut d);
    }
    d.min_response_s = response;
    d.hold_s = if on_loop { d.loop_s } else { response };
    d
}

/// A capacity bound: no server can answer more than `per_s` requests per second, because of `key`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// What binds: `workers`, `cores`, `loop`, `users`, `db`, `executor`.
    pub key: &'static str,
    /// Requests per second.
    pub per_s: f64,
}

/// Little's-law capacity bounds of one side of a scenario (utilisation ≤ 1 of each resource, and the users).
pub fn bounds(sc: &crate::Scenario, side: crate::Side) -> Vec<Bound> {
    use crate::{Side, TrafficKind, ViewKind, WorkerClass};
    let cores = sc.machine.cores as f64;
    let mut out = Vec::new();
    let (d, processes) = match side {
        Side::Asgi => {
            let Some(a) = &sc.asgi else { return out };
            let on_loop = a.view.kind == ViewKind::Async;
            let d = demand(&a.view, a.overhead_ms, on_loop);
            let p = a.processes as f64;
            // Each loop serialises its coroutines' CPU and blocking calls: X ≤ P / loop time.
            out.push(Bound {
                key: "loop",
                per_s: capacity(
                    p,
                    if on_loop { d.loop_s } else { a.overhead_ms / 1000.0 * crate::handler::asgi_loop_share() },
                ),
            });
            let exec = a.executor_threads.unwrap_or((sc.machine.cores + 4).min(32)) as f64;
            if d.executor_s > 0.0 {
                out.push(Bound { key: "executor", per_s: capacity(p * exec, d.executor_s) });
            }
            (d, p)
        }
        Side::Wsgi => {
            let Some(w) = &sc.wsgi else { return out };
            let d = demand(&w.view, w.overhead_ms, false);
            let threads = if w.worker_class == WorkerClass::Gthread { w.threads } else { 1 } as f64;
            let wk = w.workers as f64;
            // Each worker thread is held for the whole request: X ≤ W·T / hold time.
            out.push(Bound { key: "workers", per_s: capacity(wk * threads, d.hold_s) });
            (d, wk)
        }
    };
    // CPU: one GIL per process and C cores: X ≤ min(C, processes) / CPU per request.
    out.push(Bound { key: "cores", per_s: capacity(cores.min(processes), d.cpu_s) });
    if let Some(pool) = sc.db.pool {
        if d.db_s > 0.0 {
            out.push(Bound { key: "db", per_s: capacity(pool as f64, d.db_s) });
        }
    }
    if sc.traffic.kind == TrafficKind::Closed {
        let n = sc.traffic.users.unwrap_or(1) as f64;
        let z = sc.traffic.think().mean_ms() / 1000.0;
        out.push(Bound { key: "users", per_s: capacity(n, d.min_response_s + z) });
    }
    out
}

/// The tightest bound.
pub fn max_throughput(bounds: &[Bound]) -> f64 {
    bounds.iter().map(|b| b.per_s).fold(f64::INFINITY, f64::min)
}

/// What theory says about one scenario on one side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Predicted {
    /// The tightest capacity bound, requests/s.
    pub max_per_s: f64,
    /// The response-time floor, ms: the bare service time, or for closed traffic the response-time law's
    /// R = N / X − Z ≥ N / X_max − Z. `None` when the side is absent.
    pub floor_ms: Option<f64>,
    /// The M/M/c mean response, ms: a worker pool under Poisson arrivals (as if service times were
    /// exponential). `None` elsewhere, or when the pool cannot keep up.
    pub mmc_ms: Option<f64>,
}

/// Theory for `sc` on `side`.
pub fn predict(sc: &crate::Scenario, side: crate::Side) -> Predicted {
    use crate::{Side, TrafficKind};
    let max_per_s = max_throughput(&bounds(sc, side));
    let d = match side {
        Side::Asgi => sc.asgi.as_ref().map(|a| demand(&a.view, a.overhead_ms, a.view.kind == crate::ViewKind::Async)),
        Side::Wsgi => sc.wsgi.as_ref().map(|w| demand(&w.view, w.overhead_ms, false)),
    };
    let Some(d) = d else { return Predicted { max_per_s, floor_ms: None, mmc_ms: None } };
    let r0 = d.min_response_s * 1000.0;
    let floor_ms = Some(match sc.traffic.kind {
        TrafficKind::Closed => {
            let n = sc.traffic.users.unwrap_or(1) as f64;
            r0.max((n / max_per_s - sc.traffic.think().mean_ms() / 1000.0) * 1000.0)
        }
        TrafficKind::Open => r0,
    });
    let mut mmc_ms = None;
    if let (Side::Wsgi, TrafficKind::Open, Some(w)) = (side, sc.traffic.kind, sc.wsgi.as_ref()) {
        let lambda = sc.traffic.rate_per_s.unwrap_or(0.0);
        let c = w.workers * if w.worker_class == crate::WorkerClass::Gthread { w.threads } else { 1 };
        let mu = 1.0 / d.hold_s.max(1e-9);
        if lambda < c as f64 * mu {
            mmc_ms = Some((mmc_wait(c, lambda, mu) + d.hold_s) * 1000.0);
        }
    }
    Predicted { max_per_s, floor_ms, mmc_ms }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_the_posts_io_benchmark() {
        let p = crate::presets::get("post-benchmark-io").unwrap();
        // 100 sync workers each held ≥ 300 ms: at most ≈ 333 requests per second.
        let w = bounds(&p.scenario, crate::Side::Wsgi);
        let workers = w.iter().find(|b| b.key == "workers").unwrap().per_s;
        let wsgi_overhead_s = p.scenario.wsgi.as_ref().unwrap().overhead_ms / 1000.0;
        assert!((workers - 100.0 / (0.3 + wsgi_overhead_s)).abs() < 1e-6, "{workers}");
        assert!(workers < 333.4, "{workers}");
        // One process: the loop runs its share of the ASGI overhead, but the GIL serialises all of it (loop and
        // the request's thread): at most 1 / overhead per second.
        let a = bounds(&p.scenario, crate::Side::Asgi);
        let overhead_s = p.scenario.asgi.as_ref().unwrap().overhead_ms / 1000.0;
        let loop_bound = a.iter().find(|b| b.key == "loop").unwrap().per_s;
        assert!((loop_bound - 1.0 / (overhead_s * crate::handler::asgi_loop_share())).abs() < 1e-6, "{loop_bound}");
        assert!((max_throughput(&a) - 1.0 / overhead_s).abs() < 1e-6, "{}", max_throughput(&a));
    }

    #[test]
    fn simulation_stays_under_every_bound() {
        for p in crate::presets::all().unwrap() {
            for side in p.scenario.sides() {
                let b = max_throughput(&bounds(&p.scenario, side));
                let s = crate::Sim::new(&p.scenario, side).unwrap().run();
                // The bounds hold for the mean durations; a run of n requests with random durations (largest
                // coefficient of variation cv) has a sample mean within 3 standard errors, 3·cv/√n, of it.
                let view = match side {
                    crate::Side::Asgi => &p.scenario.asgi.as_ref().unwrap().view,
                    crate::Side::Wsgi => &p.scenario.wsgi.as_ref().unwrap().view,
                };
                let cv = view.steps.iter().map(crate::handler::Step::max_cv).fold(0.0, f64::max);
                let margin = 0.02 + 3.0 * cv / (s.completed.max(1) as f64).sqrt();
                assert!(s.throughput_per_s <= b * (1.0 + margin), "{} {side:?}: {} > {b}", p.key, s.throughput_per_s);
            }
        }
    }

    #[test]
    fn predictions_for_a_worker_pool_under_poisson_traffic() {
        let mut sc = crate::presets::get("workers-idle-during-io").unwrap().scenario;
        sc.traffic.kind = crate::TrafficKind::Open;
        sc.traffic.rate_per_s = Some(40.0);
        let p = predict(&sc, crate::Side::Wsgi);
        // 8 workers each held ≈ 100.4 ms: ≈ 80/s; at 40/s the M/M/8 response is a little above the service time.
        assert!((p.max_per_s - 8.0 / 0.1004).abs() < 0.5, "{p:?}");
        let mmc = p.mmc_ms.unwrap();
        assert!(mmc > 100.4 && mmc < 110.0, "{p:?}");
        assert!(predict(&sc, crate::Side::Asgi).mmc_ms.is_none());
    }

    #[test]
    fn erlang_c_known_values() {
        // c = 1 reduces to ρ.
        assert!((erlang_c(1, 0.7) - 0.7).abs() < 1e-12);
        // A textbook value: c = 2, a = 1 → 1/3.
        assert!((erlang_c(2, 1.0) - 1.0 / 3.0).abs() < 1e-12);
        // M/M/1 wait = ρ/(μ−λ).
        assert!((mmc_wait(1, 0.5, 1.0) - 1.0).abs() < 1e-12);
        // M/D/1 wait is half of M/M/1's.
        assert!((mg1_wait(0.5, 1.0, 0.0) - 0.5).abs() < 1e-12);
        assert!((mg1_ps_response(0.5, 1.0) - 2.0).abs() < 1e-12);
        assert_eq!(capacity(100.0, 0.3).round(), 333.0);
    }
}
