//! Durations: a fixed number of milliseconds, or a distribution drawn once per request and step; and the two
//! random variates the engine draws (exponential, normal).
//!
//! The variates are drawn by their textbook exact methods — inversion for the exponential, Box–Muller for the
//! normal — rather than with `rand_distr`'s ziggurat, whose lookup tables cost about 8 KB gzipped of the page's
//! 300 KB download (measured with `node e2e/size.mjs`, BENCHMARKS.md). `tests` checks both against their
//! distribution functions.

use crate::time::{ms_to_ns, Nanos};
use rand_xoshiro::rand_core::Rng;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::f64::consts::TAU;
use std::fmt;

/// A duration in milliseconds: fixed, or drawn per request.
///
/// In JSON: a bare number is fixed milliseconds (`100`); `{"exp": 100}` is exponential with mean 100 ms;
/// `{"lognormal": {"mean": 100, "cv": 0.5}}` is lognormal with that mean and coefficient of variation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// Always this many milliseconds.
    Fixed(f64),
    /// Exponential with this mean in milliseconds.
    Exp(f64),
    /// Lognormal with this mean (ms) and coefficient of variation (standard deviation / mean).
    LogNormal { mean_ms: f64, cv: f64 },
}

impl Dist {
    /// The mean in milliseconds.
    pub fn mean_ms(&self) -> f64 {
        match *self {
            Dist::Fixed(m) | Dist::Exp(m) => m,
            Dist::LogNormal { mean_ms, .. } => mean_ms,
        }
    }

    /// The coefficient of variation (standard deviation / mean): 0 when fixed, 1 when exponential.
    pub fn cv(&self) -> f64 {
        match *self {
            Dist::Fixed(_) => 0.0,
            Dist::Exp(_) => 1.0,
            Dist::LogNormal { cv, .. } => cv,
        }
    }

    /// True when every draw is zero (the step can be dropped).
    pub fn is_zero(&self) -> bool {
        self.mean_ms() <= 0.0
    }

    /// Draws one duration in nanoseconds.
    pub fn sample_ns<R: Rng + ?Sized>(&self, rng: &mut R) -> Nanos {
        match *self {
            Dist::Fixed(m) => ms_to_ns(m),
            Dist::Exp(m) => ms_to_ns(exp1(rng) * m),
            Dist::LogNormal { mean_ms, cv } => {
                if cv <= 0.0 {
                    return ms_to_ns(mean_ms);
                }
                let sigma2 = (1.0 + cv * cv).ln();
                let mu = mean_ms.ln() - sigma2 / 2.0;
                let ms = (mu + sigma2.sqrt() * std_normal(rng)).exp();
                if ms.is_finite() {
                    ms_to_ns(ms)
                } else {
                    0
                }
            }
        }
    }

    /// Checks the parameters; `field` names the place for the error message.
    pub fn validate(&self, field: &str, max_ms: f64) -> Result<(), crate::ScenarioError> {
        let (mean, cv) = match *self {
            Dist::Fixed(m) | Dist::Exp(m) => (m, 0.0),
            Dist::LogNormal { mean_ms, cv } => (mean_ms, cv),
        };
        if !(mean.is_finite() && (0.0..=max_ms).contains(&mean)) {
            return Err(crate::ScenarioError::range(field, "milliseconds", 0.0, max_ms, mean));
        }
        if !(cv.is_finite() && (0.0..=10.0).contains(&cv)) {
            return Err(crate::ScenarioError::range(&format!("{field}.cv"), "", 0.0, 10.0, cv));
        }
        Ok(())
    }
}

/// A uniform draw in (0, 1]: 53 random bits, never zero (so its logarithm is finite).
fn unit_open0<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// An exponential draw with mean 1, by inversion: −ln U.
pub fn exp1<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    -unit_open0(rng).ln()
}

/// A standard normal draw, by Box–Muller (one of the pair; the other is not kept, so a draw needs no state).
pub fn std_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let r = (-2.0 * unit_open0(rng).ln()).sqrt();
    r * (TAU * unit_open0(rng)).cos()
}

