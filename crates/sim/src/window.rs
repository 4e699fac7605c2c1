//! The recent past of a run, for live numbers that stay steady: the latest completions (time and latency) and
//! the latest requests that ended badly (when, how, and where they were), each in a bounded ring.
//!
//! Live rates are measured over a sliding window from the first completion inside it to now: a window that
//! starts at an arbitrary instant cuts a batch of completions in two and makes the rate jump (100 workers that
//! finish together every 300 ms would read 320 and 340 req/s in turn over 5 s); a window that starts at a
//! completion does not, and it still falls to zero when completions stop.

use crate::request::{Loc, Outcome};
use crate::time::{Nanos, NS_PER_S, NS_PER_US};
use std::collections::VecDeque;

/// Most completions kept. At high rates the window shrinks to what this holds (a 5 s window holds up to
/// 3 200 requests per second).
pub const RECENT_COMPLETIONS: usize = 16_384;
/// Most bad endings kept.
pub const RECENT_DROPS: usize = 512;
/// The live window the page states, s.
pub const LIVE_WINDOW_S: f64 = 5.0;

/// A request that ended badly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drop {
    /// When it ended, ns.
    pub at_ns: Nanos,
    /// How (refused, timed out, failed).
    pub outcome: Outcome,
    /// Where it was when it ended.
    pub loc: Loc,
}

/// Live numbers over a window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Live {
    /// Completed requests per second; `None` until two completions fall in the window.
    pub throughput: Option<f64>,
    /// Latency percentiles of the requests answered in the window, ms; `None` before the first.
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    /// Completions in the window.
    pub completed: u64,
    /// Bad endings in the window.
    pub dropped: u64,
    /// The window actually covered, s (shorter at the start of a run, or when the ring is full).
    pub span_s: f64,
}

/// The recent past of one side.
#[derive(Clone, Debug, Default)]
pub struct Recent {
    done: VecDeque<(Nanos, u32)>,
    drops: VecDeque<Drop>,
}

impl Recent {
    /// Records a completion at `now` that took `latency_ns`.
    pub fn complete(&mut self, now: Nanos, latency_ns: Nanos) {
        if self.done.len() == RECENT_COMPLETIONS {
            self.done.pop_front();
        }
        self.done.push_back((now, (latency_ns / NS_PER_US).min(u32::MAX as u64) as u32));
    }

    /// Records a bad ending.
    pub fn drop_request(&mut self, d: Drop) {
        if self.drops.len() == RECENT_DROPS {
            self.drops.pop_front();
        }
        self.drops.push_back(d);
    }

    /// The bad endings since `since_ns`, oldest first.
    pub fn drops_since(&self, since_ns: Nanos) -> impl Iterator<Item = &Drop> {
        let from = self.drops.partition_point(|d| d.at_ns < since_ns);
        self.drops.range(from..)
    }

