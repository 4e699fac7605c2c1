//! The distribution of waits (the `queued` part of the time split: from arrival until a worker or an event loop
//! accepted the connection), for callers that ask for it: it costs a histogram the web app does not need.

use super::Sim;
use crate::time::{Nanos, NS_PER_US};
use hdrhistogram::Histogram;

pub(crate) struct Waits {
    hist: Histogram<u64>,
    /// The measurement window (the metrics' own: from the warm-up to the end of sending).
    from: Nanos,
    to: Nanos,
}

impl Sim {
    /// Starts keeping the distribution of waits of the requests answered in the measurement window (call it
    /// before running; `wait_percentile_ms` reads it). Off by default.
    pub fn track_waits(&mut self) {
        let (from, to) = self.window;
        // 1 µs to a day, 3 significant digits (as the latency histogram).
        let hist = Histogram::new_with_bounds(1, 24 * 3_600 * 1_000_000, 3).expect("valid histogram bounds");
        self.waits = Some(Box::new(Waits { hist, from, to }));
    }

    /// The wait at percentile `q` (0–100) in ms, if `track_waits` was called; 0 before any request was answered.
    pub fn wait_percentile_ms(&self, q: f64) -> Option<f64> {
        let w = self.waits.as_ref()?;
        Some(if w.hist.is_empty() { 0.0 } else { w.hist.value_at_quantile(q / 100.0) as f64 / 1_000.0 })
    }

    /// Records the wait of a request answered at `now`.
    pub(crate) fn record_wait(&mut self, now: Nanos, wait: Nanos) {
        if let Some(w) = self.waits.as_mut() {
            if now >= w.from && now <= w.to {
                // A request that never waited counts as the lowest value (the histogram starts at 1 µs).
                let _ = w.hist.record((wait / NS_PER_US).max(1));
            }
        }
    }
}
