//! Validation: every range and rule of the format, each rejection naming its field and the allowed range.

use super::{limits, Scenario, ScenarioError, Side, TrafficKind, View};
use crate::handler::MAX_STEPS;

pub(crate) fn check_u32(field: &str, v: u32, (lo, hi): (u32, u32)) -> Result<(), ScenarioError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ScenarioError::range(field, "", lo as f64, hi as f64, v as f64))
    }
}

pub(crate) fn check_f64(field: &str, unit: &str, v: f64, (lo, hi): (f64, f64)) -> Result<(), ScenarioError> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ScenarioError::range(field, unit, lo, hi, v))
    }
}

fn check_view(field: &str, view: &View) -> Result<(), ScenarioError> {
    if view.steps.len() > MAX_STEPS {
        return Err(ScenarioError::new(
            &format!("{field}.steps"),
            format!("at most {MAX_STEPS} steps (got {})", view.steps.len()),
        ));
    }
    for (i, s) in view.steps.iter().enumerate() {
        s.validate(&format!("{field}.steps[{i}]"))?;
    }
    Ok(())
}

impl Scenario {
    /// Checks every range and rule. Returns the first problem found.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.validate_traffic()?;
        self.validate_machine()?;
        self.validate_servers()?;
        self.validate_resources()?;
        self.validate_faults()
    }

    /// The traffic: the fields of its kind (and none of the other's), a request or time limit, the warm-up.
    fn validate_traffic(&self) -> Result<(), ScenarioError> {
        match self.traffic.kind {
            TrafficKind::Closed => self.validate_closed(),
            TrafficKind::Open => self.validate_open(),
        }?;
        self.validate_limits()
    }

    /// Closed traffic: its users, their think time, and no open-loop rate.
    fn validate_closed(&self) -> Result<(), ScenarioError> {
        let t = &self.traffic;
        match t.users {
            Some(u) => check_u32("traffic.users", u, limits::USERS)?,
            None => return Err(ScenarioError::new("traffic.users", "closed traffic needs `users`".into())),
        }
        t.think().validate("traffic.think", crate::handler::MAX_STEP_MS)?;
        if t.rate_per_s.is_some() {
            return Err(ScenarioError::new("traffic.rate_per_s", "applies only to `open` traffic".into()));
        }
        Ok(())
    }

    /// Open traffic: its rate, and neither users nor think time.
    fn validate_open(&self) -> Result<(), ScenarioError> {
        let t = &self.traffic;
        match t.rate_per_s {
            Some(r) => check_f64("traffic.rate_per_s", "req/s", r, limits::RATE_PER_S)?,
            None => return Err(ScenarioError::new("traffic.rate_per_s", "open traffic needs `rate_per_s`".into())),
        }
        if t.users.is_some() || t.think.is_some() {
            let f = if t.users.is_some() { "traffic.users" } else { "traffic.think" };
            return Err(ScenarioError::new(f, "applies only to `closed` traffic".into()));
        }
        Ok(())
    }

    /// When sending stops (`requests`, `duration_s` or both), and a warm-up that ends before it does.
    fn validate_limits(&self) -> Result<(), ScenarioError> {
        use limits::{DURATION_S, REQUESTS};
        let (r, d) = (self.traffic.requests(), self.traffic.duration_s());
        if r.is_none() && d.is_none() {
            return Err(ScenarioError::new("traffic", "give `requests`, `duration_s` or both".into()));
        }
        if let Some(r) = r {
            if !(REQUESTS.0..=REQUESTS.1).contains(&r) {
                return Err(ScenarioError::range(
                    "traffic.requests",
                    "",
                    REQUESTS.0 as f64,
                    REQUESTS.1 as f64,
                    r as f64,
                ));
            }
        }
        if let Some(d) = d {
            check_f64("traffic.duration_s", "s", d, DURATION_S)?;
        }
        check_f64("warmup_s", "s", self.warmup_s, (0.0, DURATION_S.1))?;
        if let Some(d) = d {
            if self.warmup_s >= d {
                return Err(ScenarioError::new(
                    "warmup_s",
                    format!(
                        "must be less than `traffic.duration_s` ({d} s), or nothing is measured: every figure would \
                         be zero (got {})",
                        self.warmup_s
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The machine: its cores and the cost of a context switch.
    fn validate_machine(&self) -> Result<(), ScenarioError> {
        check_u32("machine.cores", self.machine.cores, limits::CORES)?;
        check_f64("machine.context_switch_us", "µs", self.machine.context_switch_us, (0.0, 1000.0))
    }

    /// The servers: at least one, and every field and view step of each.
    fn validate_servers(&self) -> Result<(), ScenarioError> {
        use limits::*;
        if self.asgi.is_none() && self.wsgi.is_none() {
            return Err(ScenarioError::new("asgi", "give at least one server: `asgi`, `wsgi` or both".into()));
        }
        if let Some(a) = &self.asgi {
            check_u32("asgi.processes", a.processes, PROCESSES)?;
            check_f64("asgi.overhead_ms", "ms", a.overhead_ms, OVERHEAD_MS)?;
            check_u32("asgi.backlog", a.backlog, BACKLOG)?;
            if let Some(t) = a.executor_threads {
                check_u32("asgi.executor_threads", t, EXECUTOR_THREADS)?;
            }
            check_f64("asgi.restart_s", "s", a.restart_s, (0.0, 600.0))?;
            check_view("asgi.view", &a.view)?;
        }
        if let Some(w) = &self.wsgi {
            check_u32("wsgi.workers", w.workers, WORKERS)?;
            check_u32("wsgi.threads", w.threads, THREADS)?;
            check_f64("wsgi.overhead_ms", "ms", w.overhead_ms, OVERHEAD_MS)?;
            check_u32("wsgi.backlog", w.backlog, BACKLOG)?;
            check_f64("wsgi.timeout_s", "s", w.timeout_s, (0.0, 86_400.0))?;
            check_u32("wsgi.max_requests", w.max_requests, (0, 10_000_000))?;
            check_u32("wsgi.max_requests_jitter", w.max_requests_jitter, (0, 10_000_000))?;
            check_f64("wsgi.restart_s", "s", w.restart_s, (0.0, 600.0))?;
            check_view("wsgi.view", &w.view)?;
        }
        Ok(())
    }

    /// What the servers share: the DB pool, the Celery pool and the memory accounting.
    fn validate_resources(&self) -> Result<(), ScenarioError> {
        use limits::*;
        if let Some(p) = self.db.pool {
            check_u32("db.pool", p, DB_POOL)?;
        }
        check_u32("celery.workers", self.celery.workers, CELERY_WORKERS)?;
        check_u32("celery.max_queued", self.celery.max_queued, CELERY_MAX_QUEUED)?;
        check_f64("memory.process_mb", "MB", self.memory.process_mb, (0.0, 100_000.0))?;
        check_f64("memory.thread_stack_kb", "KB", self.memory.thread_stack_kb, (0.0, 1_048_576.0))?;
        check_f64("memory.coroutine_kb", "KB", self.memory.coroutine_kb, (0.0, 1_048_576.0))
    }

    /// Injected crashes: a time within range, on a side the scenario has, of a process that side has.
    fn validate_faults(&self) -> Result<(), ScenarioError> {
        for (i, f) in self.faults.iter().enumerate() {
            check_f64(&format!("faults[{i}].at_s"), "s", f.at_s, (0.0, limits::DURATION_S.1))?;
            let n = match f.side {
                Side::Asgi => self.asgi.as_ref().map(|a| a.processes),
                Side::Wsgi => self.wsgi.as_ref().map(|w| w.workers),
            };
            match n {
                None => {
                    return Err(ScenarioError::new(
                        &format!("faults[{i}].side"),
                        format!("the scenario has no `{}` server", f.side.name()),
                    ))
                }
                Some(n) if f.process >= n => {
                    return Err(ScenarioError::range(
                        &format!("faults[{i}].process"),
                        "",
                        0.0,
                        (n - 1) as f64,
                        f.process as f64,
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }
}
