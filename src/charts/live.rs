//! The live charts: which lines each shows, computed from both sides' metrics. Drawing is `timeseries::draw`.

use super::series::{points, smooth, Measure};
use super::{Line, ASGI_COLOUR, WSGI_COLOUR};
use crate::i18n::{tr, Lang, T};
use sim::Metrics;

/// A live chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveChart {
    Throughput,
    Latency,
    Queue,
    Memory,
    Cores,
}

impl LiveChart {
    /// All, in page order.
    pub const ALL: [LiveChart; 5] =
        [LiveChart::Throughput, LiveChart::Latency, LiveChart::Queue, LiveChart::Memory, LiveChart::Cores];

    /// Title (and y axis).
    pub fn title(self) -> T {
        match self {
            LiveChart::Throughput => T::ChartThroughput,
            LiveChart::Latency => T::ChartLatency,
            LiveChart::Queue => T::ChartQueue,
            LiveChart::Memory => T::ChartMemory,
            LiveChart::Cores => T::ChartCores,
        }
    }

    /// The y-axis label.
    pub fn axis(self) -> T {
        match self {
            LiveChart::Latency => T::ChartLatencyAxis,
            other => other.title(),
        }
    }

    /// File-name key.
    pub fn key(self) -> &'static str {
        match self {
            LiveChart::Throughput => "throughput",
            LiveChart::Latency => "latency",
            LiveChart::Queue => "queue",
            LiveChart::Memory => "memory",
            LiveChart::Cores => "cores",
        }
    }

    /// The lines of this chart for the ASGI and WSGI metrics.
    pub fn lines(self, lang: Lang, sides: [&Metrics; 2]) -> Vec<Line> {
        let names = [tr(lang, T::StageAsgi), tr(lang, T::StageWsgi)];
        let colours = [ASGI_COLOUR, WSGI_COLOUR];
        let mut out = Vec::new();
        for i in 0..2 {
            let mk = |label: String, m: Measure, dashed: bool, thin: bool| {
                let p = points(sides[i], m);
                let p = if m == Measure::Throughput { smooth(&p, 1.0) } else { p };
                Line { label, colour: colours[i], dashed, thin, points: p }
            };
            match self {
                LiveChart::Throughput => out.push(mk(names[i].into(), Measure::Throughput, false, false)),
                LiveChart::Latency => {
                    out.push(mk(format!("{} p50", names[i]), Measure::Latency(50), true, true));
                    out.push(mk(format!("{} p95", names[i]), Measure::Latency(95), false, true));
                    out.push(mk(format!("{} p99", names[i]), Measure::Latency(99), false, false));
                }
                LiveChart::Queue => out.push(mk(names[i].into(), Measure::Queue, false, false)),
                LiveChart::Memory => out.push(mk(names[i].into(), Measure::MemoryMb, false, false)),
                LiveChart::Cores => out.push(mk(names[i].into(), Measure::BusyCores, false, false)),
            }
        }
        out
    }
}
