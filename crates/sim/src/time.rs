//! Integer simulated time.
//!
//! All simulated time is a count of nanoseconds since the start of a run (`Nanos`). Integer time keeps the
//! event queue's order exact and runs reproducible on every platform; floating point appears only inside
//! the CPU scheduler's virtual clocks and is rounded up to whole nanoseconds at its boundary.

/// Nanoseconds of simulated time.
pub type Nanos = u64;

/// Nanoseconds per microsecond.
pub const NS_PER_US: Nanos = 1_000;
/// Nanoseconds per millisecond.
pub const NS_PER_MS: Nanos = 1_000_000;
/// Nanoseconds per second.
pub const NS_PER_S: Nanos = 1_000_000_000;

/// Longest duration a conversion returns: 10^17 ns (about 3.2 years). A lognormal draw with a large
/// coefficient of variation can exceed any fixed bound; clamping it here keeps `now + duration` in range.
pub const MAX_DURATION_NS: Nanos = 100_000_000 * NS_PER_S;

/// The simulation horizon: 10^18 ns (about 31.7 years of simulated time). A run stops at the first event later
/// than this (`Sim::horizon_reached`), whatever is still in flight. Together with `MAX_DURATION_NS` (and every
/// other delay the engine schedules being shorter still) it keeps the clock at least 10^19 ns — over half of
/// the `u64` range — away from overflowing.
pub const HORIZON_NS: Nanos = 1_000_000_000 * NS_PER_S;

/// Converts milliseconds (may be fractional, must be finite and ≥ 0) to nanoseconds, rounding to nearest, at
/// most `MAX_DURATION_NS`.
pub fn ms_to_ns(ms: f64) -> Nanos {
    if ms.is_finite() && ms > 0.0 {
        // Round half up without a libm call (this is on the hot path of every random draw).
        (ms * NS_PER_MS as f64 + 0.5).min(MAX_DURATION_NS as f64) as Nanos
    } else {
        0
    }
}

/// Converts seconds (finite, ≥ 0) to nanoseconds, rounding to nearest.
pub fn s_to_ns(s: f64) -> Nanos {
    ms_to_ns(s * 1_000.0)
}

/// Converts nanoseconds to seconds.
pub fn ns_to_s(ns: Nanos) -> f64 {
    ns as f64 / NS_PER_S as f64
}

/// Converts nanoseconds to milliseconds.
pub fn ns_to_ms(ns: Nanos) -> f64 {
    ns as f64 / NS_PER_MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(ms_to_ns(1.5), 1_500_000);
        assert_eq!(s_to_ns(2.0), 2 * NS_PER_S);
        assert_eq!(ms_to_ns(-3.0), 0);
        assert_eq!(ms_to_ns(f64::NAN), 0);
        assert!((ns_to_ms(ms_to_ns(0.123)) - 0.123).abs() < 1e-9);
        assert!((ns_to_s(NS_PER_S) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn huge_durations_are_clamped_far_below_overflow() {
        assert_eq!(ms_to_ns(1e300), MAX_DURATION_NS);
        assert_eq!(s_to_ns(1e300), MAX_DURATION_NS);
        assert_eq!(ms_to_ns(f64::INFINITY), 0);
        // The latest event the engine handles, plus the longest delay it can schedule, still fits.
        assert!(HORIZON_NS.checked_add(MAX_DURATION_NS).is_some_and(|t| t < Nanos::MAX / 2));
    }
}
