//! What a run measured: counts, latency histograms, the per-request time split, and bounded time series.
//!
//! Memory stays bounded however long a run lasts: histograms have fixed bounds, and the time series keeps at
//! most `SERIES_BUCKETS` buckets, merging neighbours and doubling the bucket width when it fills.

use crate::time::{Nanos, NS_PER_MS, NS_PER_S, NS_PER_US};
use hdrhistogram::Histogram;
use serde::Serialize;

/// Where a request's time went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Waiting to be accepted: the listen backlog, or no free worker.
    Queued = 0,
    /// Computing (including the slowdown from sharing cores and the GIL).
    Cpu = 1,
    /// Waiting on its own I/O.
    Io = 2,
    /// Ready but held up by others: the loop busy with other requests, the executor, the DB pool.
    Blocked = 3,
}

pub use crate::request::Outcome;

/// Number of buckets a time series keeps.
pub const SERIES_BUCKETS: usize = 240;
/// Width of a bucket when a run starts.
pub const INITIAL_BUCKET_NS: Nanos = 50 * NS_PER_MS;

/// Gauges sampled over time (their time integrals are kept per bucket).
#[derive(Clone, Copy, Debug, Default)]
pub struct Gauges {
    /// Requests that arrived and have not ended.
    pub in_flight: u32,
    /// Requests waiting for service: backlog, event-loop ready queues.
    pub queue_depth: u32,
    /// Cores doing useful work.
    pub busy_cores: f64,
    /// Memory in bytes.
    pub memory_bytes: f64,
}

/// One bucket of the time series.
#[derive(Clone)]
pub struct Bucket {
    /// Requests answered in this bucket.
    pub completed: u32,
    /// Requests that ended badly in this bucket (refused, timed out, failed).
    pub errors: u32,
    /// Worker or process restarts that began in this bucket.
    pub restarts: u32,
    /// Latencies of the requests answered here (µs, 2 significant digits).
    pub latency_us: Histogram<u32>,
    /// Largest event-loop lag seen here, ns.
    pub loop_lag_max_ns: Nanos,
    /// Time integrals of the gauges (value × ns).
    pub in_flight_int: f64,
    pub queue_int: f64,
    pub busy_cores_int: f64,
    pub memory_int: f64,
}

fn bucket_hist() -> Histogram<u32> {
    // Lowest 1 µs, highest one hour, 2 significant digits: small enough to keep hundreds of them.
    Histogram::new_with_bounds(1, 3_600 * 1_000_000, 2).expect("valid histogram bounds")
}

impl Bucket {
    fn new() -> Self {
        Bucket {
            completed: 0,
            errors: 0,
            restarts: 0,
            latency_us: bucket_hist(),
            loop_lag_max_ns: 0,
            in_flight_int: 0.0,
            queue_int: 0.0,
            busy_cores_int: 0.0,
            memory_int: 0.0,
        }
    }

    fn merge(&mut self, o: &Bucket) {
        self.completed += o.completed;
        self.errors += o.errors;
        self.restarts += o.restarts;
        let _ = self.latency_us.add(&o.latency_us);
        self.loop_lag_max_ns = self.loop_lag_max_ns.max(o.loop_lag_max_ns);
        self.in_flight_int += o.in_flight_int;
        self.queue_int += o.queue_int;
        self.busy_cores_int += o.busy_cores_int;
        self.memory_int += o.memory_int;
    }
}

/// A bounded time series with adaptive bucket width.
#[derive(Clone)]
pub struct Series {
    /// Width of each bucket in ns.
    pub width_ns: Nanos,
    /// Buckets from time 0.
    pub buckets: Vec<Bucket>,
    last_t: Nanos,
    gauges: Gauges,
    /// The bucket found last and its time span: most look-ups hit it, without a division.
    cur: (usize, Nanos, Nanos),
}

impl Default for Series {
    fn default() -> Self {
        Series {
            width_ns: INITIAL_BUCKET_NS,
            buckets: vec![Bucket::new()],
            last_t: 0,
            gauges: Gauges::default(),
            cur: (0, 0, INITIAL_BUCKET_NS),
        }
    }
}

impl Series {
    fn ensure(&mut self, t: Nanos) -> usize {
        let (idx, start, end) = self.cur;
        if t >= start && t < end {
            return idx;
        }
        let idx = self.ensure_slow(t);
        self.cur = (idx, idx as Nanos * self.width_ns, (idx as Nanos + 1) * self.width_ns);
        idx
    }