impl Serialize for Dist {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match *self {
            Dist::Fixed(m) => s.serialize_f64(m),
            Dist::Exp(m) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("exp", &m)?;
                map.end()
            }
            Dist::LogNormal { mean_ms, cv } => {
                #[derive(Serialize)]
                struct Ln {
                    mean: f64,
                    cv: f64,
                }
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("lognormal", &Ln { mean: mean_ms, cv })?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Dist {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Ln {
            mean: f64,
            cv: f64,
        }
        impl<'de> Visitor<'de> for V {
            type Value = Dist;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"milliseconds as a number, {"fixed": ms}, {"exp": mean_ms} or {"lognormal": {"mean": ms, "cv": x}}"#)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dist, E> {
                Ok(Dist::Fixed(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dist, E> {
                Ok(Dist::Fixed(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dist, E> {
                Ok(Dist::Fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dist, A::Error> {
                let key: String = map.next_key()?.ok_or_else(|| {
                    de::Error::custom("empty duration object: expected one of `fixed`, `exp`, `lognormal`")
                })?;
                let dist = match key.as_str() {
                    "fixed" => Dist::Fixed(map.next_value()?),
                    "exp" => Dist::Exp(map.next_value()?),
                    "lognormal" => {
                        let ln: Ln = map.next_value()?;
                        Dist::LogNormal { mean_ms: ln.mean, cv: ln.cv }
                    }
                    other => return Err(de::Error::unknown_field(other, &["fixed", "exp", "lognormal"])),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!("unexpected second key `{extra}` in a duration")));
                }
                Ok(dist)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// The largest distance between the empirical distribution of `draws` and `cdf` (Kolmogorov–Smirnov).
    fn ks(mut draws: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
        draws.sort_by(f64::total_cmp);
        let n = draws.len() as f64;
        draws
            .iter()
            .enumerate()
            .map(|(i, &x)| (cdf(x) - i as f64 / n).abs().max((cdf(x) - (i + 1) as f64 / n).abs()))
            .fold(0.0, f64::max)
    }

    /// The standard normal distribution function (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7).
    fn phi(x: f64) -> f64 {
        let z = x.abs() / std::f64::consts::SQRT_2;
        let t = 1.0 / (1.0 + 0.3275911 * z);
        let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        let erf = 1.0 - poly * (-z * z).exp();
        0.5 * (1.0 + erf.copysign(x))
    }

    const N: usize = 200_000;
    /// The KS statistic's 0.1 % critical value for N draws: a correct sampler exceeds it once in a thousand seeds.
    fn critical() -> f64 {
        1.95 / (N as f64).sqrt()
    }

    #[test]
    fn exp1_is_exponential_with_mean_one() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..N).map(|_| exp1(&mut rng)).collect();
        assert!(draws.iter().all(|x| x.is_finite() && *x >= 0.0));
        let d = ks(draws, |x| 1.0 - (-x).exp());
        assert!(d < critical(), "KS distance {d}");
    }

    #[test]
    fn std_normal_is_standard_normal() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let draws: Vec<f64> = (0..N).map(|_| std_normal(&mut rng)).collect();
        assert!(draws.iter().all(|x| x.is_finite()));
        let d = ks(draws, phi);
        assert!(d < critical(), "KS distance {d}");
    }

    #[test]
    fn lognormal_has_its_mean_and_cv() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let d = Dist::LogNormal { mean_ms: 100.0, cv: 0.5 };
        let xs: Vec<f64> = (0..N).map(|_| d.sample_ns(&mut rng) as f64 / 1e6).collect();
        let mean = xs.iter().sum::<f64>() / N as f64;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / N as f64).sqrt();
        assert!((mean - 100.0).abs() < 0.5, "mean {mean}");
        assert!((sd / mean - 0.5).abs() < 0.01, "cv {}", sd / mean);
    }

    #[test]
    fn a_broken_sampler_fails_the_check() {
        // The check can fail: uniform draws are not exponential.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let draws: Vec<f64> = (0..N).map(|_| unit_open0(&mut rng)).collect();
        assert!(ks(draws, |x| 1.0 - (-x).exp()) > critical());
    }
}
