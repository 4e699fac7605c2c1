//! The types of the real-Django measurements compiled into the page (`measured`, generated): a measured server +
//! view (`Twin`), one measured run (`Point`) and where they were measured (`Source`). `measured_match` finds them
//! for a setup.

use crate::model::{IoStyle, Orm, Params};
use sim::Side;

/// A measured server + view, as the parameters whose `side` simulates it: the fields below, every other one the
/// default's (compact: the table is part of the download; the keys are in `measured::TWIN_KEYS`, for tests).
#[derive(Clone, Debug, PartialEq)]
pub struct Twin {
    /// The side it was measured as.
    pub side: Side,
    pub io: IoStyle,
    pub orm: Orm,
    pub gather: bool,
    pub asgi_sync_view: bool,
    pub calls: u8,
    pub processes: u8,
    pub workers: u8,
    pub threads: u8,
    pub db_pool: u16,
    pub io_ms: f32,
    pub cpu_ms: f32,
    pub db_ms: f32,
}

impl Twin {
    /// Its parameters.
    pub fn params(&self) -> Params {
        Params {
            io: self.io,
            orm: self.orm,
            gather: self.gather,
            asgi_sync_view: self.asgi_sync_view,
            calls: self.calls as u32,
            processes: self.processes as u32,
            workers: self.workers as u32,
            threads: self.threads as u32,
            db_pool: self.db_pool as u32,
            io_ms: self.io_ms as f64,
            cpu_ms: self.cpu_ms as f64,
            db_ms: self.db_ms as f64,
            ..Params::default()
        }
    }
}

/// One measured run. Its numbers are stored as `(log10(v) + 1) × 10 000` in a `u16` (0.1 to 300 000, within
/// 0.012 %): half the bytes of `f32`s in the download.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Index into `TWINS`.
    pub twin: u8,
    /// 0 for the first run; repeats of the same case count up.
    pub repeat: u8,
    /// wrk's connections (concurrent users).
    pub users: u16,
    /// Requests per second over the run (encoded).
    pub rps: u16,
    /// p99 latency, ms (encoded).
    pub p99: u16,
}

/// A number of `Point` as stored.
pub fn decode(v: u16) -> f64 {
    10f64.powf(v as f64 / 1e4 - 1.0)
}

impl Point {
    /// Requests per second.
    pub fn rps(&self) -> f64 {
        decode(self.rps)
    }

    /// p99 latency, ms.
    pub fn p99_ms(&self) -> f64 {
        decode(self.p99)
    }
}

/// Where the points were measured (the caption's facts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Source {
    /// `Django 5.2.19, gunicorn 27.0.1 / uvicorn 0.54.0`.
    pub versions: &'static str,
    pub cores: u32,
    /// `wrk`.
    pub tool: &'static str,
    /// The days of the measurements (`2026-11-28 / 2026-12-08`).
    pub date: &'static str,
    /// Seconds each run measured (after its warm-up).
    pub run_s: u32,
}