    /// Live numbers over the `window_s` seconds before `now`.
    pub fn live(&self, now: Nanos, window_s: f64) -> Live {
        let window_ns = (window_s.max(0.0) * NS_PER_S as f64) as Nanos;
        let since = now.saturating_sub(window_ns);
        let from = self.done.partition_point(|&(t, _)| t <= since);
        let inside = self.done.range(from..);
        let n = inside.len();
        let dropped = self.drops_since(since.saturating_add(1)).count() as u64;
        // The ring may have forgotten part of the window: then the window starts at its oldest completion.
        let span_s = match self.done.front() {
            Some(&(oldest, _)) if self.done.len() == RECENT_COMPLETIONS && oldest > since => {
                (now - oldest) as f64 / NS_PER_S as f64
            }
            _ => (now - since) as f64 / NS_PER_S as f64,
        };
        let mut live = Live { completed: n as u64, dropped, span_s, ..Live::default() };
        if n == 0 {
            // Nothing answered in the window: zero if something was answered before it, else nothing to show.
            live.throughput = (from > 0).then_some(0.0);
            return live;
        }
        let first = self.done[from].0;
        // Completions after the first one in the window, over the time since it.
        let after = self.done.range(from..).filter(|&&(t, _)| t > first).count();
        if now > first && after > 0 {
            live.throughput = Some(after as f64 / ((now - first) as f64 / NS_PER_S as f64));
        } else if from > 0 {
            // Completions have stopped: the rate is zero. (The first batch of a run says nothing yet.)
            live.throughput = Some(0.0);
        }
        let mut lat: Vec<u32> = inside.map(|&(_, l)| l).collect();
        lat.sort_unstable();
        let pct = |q: f64| lat[((lat.len() as f64 * q).ceil() as usize).clamp(1, lat.len()) - 1] as f64 / 1000.0;
        live.p50_ms = Some(pct(0.5));
        live.p99_ms = Some(pct(0.99));
        live
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::NS_PER_MS;

    #[test]
    fn nothing_to_show_before_the_first_completions() {
        let r = Recent::default();
        let l = r.live(3 * NS_PER_S, 5.0);
        assert_eq!((l.throughput, l.p50_ms), (None, None));
        // One completion, or the first batch finishing together, gives a latency but no rate yet.
        let mut r = Recent::default();
        for _ in 0..4 {
            r.complete(NS_PER_S, 100 * NS_PER_MS);
        }
        let l = r.live(2 * NS_PER_S, 5.0);
        assert_eq!((l.throughput, l.p50_ms), (None, Some(100.0)));
    }

    #[test]
    fn batches_never_read_above_their_rate() {
        // 100 requests finish together every 300 ms: 333.3/s. Read it every 50 ms for 20 s.
        let mut r = Recent::default();
        let period = 300 * NS_PER_MS;
        let mut next = period;
        let mut t = 0;
        let (mut lo, mut hi) = (f64::MAX, 0.0f64);
        while t < 20 * NS_PER_S {
            t += 50 * NS_PER_MS;
            while next <= t {
                for _ in 0..100 {
                    r.complete(next, period);
                }
                next += period;
            }
            if let Some(x) = r.live(t, 5.0).throughput {
                if t > 6 * NS_PER_S {
                    lo = lo.min(x);
                    hi = hi.max(x);
                }
            }
        }
        assert!(hi <= 100.0 / 0.3 + 1e-9, "{hi}");
        assert!(lo > 300.0, "{lo}");
    }

    #[test]
    fn the_rate_falls_when_completions_stop_and_percentiles_cover_the_window() {
        let mut r = Recent::default();
        for i in 1..=100u64 {
            r.complete(i * 10 * NS_PER_MS, i * NS_PER_MS);
        }
        let l = r.live(NS_PER_S, 5.0);
        assert!((l.throughput.unwrap() - 100.0).abs() < 2.0, "{l:?}");
        assert_eq!(l.p50_ms, Some(50.0));
        assert_eq!(l.p99_ms, Some(99.0));
        let later = r.live(4 * NS_PER_S, 5.0).throughput.unwrap();
        assert!(later < 30.0, "{later}");
        let stopped = r.live(10 * NS_PER_S, 5.0);
        assert_eq!((stopped.completed, stopped.throughput, stopped.p50_ms), (0, Some(0.0), None));
    }

    #[test]
    fn drops_are_bounded_and_counted_in_the_window() {
        let mut r = Recent::default();
        for i in 0..2 * RECENT_DROPS as u64 {
            r.drop_request(Drop { at_ns: i * NS_PER_MS, outcome: Outcome::Failed, loc: Loc::Backlog });
        }
        assert_eq!(r.drops_since(0).count(), RECENT_DROPS);
        let t = 2 * RECENT_DROPS as u64 * NS_PER_MS;
        // The window (t − 100 ms, t] holds the drops at 925 … 1023 ms.
        assert_eq!(r.live(t, 0.1).dropped, 99);
    }
}