    fn ensure_slow(&mut self, t: Nanos) -> usize {
        loop {
            let idx = (t / self.width_ns) as usize;
            if idx < SERIES_BUCKETS {
                while self.buckets.len() <= idx {
                    self.buckets.push(Bucket::new());
                }
                return idx;
            }
            // Full: merge neighbours, double the width.
            let old = std::mem::take(&mut self.buckets);
            let mut it = old.into_iter();
            while let Some(mut a) = it.next() {
                if let Some(b) = it.next() {
                    a.merge(&b);
                }
                self.buckets.push(a);
            }
            self.width_ns *= 2;
        }
    }

    /// Integrates the current gauges up to `now`, then sets new gauge values.
    pub fn advance(&mut self, now: Nanos, next: Gauges) {
        let mut t = self.last_t;
        while t < now {
            let idx = self.ensure(t);
            let end = self.cur.2.min(now);
            let dt = (end - t) as f64;
            let g = self.gauges;
            let b = &mut self.buckets[idx];
            b.in_flight_int += g.in_flight as f64 * dt;
            b.queue_int += g.queue_depth as f64 * dt;
            b.busy_cores_int += g.busy_cores * dt;
            b.memory_int += g.memory_bytes * dt;
            t = end;
        }
        self.last_t = self.last_t.max(now);
        self.gauges = next;
    }

    fn at(&mut self, t: Nanos) -> &mut Bucket {
        let idx = self.ensure(t);
        &mut self.buckets[idx]
    }

    /// Time up to which gauges are integrated.
    pub fn end_ns(&self) -> Nanos {
        self.last_t
    }

    /// Average of a gauge integral over bucket `i` (the last bucket is averaged over its elapsed part).
    pub fn average(&self, i: usize, integral: f64) -> f64 {
        let start = i as Nanos * self.width_ns;
        let end = ((i as Nanos + 1) * self.width_ns).min(self.last_t.max(start + 1));
        integral / (end.saturating_sub(start)).max(1) as f64
    }

    /// Duration of bucket `i` elapsed so far, in seconds.
    pub fn bucket_secs(&self, i: usize) -> f64 {
        let start = i as Nanos * self.width_ns;
        let end = ((i as Nanos + 1) * self.width_ns).min(self.last_t.max(start));
        (end.saturating_sub(start)) as f64 / NS_PER_S as f64
    }
}

/// Summary statistics of a run, ready to serialise.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Summary {
    pub completed: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub failed: u64,
    pub in_flight: u64,
    /// Simulated seconds the window covers (from the warm-up to the end of sending or the last event).
    pub elapsed_s: f64,
    /// Completed requests per second.
    pub throughput_per_s: f64,
    pub latency_mean_ms: f64,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
    pub latency_p99_ms: f64,
    pub latency_max_ms: f64,
    /// Mean time per completed request in each phase, ms: queued, cpu, io, blocked.
    pub split_ms: SplitMs,
    /// Event-loop lag (ready → running), ms; zero for the WSGI side.
    pub loop_lag_mean_ms: f64,
    pub loop_lag_p99_ms: f64,
    pub loop_lag_max_ms: f64,
    /// Time-averaged requests in the system (Little's L).
    pub mean_in_flight: f64,
    /// Time-averaged busy cores.
    pub mean_busy_cores: f64,
    /// Peak memory, MB.
    pub peak_memory_mb: f64,
    /// Most DB connections in use at once.
    pub max_db_in_use: u32,
    /// Worker / process restarts.
    pub restarts: u64,
    /// Celery tasks finished and their mean latency (queue + run), ms.
    pub celery_done: u64,
    pub celery_latency_mean_ms: f64,
    /// Events the engine processed.
    pub events: u64,
}

/// Mean per-request time split, ms.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SplitMs {
    pub queued: f64,
    pub cpu: f64,
    pub io: f64,
    pub blocked: f64,
}

