//! The post's benchmark table ("ab, 1000 concurrent users, 10 000 requests"), its own numbers checked against
//! Little's law, and how we map its words onto simulation parameters. Pure.

use crate::i18n::{t, Lang};
use sim::Side;

/// Concurrent users in the post's `ab` runs.
pub const USERS: f64 = 1000.0;

/// The post's three workloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    Io,
    Cpu,
    Mixed,
}

impl Workload {
    /// The preset that reproduces it.
    pub fn preset(self) -> &'static str {
        match self {
            Workload::Io => "post-benchmark-io",
            Workload::Cpu => "post-benchmark-cpu",
            Workload::Mixed => "post-benchmark-mixed",
        }
    }

    /// Its name.
    pub fn name(self, l: Lang) -> &'static str {
        match self {
            Workload::Io => t(l, ("I/O 집약", "I/O-bound")),
            Workload::Cpu => t(l, ("CPU 집약", "CPU-bound")),
            Workload::Mixed => t(l, ("혼합", "Mixed")),
        }
    }
}

/// One row of the post's table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row {
    pub workload: Workload,
    pub side: Side,
    /// Mean response time the post reports, ms.
    pub post_ms: f64,
    /// Throughput the post reports, requests/s.
    pub post_rps: f64,
}

/// The post's numbers, as printed.
pub const ROWS: [Row; 6] = [
    Row { workload: Workload::Io, side: Side::Asgi, post_ms: 120.0, post_rps: 8000.0 },
    Row { workload: Workload::Io, side: Side::Wsgi, post_ms: 350.0, post_rps: 2800.0 },
    Row { workload: Workload::Cpu, side: Side::Asgi, post_ms: 800.0, post_rps: 1200.0 },
    Row { workload: Workload::Cpu, side: Side::Wsgi, post_ms: 200.0, post_rps: 5000.0 },
    Row { workload: Workload::Mixed, side: Side::Asgi, post_ms: 250.0, post_rps: 4000.0 },
    Row { workload: Workload::Mixed, side: Side::Wsgi, post_ms: 280.0, post_rps: 3500.0 },
];

/// What Little's law says about a row, using only the post's own numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Check {
    /// Response-time law with 1000 users and no think time: R = N / X, ms.
    pub little_ms: f64,
    /// The post's R agrees with N / X within 10 %.
    pub consistent: bool,
    /// The most this row could serve, from what the post itself says the requests do (None if it does not say).
    pub bound_rps: Option<f64>,
    /// The post's throughput exceeds that bound: the row cannot be true.
    pub impossible: bool,
}

/// Checks a row. Only the I/O workload is described precisely enough to bound: three 100 ms calls, awaited
/// together with `asyncio.gather` (async: a request takes ≥ 100 ms, so 1000 users allow ≤ 10 000/s) or made one
/// after another (sync: a worker is held ≥ 300 ms, so 100 workers allow ≤ 333/s).
pub fn check(r: &Row) -> Check {
    let little_ms = USERS / r.post_rps * 1000.0;
    let consistent = (little_ms - r.post_ms).abs() / r.post_ms <= 0.10;
    let bound_rps = match (r.workload, r.side) {
        (Workload::Io, Side::Asgi) => Some(USERS / 0.1),
        (Workload::Io, Side::Wsgi) => Some(100.0 / 0.3),
        _ => None,
    };
    let impossible = bound_rps.is_some_and(|b| r.post_rps > b);
    Check { little_ms, consistent, bound_rps, impossible }
}

/// The post's `ab` setup for a workload's parameters: 1000 users, 10 000 requests.
pub fn scenario(params: &crate::model::Params) -> sim::Scenario {
    let mut sc = params.scenario();
    sc.traffic.users = Some(USERS as u32);
    sc.traffic.requests = Some(10_000);
    sc.traffic.duration_s = None;
    sc
}

