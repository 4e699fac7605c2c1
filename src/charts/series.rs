//! Chart data from the engine's bounded time series, apart from any drawing.

use sim::Metrics;

/// Which measure of a time series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Completed requests per second.
    Throughput,
    /// Latency percentile (p50, p95, p99) in ms of the requests answered in each bucket.
    Latency(u8),
    /// Time-averaged requests in the system.
    InFlight,
    /// Time-averaged accept + ready queue.
    Queue,
    /// Time-averaged busy cores.
    BusyCores,
    /// Time-averaged memory, MB.
    MemoryMb,
    /// Largest event-loop lag, ms.
    LoopLagMs,
}

/// Points (time in s, value) of a measure, one per elapsed bucket; the bucket still filling is left out so the
/// line does not dip at its end.
pub fn points(m: &Metrics, measure: Measure) -> Vec<(f64, f64)> {
    let s = &m.series;
    let width_s = s.width_ns as f64 / 1e9;
    let full = (s.end_ns() / s.width_ns) as usize;
    s.buckets
        .iter()
        .enumerate()
        .take(full.min(s.buckets.len()))
        .filter_map(|(i, b)| {
            let x = (i as f64 + 1.0) * width_s;
            let y = match measure {
                Measure::Throughput => b.completed as f64 / width_s,
                Measure::Latency(q) => {
                    if b.latency_us.is_empty() {
                        return None;
                    }
                    b.latency_us.value_at_quantile(q as f64 / 100.0) as f64 / 1000.0
                }
                Measure::InFlight => s.average(i, b.in_flight_int),
                Measure::Queue => s.average(i, b.queue_int),
                Measure::BusyCores => s.average(i, b.busy_cores_int),
                Measure::MemoryMb => s.average(i, b.memory_int) / 1_048_576.0,
                Measure::LoopLagMs => b.loop_lag_max_ns as f64 / 1e6,
            };
            Some((x, y))
        })
        .collect()
}

/// A trailing moving average over `window_s` seconds (answers come in bursts; a rate is easier to read smoothed).
pub fn smooth(points: &[(f64, f64)], window_s: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len());
    let mut start = 0;
    let mut sum = 0.0;
    for (i, &(x, y)) in points.iter().enumerate() {
        sum += y;
        while points[start].0 <= x - window_s && start < i {
            sum -= points[start].1;
            start += 1;
        }
        out.push((x, sum / (i - start + 1) as f64));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::{Scenario, Side, Sim};

    #[test]
    fn smoothing_averages_a_window() {
        let pts: Vec<(f64, f64)> = (1..=10).map(|i| (i as f64 * 0.5, if i % 2 == 0 { 10.0 } else { 0.0 })).collect();
        let s = smooth(&pts, 1.0);
        assert_eq!(s.len(), pts.len());
        assert!((s[9].1 - 5.0).abs() < 1e-9, "{:?}", s[9]);
        assert!(smooth(&[], 1.0).is_empty());
    }

    #[test]
    fn throughput_points_match_the_summary() {
        let sc = Scenario::from_json(
            r#"{"traffic": {"kind": "closed", "users": 10, "duration_s": 20},
                "wsgi": {"workers": 10, "view": {"kind": "sync", "steps": [{"blocking_io": 100}]}}}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&sc, Side::Wsgi).unwrap();
        sim.step_until(10_000_000_000);
        let pts = points(sim.metrics(), Measure::Throughput);
        assert!(!pts.is_empty());
        // 10 workers / 100.4 ms ≈ 99.6/s in steady state (averaged over the last 5 s: answers come in bursts).
        let tail: Vec<f64> = pts.iter().rev().take_while(|p| p.0 > 5.0).map(|p| p.1).collect();
        let mean = tail.iter().sum::<f64>() / tail.len() as f64;
        assert!((mean - 99.6).abs() < 3.0, "{mean}");
        assert!(points(sim.metrics(), Measure::Latency(99)).iter().all(|p| p.1 >= 100.0));
    }
}
