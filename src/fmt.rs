//! Number formats shared by the painters and the components.

use crate::i18n::{tr, Lang, T};

/// Milliseconds as "0.8 ms", "101 ms" or "1.2 s".
pub fn fmt_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A latency that may not exist yet ("—").
pub fn fmt_opt_ms(ms: Option<f64>) -> String {
    ms.map_or_else(|| "—".to_string(), fmt_ms)
}

/// A rate per second that may not exist yet ("—"): whole numbers from 10/s up.
pub fn fmt_rate(l: Lang, per_s: Option<f64>) -> String {
    match per_s {
        None => "—".to_string(),
        Some(v) if v >= 10.0 => format!("{v:.0}{}", tr(l, T::PerSecond)),
        Some(v) => format!("{v:.1}{}", tr(l, T::PerSecond)),
    }
}

/// Megabytes (MiB) as "55 MB" or, from 1024 MB up, "8.9 GB".
pub fn fmt_mb(mb: f64) -> String {
    if mb >= 1024.0 {
        format!("{:.1} GB", mb / 1024.0)
    } else {
        format!("{mb:.0} MB")
    }
}

/// Reads a decimal number as a URL writes one: an optional sign, digits with an optional fraction, an optional
/// exponent (`12`, `-0.25`, `.5`, `3e3`); anything else (`inf`, `NaN`, `0x10`, `1,5`, empty) is `None`.
///
/// Not Rust's `str::parse::<f64>`: its exact algorithm brings about 10 KB (gzipped) of tables and code into the
/// download, for the dozen numbers a URL holds. Up to 19 significant digits are kept; the value is the digits
/// times a power of ten, which is exact (correctly rounded) for up to 15 digits and exponents within ±22, and
/// within a few units in the last place beyond — more than a parameter that is then clamped and rounded needs.
/// `tests::parse_decimal_agrees_with_std` checks it against the standard parser.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = matches!(b.first(), Some(b'-'));
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let (mut mantissa, mut exp10, mut digits, mut kept) = (0u64, 0i32, 0, 0);
    let mut seen_point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa == 0 && c == b'0' {
                    // Leading zeros carry no digit (after the point they shift the exponent).
                    exp10 -= i32::from(seen_point);
                } else if kept < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    kept += 1;
                    exp10 -= i32::from(seen_point);
                } else {
                    exp10 += i32::from(!seen_point);
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        let rest = &s[i + 1..];
        let e: i32 = match rest.as_bytes().first() {
            Some(b'+' | b'-' | b'0'..=b'9') if rest.len() <= 6 && rest[1..].bytes().all(|c| c.is_ascii_digit()) => {
                let (sign, digits) = rest.split_at(usize::from(!rest.starts_with(|c: char| c.is_ascii_digit())));
                let n = digits.bytes().try_fold(0i32, |n, c| Some(n * 10 + i32::from(c - b'0')))?;
                if digits.is_empty() {
                    return None;
                }
                if sign == "-" {
                    -n
                } else {
                    n
                }
            }
            _ => return None,
        };
        exp10 += e;
        i = b.len();
    }
    if i != b.len() {
        return None;
    }
    // Scale in steps so that a power of ten never overflows on its own (1e-320 is 1e-300 × 1e-20).
    let mut v = mantissa as f64;
    while exp10 > 300 {
        v *= 1e300;
        exp10 -= 300;
    }
    while exp10 < -300 {
        v /= 1e300;
        exp10 += 300;
    }
    let v = if exp10 >= 0 { v * 10f64.powi(exp10) } else { v / 10f64.powi(-exp10) };
    let v = if negative { -v } else { v };
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_ms(0.84), "0.8 ms");
        assert_eq!(fmt_ms(101.2), "101 ms");
        assert_eq!(fmt_ms(1234.0), "1.2 s");
        assert_eq!(fmt_opt_ms(None), "—");
        assert_eq!(fmt_rate(Lang::En, Some(332.4)), "332/s");
        assert_eq!(fmt_rate(Lang::En, Some(1.04)), "1.0/s");
        assert_eq!(fmt_mb(1000.0), "1000 MB");
        assert_eq!(fmt_mb(5000.0), "4.9 GB");
        assert_eq!(fmt_mb(9114.0), "8.9 GB");
    }

    #[test]
    fn parse_decimal_agrees_with_std() {
        for s in [
            "0",
            "12",
            "-0.25",
            ".5",
            "5.",
            "+7",
            "3e3",
            "1E-3",
            "0.001",
            "123456789012345678901234",
            "5000",
            "0.0005",
            "1e308",
            "2.5e-5",
            "00012.50",
            "-0",
            "9007199254740993",
            "0.1",
            "0.30000000000000004",
            "1e-320",
        ] {
            let want: f64 = s.parse().unwrap();
            let got = parse_decimal(s).unwrap_or_else(|| panic!("{s} rejected"));
            assert!((got - want).abs() <= want.abs() * 4.0 * f64::EPSILON, "{s}: {got} vs {want}");
        }
        // What a URL's parameter should hold: exact.
        for s in ["0.25", "100", "1000", "0.001", "20000", "3600", "2.3", "0.47"] {
            assert_eq!(parse_decimal(s), s.parse().ok(), "{s}");
        }
        for s in [
            "", "-", ".", "e3", "1e", "1e+", "inf", "NaN", "infinity", "0x10", "1,5", "1.2.3", "12abc", " 1", "1 ",
            "--1", "1e99999", "1e400",
        ] {
            assert_eq!(parse_decimal(s), None, "{s:?} accepted");
        }
    }

    // proptest is a native-only dev-dependency (it needs an OS random source).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn parse_decimal_reads_what_rust_writes(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO) {
            for s in [format!("{v}"), format!("{v:e}"), format!("{v:.9}")] {
                let want: f64 = s.parse().unwrap();
                let got = parse_decimal(&s).unwrap();
                proptest::prop_assert!((got - want).abs() <= want.abs() * 8.0 * f64::EPSILON, "{}: {} vs {}", s, got, want);
            }
        }
    }
}