/// Everything a run measured.
///
/// Counts (`completed`, `refused`, …) cover the whole run, like `ab`'s totals. Rates, latencies, lags and
/// time averages cover the measurement window: from the warm-up to the end of sending (`duration_s`) or, for
/// a request-count run, to the last event. A request belongs to the window if it ends inside it.
pub struct Metrics {
    pub completed: u64,
    pub refused: u64,
    pub timed_out: u64,
    pub failed: u64,
    pub restarts: u64,
    window_completed: u64,
    window_end: Nanos,
    latency_us: Histogram<u64>,
    latency_sum_ns: u128,
    split_sum_ns: [u128; 4],
    loop_lag_us: Histogram<u64>,
    loop_lag_sum_ns: u128,
    loop_lag_n: u64,
    loop_lag_max_ns: Nanos,
    pub series: Series,
    warmup_ns: Nanos,
    in_flight_int: f64,
    busy_int: f64,
    stats_from: Nanos,
    last_t: Nanos,
    last_gauges: Gauges,
    pub peak_memory_bytes: f64,
    pub max_db_in_use: u32,
    pub celery_done: u64,
    celery_sum_ns: u128,
    /// The latest completions and bad endings, for live numbers.
    pub recent: crate::window::Recent,
}

fn big_hist() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 24 * 3_600 * 1_000_000, 3).expect("valid histogram bounds")
}

impl Metrics {
    /// Metrics whose window runs from `warmup_ns` to `window_end` (if sending stops then) or the last event.
    pub fn new(warmup_ns: Nanos, window_end: Option<Nanos>) -> Self {
        Metrics {
            completed: 0,
            refused: 0,
            timed_out: 0,
            failed: 0,
            restarts: 0,
            window_completed: 0,
            window_end: window_end.unwrap_or(Nanos::MAX).max(warmup_ns),
            latency_us: big_hist(),
            latency_sum_ns: 0,
            split_sum_ns: [0; 4],
            loop_lag_us: big_hist(),
            loop_lag_sum_ns: 0,
            loop_lag_n: 0,
            loop_lag_max_ns: 0,
            series: Series::default(),
            warmup_ns,
            in_flight_int: 0.0,
            busy_int: 0.0,
            stats_from: warmup_ns,
            last_t: 0,
            last_gauges: Gauges::default(),
            peak_memory_bytes: 0.0,
            max_db_in_use: 0,
            celery_done: 0,
            celery_sum_ns: 0,
            recent: crate::window::Recent::default(),
        }
    }

    /// Records the gauges from `now` on (integrating the previous ones up to `now`).
    pub fn observe(&mut self, now: Nanos, g: Gauges) {
        if now > self.last_t {
            let from = self.last_t.max(self.warmup_ns);
            let to = now.min(self.window_end);
            if to > from {
                let dt = (to - from) as f64;
                self.in_flight_int += self.last_gauges.in_flight as f64 * dt;
                self.busy_int += self.last_gauges.busy_cores * dt;
            }
            self.last_t = now;
        }
        self.last_gauges = g;
        if g.memory_bytes > self.peak_memory_bytes {
            self.peak_memory_bytes = g.memory_bytes;
        }
        self.series.advance(now, g);
    }

    fn in_window(&self, t: Nanos) -> bool {
        t >= self.warmup_ns && t <= self.window_end
    }

    /// Records the end of a request that arrived at `arrived`.
    pub fn record_end(&mut self, now: Nanos, arrived: Nanos, outcome: Outcome, split: &[Nanos; 4]) {
        let b = self.series.at(now);
        let latency = now - arrived;
        match outcome {
            Outcome::Completed => {
                b.completed += 1;
                let _ = b.latency_us.record((latency / NS_PER_US).clamp(1, 3_600 * 1_000_000));
                self.recent.complete(now, latency);
            }
            _ => b.errors += 1,
        }
        match outcome {
            Outcome::Completed => self.completed += 1,
            Outcome::Refused => self.refused += 1,
            Outcome::TimedOut => self.timed_out += 1,
            Outcome::Failed => self.failed += 1,
        }
        if !self.in_window(now) {
            return;
        }
        if outcome == Outcome::Completed {
            {
                self.window_completed += 1;
                self.latency_sum_ns += latency as u128;
                let _ = self.latency_us.record((latency / NS_PER_US).max(1));
                for (s, v) in self.split_sum_ns.iter_mut().zip(split) {
                    *s += *v as u128;
                }
            }
        }
    }

    /// Records one event-loop lag sample (a coroutine waited `lag` between ready and running).
    pub fn record_loop_lag(&mut self, now: Nanos, lag: Nanos) {
        let b = self.series.at(now);
        b.loop_lag_max_ns = b.loop_lag_max_ns.max(lag);
        if !self.in_window(now) {
            return;
        }
        self.loop_lag_sum_ns += lag as u128;
        self.loop_lag_n += 1;
        self.loop_lag_max_ns = self.loop_lag_max_ns.max(lag);
        let _ = self.loop_lag_us.record((lag / NS_PER_US).max(1));
    }