/// The explanation shown under the flagged row.
pub fn explanation(l: Lang) -> &'static str {
    t(l, (
        "워커 100개가 각자 요청 하나를 최소 300 ms(100 ms짜리 호출 3번을 차례로) 붙잡습니다. 리틀의 법칙(동시에 처리 중인 요청 수 = 처리량 × 요청당 점유 시간)에 따라 처리 중인 요청은 워커 수 100을 넘을 수 없으므로, 처리량은 100 ÷ 0.3초 ≈ 초당 333건이 상한입니다. 초당 2800건이 되려면 워커가 요청 하나를 평균 100 ÷ 2800 ≈ 36 ms만 붙잡아야 하는데, 300 ms 걸리는 요청으로는 불가능합니다. 응답 시간 350 ms도 맞지 않습니다: 1000명이 초당 333건을 나눠 쓰면 평균 응답은 1000 ÷ 333 ≈ 3초입니다.",
        "100 workers each hold a request for at least 300 ms (three 100 ms calls, one after another). By Little's law (requests in service = throughput × time each holds a worker), no more than 100 can be in service, so throughput is at most 100 ÷ 0.3 s ≈ 333 requests/s. Serving 2800/s would need each request to hold its worker for 100 ÷ 2800 ≈ 36 ms on average — not possible for a 300 ms request. The 350 ms response time does not fit either: 1000 users sharing 333 requests/s wait 1000 ÷ 333 ≈ 3 s on average.",
    ))
}

/// The assumptions used to map the post's words onto parameters.
pub fn assumptions(l: Lang) -> [&'static str; 5] {
    [
        t(l, (
            "부하: ab -c 1000 -n 10000 (생각 시간 0). 머신: 8코어(글에 없음).",
            "Load: ab -c 1000 -n 10000 (no think time). Machine: 8 cores (the post does not say).",
        )),
        t(l, (
            "비동기: uvicorn 프로세스 1개(글이 '단일 프로세스'라고 함), 요청당 Django CPU 2.3 ms(이 머신 종류에서 실제 Django 5.2로 측정). 동기: gunicorn sync 워커 100개, 요청당 0.47 ms.",
            "Async: one uvicorn process (the post says 'a single process'), 2.3 ms of Django CPU per request (measured with real Django 5.2 on this machine kind). Sync: 100 gunicorn sync workers, 0.47 ms per request.",
        )),
        t(l, (
            "I/O: 글의 예제 그대로 — 100 ms 외부 호출 3번, 비동기는 asyncio.gather, 동기는 차례로.",
            "I/O: the post's own example — three 100 ms external calls; async with asyncio.gather, sync one after another.",
        )),
        t(l, (
            "CPU: '무거운 계산'의 양이 글에 없어 요청당 10 ms의 파이썬 CPU로 가정. (글의 range(10_000_000) 루프는 CPython에서 약 1초입니다.)",
            "CPU: the post does not say how heavy 'heavy_calculation' is; we assume 10 ms of Python CPU per request. (The post's range(10_000_000) loop takes about 1 s in CPython.)",
        )),
        t(l, (
            "혼합: CPU 5 ms + 50 ms 호출 2번(비동기는 gather, 동기는 차례로).",
            "Mixed: 5 ms of CPU plus two 50 ms calls (gathered when async, one after another when sync).",
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sync_io_row_is_flagged() {
        let flagged: Vec<&Row> = ROWS.iter().filter(|r| check(r).impossible).collect();
        assert_eq!(flagged.len(), 1);
        assert_eq!((flagged[0].workload, flagged[0].side), (Workload::Io, Side::Wsgi));
        let c = check(flagged[0]);
        assert!((c.bound_rps.unwrap() - 333.3).abs() < 0.1);
        // Every row is internally consistent with R = N / X: the impossibility is in the capacity.
        assert!(ROWS.iter().all(|r| check(r).consistent));
    }

    #[test]
    fn each_workload_runs_exactly_its_preset() {
        for r in ROWS {
            let preset = sim::presets::get(r.workload.preset()).unwrap().scenario;
            let params = crate::preset_params::preset_params(r.workload.preset()).unwrap();
            let mut sc = scenario(&params);
            assert_eq!(sc.traffic, preset.traffic);
            sc.name = preset.name.clone();
            assert_eq!(sc, preset, "{:?}", r.workload);
        }
    }
}
