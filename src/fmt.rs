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
}