    /// Records a restart beginning at `now`.
    pub fn record_restart(&mut self, now: Nanos) {
        self.series.at(now).restarts += 1;
        self.restarts += 1;
    }

    /// Records a finished Celery task that waited and ran for `latency` in total.
    pub fn record_celery(&mut self, latency: Nanos) {
        self.celery_done += 1;
        self.celery_sum_ns += latency as u128;
    }

    /// Latency at a percentile (0–100) in ms, over requests after the warm-up.
    pub fn latency_percentile_ms(&self, q: f64) -> f64 {
        if self.latency_us.is_empty() {
            0.0
        } else {
            self.latency_us.value_at_quantile(q / 100.0) as f64 / 1_000.0
        }
    }

    /// Mean latency in ms (over the window).
    pub fn latency_mean_ms(&self) -> f64 {
        if self.window_completed == 0 {
            0.0
        } else {
            self.latency_sum_ns as f64 / self.window_completed as f64 / NS_PER_MS as f64
        }
    }

    /// Builds the summary at `end` with `in_flight` requests still open and `events` processed.
    pub fn summary(&self, end: Nanos, in_flight: u64, events: u64) -> Summary {
        let elapsed_ns = end.min(self.window_end).saturating_sub(self.stats_from);
        let elapsed_s = elapsed_ns as f64 / NS_PER_S as f64;
        let n = self.window_completed.max(1) as f64;
        let ms = |v: u128| v as f64 / n / NS_PER_MS as f64;
        let pct = |h: &Histogram<u64>, q: f64| if h.is_empty() { 0.0 } else { h.value_at_quantile(q) as f64 / 1000.0 };
        Summary {
            completed: self.completed,
            refused: self.refused,
            timed_out: self.timed_out,
            failed: self.failed,
            in_flight,
            elapsed_s,
            throughput_per_s: if elapsed_s > 0.0 { self.window_completed as f64 / elapsed_s } else { 0.0 },
            latency_mean_ms: self.latency_mean_ms(),
            latency_p50_ms: pct(&self.latency_us, 0.5),
            latency_p95_ms: pct(&self.latency_us, 0.95),
            latency_p99_ms: pct(&self.latency_us, 0.99),
            latency_max_ms: if self.latency_us.is_empty() { 0.0 } else { self.latency_us.max() as f64 / 1000.0 },
            split_ms: SplitMs {
                queued: ms(self.split_sum_ns[0]),
                cpu: ms(self.split_sum_ns[1]),
                io: ms(self.split_sum_ns[2]),
                blocked: ms(self.split_sum_ns[3]),
            },
            loop_lag_mean_ms: if self.loop_lag_n == 0 {
                0.0
            } else {
                self.loop_lag_sum_ns as f64 / self.loop_lag_n as f64 / NS_PER_MS as f64
            },
            loop_lag_p99_ms: pct(&self.loop_lag_us, 0.99),
            loop_lag_max_ms: self.loop_lag_max_ns as f64 / NS_PER_MS as f64,
            mean_in_flight: if elapsed_ns > 0 { self.in_flight_int / elapsed_ns as f64 } else { 0.0 },
            mean_busy_cores: if elapsed_ns > 0 { self.busy_int / elapsed_ns as f64 } else { 0.0 },
            peak_memory_mb: self.peak_memory_bytes / 1_048_576.0,
            max_db_in_use: self.max_db_in_use,
            restarts: self.restarts,
            celery_done: self.celery_done,
            celery_latency_mean_ms: if self.celery_done == 0 {
                0.0
            } else {
                self.celery_sum_ns as f64 / self.celery_done as f64 / NS_PER_MS as f64
            },
            events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_stays_bounded_and_keeps_totals() {
        let mut s = Series::default();
        let mut total = 0u64;
        for i in 0..100_000u64 {
            let t = i * 10 * NS_PER_MS;
            s.advance(t, Gauges { in_flight: 2, ..Default::default() });
            s.at(t).completed += 1;
            total += 1;
        }
        assert!(s.buckets.len() <= SERIES_BUCKETS);
        let sum: u64 = s.buckets.iter().map(|b| b.completed as u64).sum();
        assert_eq!(sum, total);
        // The in-flight gauge was 2 throughout.
        let avg = s.average(3, s.buckets[3].in_flight_int);
        assert!((avg - 2.0).abs() < 1e-9, "{avg}");
    }
}
