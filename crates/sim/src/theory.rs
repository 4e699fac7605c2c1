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

#[cfg(test)]
mod tests {
    use super::*;

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
