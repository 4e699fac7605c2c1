//! Challenges: a goal the reader reaches by changing the setup, checked on a deterministic run of one side. Each is
//! data — where it starts (an engine preset and a few changes), the rules the setup must keep, the goals the run
//! must meet, a hint — and `judge` gives the verdict with the numbers that decided it. Pure: the page runs the
//! check's scenario (`scenario`) in slices and hands the summary back; a test runs every challenge's reference
//! solution and its starting point natively.

use crate::i18n::Tx;
use crate::model::{IoStyle, Num, Orm, Param, Params};
use crate::preset_params::preset_params;
use sim::{Scenario, Side, Summary};

/// Requests a check simulates (after a warm-up of a fifth of the run).
pub const CHECK_REQUESTS: f64 = 4000.0;

/// What the run must show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// Requests per second, at least.
    ThroughputAtLeast(f64),
    /// p50 latency below, ms.
    P50Below(f64),
    /// p99 latency below, ms.
    P99Below(f64),
    /// The event loop's p99 lag below, ms (how long a ready callback waited for the loop).
    LoopLagBelow(f64),
    /// No request timed out or failed.
    NoBadEndings,
}

/// What the setup must keep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// This parameter at most this value.
    AtMost(Num, f64),
    /// This parameter as the challenge set it.
    Keep(Num),
    /// The external calls made this way.
    KeepIo,
}

/// One challenge.
#[derive(Clone, Debug, PartialEq)]
pub struct Challenge {
    /// URL key (`?challenge=...`).
    pub key: &'static str,
    pub title: Tx,
    /// The task, in words (the goals and rules, as a reader would say them).
    pub task: Tx,
    /// Shown when a check fails.
    pub hint: Tx,
    /// The side that is checked.
    pub side: Side,
    /// The engine preset it starts from, and the changes on top.
    pub preset: &'static str,
    pub start: &'static [Param],
    pub goals: &'static [Goal],
    pub rules: &'static [Rule],
    /// A change that meets the goals (the tests apply it to the start).
    pub solution: &'static [Param],
    /// The few controls an embedded challenge shows (keys of `ControlPanel`'s controls).
    pub controls: &'static [&'static str],
}

impl Challenge {
    /// The setup it starts from.
    pub fn start_params(&self) -> Params {
        let mut p = preset_params(self.preset).unwrap_or_default();
        for &c in self.start {
            crate::model::set_param(&mut p, c);
        }
        p
    }
}

/// Every challenge, in the post's order.
pub fn all() -> &'static [Challenge] {
    use Goal::*;
    use Rule::*;
    const ALL: &[Challenge] = &[
        Challenge {
            key: "unblock-loop",
            title: ("멈춘 루프 풀기", "Unfreeze the loop"),
            task: (
                "async 뷰가 1초짜리 외부 호출을 time.sleep으로 기다립니다. 호출 시간은 그대로 두고, 사용자 50명에게 초당 45건 이상, 루프 지연 p99 10 ms 미만을 만드세요.",
                "The async view waits for a 1-second call with time.sleep. Keep the call's duration and get 50 users at least 45 requests/s with the loop's p99 lag under 10 ms.",
            ),
            hint: (
                "루프를 붙잡는 건 호출 방식입니다. '외부 호출 방식'을 await로 바꿔 보세요.",
                "It is how the call waits that holds the loop: switch the call to an await.",
            ),
            side: Side::Asgi,
            preset: "time-sleep-in-async",
            start: &[],
            goals: &[ThroughputAtLeast(45.0), LoopLagBelow(10.0)],
            rules: &[Keep(Num::IoMs), Keep(Num::Users)],
            solution: &[Param::Io(IoStyle::AsyncSleep)],
            controls: &["io", "io_ms"],
        },
        Challenge {
            key: "gather-calls",
            title: ("세 호출을 한 번에", "Three calls at once"),
            task: (
                "뷰가 100 ms짜리 독립 호출 3개를 차례로 await합니다. 호출 수와 시간은 그대로 두고 응답 p50을 150 ms 미만으로 줄이세요.",
                "The view awaits three independent 100 ms calls one after another. Keep the calls and their duration, and bring the p50 response under 150 ms.",
            ),
            hint: ("독립적인 await는 asyncio.gather로 함께 기다릴 수 있습니다.", "Independent awaits can wait together with asyncio.gather."),
            side: Side::Asgi,
            preset: "sequential-awaits",
            start: &[],
            goals: &[P50Below(150.0)],
            rules: &[Keep(Num::Calls), Keep(Num::IoMs), KeepIo],
            solution: &[Param::Gather(true)],
            controls: &["gather", "calls"],
        },
        Challenge {
            key: "workers-for-rate",
            title: ("초당 200건에 필요한 워커", "Workers for 200 requests a second"),
            task: (
                "초당 200건이 들어오고, 요청마다 100 ms 블로킹 호출을 합니다. gunicorn sync 워커 30개 이하로 p99를 400 ms 미만으로 만드세요.",
                "200 requests arrive per second, each making a 100 ms blocking call. Keep p99 under 400 ms with at most 30 gunicorn sync workers.",
            ),
            hint: (
                "리틀의 법칙: 동시에 처리 중인 요청 = 초당 200건 × 0.1초 = 20. 워커가 그보다 조금 더 있어야 줄이 생기지 않습니다.",
                "Little's law: requests in service = 200/s × 0.1 s = 20. A few more workers than that, and no queue builds up.",
            ),
            side: Side::Wsgi,
            preset: "workers-idle-during-io",
            start: &[Param::Io(IoStyle::TimeSleep), Param::Set(Num::Rate, 200.0), Param::Set(Num::Workers, 4.0)],
            goals: &[P99Below(400.0)],
            rules: &[AtMost(Num::Workers, 30.0), Keep(Num::Threads), Keep(Num::Rate), Keep(Num::IoMs)],
            solution: &[Param::Set(Num::Workers, 25.0)],
            controls: &["workers", "threads"],
        },
        Challenge {
            key: "cores-not-workers",
            title: ("CPU 작업엔 무엇을 늘릴까", "CPU work: what to add"),
            task: (
                "요청마다 20 ms의 파이썬 계산, 사용자 50명. 계산량은 그대로, 코어는 4개 이하로 WSGI 처리량을 초당 180건 이상으로 올리세요.",
                "Each request does 20 ms of Python work, 50 users. Keep the work, use at most 4 cores, and get the WSGI side to 180 requests/s or more.",
            ),
            hint: (
                "코어 2개로는 초당 약 100건이 한계입니다(2 ÷ 20 ms). 워커가 아니라 코어가 병목입니다.",
                "Two cores top out near 100/s (2 ÷ 20 ms): the cores are the bottleneck, not the workers.",
            ),
            side: Side::Wsgi,
            preset: "cpu-bound",
            start: &[],
            goals: &[ThroughputAtLeast(180.0)],
            rules: &[AtMost(Num::Cores, 4.0), Keep(Num::CpuMs), Keep(Num::Users)],
            solution: &[Param::Set(Num::Cores, 4.0)],
            controls: &["workers", "cores"],
        },
        Challenge {
            key: "post-2800",
            title: ("글의 초당 2800건을 가능하게", "Make the post's 2800/s possible"),
            task: (
                "글의 표: 워커 100개, 100 ms 호출 3번(차례로), 사용자 1000명에 WSGI 초당 2800건. 그대로는 초당 333건이 한계입니다. 호출·사용자·코어는 그대로 두고 초당 2800건을 넘기세요.",
                "The post's table: 100 workers, three 100 ms calls in a row, 1000 users, WSGI at 2800/s. As set up, 333/s is the most. Keep the calls, users and cores, and get past 2800/s.",
            ),
            hint: (
                "요청 하나가 워커를 300 ms 붙잡으니 2800건/초에는 동시에 840개가 필요합니다. gthread 스레드로 워커마다 여러 요청을 받게 해 보세요.",
                "Each request holds a worker for 300 ms, so 2800/s needs 840 at once: give each worker several gthread threads.",
            ),
            side: Side::Wsgi,
            preset: "post-benchmark-io",
            start: &[],
            goals: &[ThroughputAtLeast(2800.0)],
            rules: &[Keep(Num::Calls), Keep(Num::IoMs), Keep(Num::Users), Keep(Num::Cores)],
            solution: &[Param::Set(Num::Threads, 16.0)],
            controls: &["workers", "threads"],
        },
        Challenge {
            key: "orm-parallel",
            title: ("쿼리를 병렬로", "Queries in parallel"),
            task: (
                "async 뷰가 동기 ORM을 직접 부릅니다(5 ms 쿼리). 쿼리 시간과 사용자 수는 그대로 두고 초당 300건을 넘기세요.",
                "The async view calls the sync ORM directly (a 5 ms query). Keep the query time and the users, and get past 300 requests/s.",
            ),
            hint: (
                "동기 ORM을 직접 부르면 쿼리마다 루프가 멈춥니다. sync_to_async로 감싸면 쿼리는 스레드에서 돌고(기본값 thread_sensitive=True는 요청마다 스레드 하나) 루프는 다른 요청을 계속 처리합니다.",
                "Calling the sync ORM directly stops the loop for every query. Wrapped in sync_to_async, the query runs on a thread (with the default thread_sensitive=True, each request's own) while the loop serves the others.",
            ),
            side: Side::Asgi,
            preset: "sync-orm-in-async",
            start: &[],
            goals: &[ThroughputAtLeast(300.0)],
            rules: &[Keep(Num::DbMs), Keep(Num::Users)],
            solution: &[Param::Orm(Orm::SyncToAsyncTs)],
            controls: &["orm", "db_pool"],
        },
        Challenge {
            key: "offload-cpu",
            title: ("무거운 계산은 뒤로", "Heavy work to the back"),
            task: (
                "초당 3건, 요청마다 500 ms의 계산이 async 뷰의 루프를 붙잡습니다. 계산량과 유입량은 그대로 두고 ASGI 응답 p99를 200 ms 미만으로 만드세요.",
                "3 requests a second, each with 500 ms of computing that holds the async view's loop. Keep the work and the arrival rate, and bring the ASGI p99 under 200 ms.",
            ),
            hint: (
                "응답이 계산을 기다릴 필요가 없다면 Celery로 넘기고(task.delay()) 바로 답할 수 있습니다.",
                "If the response need not wait for the work, hand it to Celery (task.delay()) and answer at once.",
            ),
            side: Side::Asgi,
            preset: "hybrid-celery",
            start: &[Param::Celery(false)],
            goals: &[P99Below(200.0)],
            rules: &[Keep(Num::CpuMs), Keep(Num::Rate)],
            solution: &[Param::Celery(true)],
            controls: &["celery", "cpu_ms"],
        },
        Challenge {
            key: "no-timeouts",
            title: ("워커가 죽지 않게", "No worker killed"),
            task: (
                "외부 호출이 평균 8초, 가끔 30초를 넘습니다. 호출은 그대로 두고 시간 초과나 실패 없이 처리하세요.",
                "An external call takes 8 s on average and sometimes more than 30 s. Keep the call, and serve every request without a timeout or a failure.",
            ),
            hint: (
                "gunicorn의 timeout(기본 30초)이 넘게 걸린 워커를 죽입니다. 느린 호출에 맞게 늘리거나(0은 끔) 호출에 자체 timeout을 두세요.",
                "gunicorn's timeout (30 s by default) kills a worker that takes longer: raise it for slow calls (0 turns it off), or give the call its own timeout.",
            ),
            side: Side::Wsgi,
            preset: "gunicorn-timeout",
            start: &[],
            goals: &[NoBadEndings],
            rules: &[Keep(Num::IoMs), Keep(Num::IoCv)],
            solution: &[Param::Set(Num::Timeout, 0.0)],
            controls: &["timeout_s", "workers"],
        },
    ];
    ALL
}

/// The challenge with this key.
pub fn get(key: &str) -> Option<&'static Challenge> {
    all().iter().find(|c| c.key == key)
}

/// The run that checks `p`: its scenario, long enough for about `CHECK_REQUESTS` requests on the challenge's side
/// (a fifth of it warm-up, 5 s to 1 h of simulated time).
pub fn scenario(c: &Challenge, p: &Params) -> Scenario {
    let mut sc = p.scenario();
    let bound = sim::theory::max_throughput(&sim::theory::bounds(&sc, c.side));
    let per_s = if p.rate > 0.0 { bound.min(p.rate) } else { bound };
    let duration = if per_s.is_finite() && per_s > 0.0 { CHECK_REQUESTS / per_s } else { 60.0 };
    let duration = duration.clamp(5.0, 3600.0);
    sc.traffic.requests = None;
    sc.traffic.duration_s = Some(duration);
    sc.warmup_s = duration * 0.2;
    sc
}

/// One goal or rule as checked: met or not, with the number that decided it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    Goal { goal: Goal, value: f64, met: bool },
    Rule { rule: Rule, value: f64, met: bool },
}

impl Item {
    /// Met.
    pub fn met(&self) -> bool {
        match *self {
            Item::Goal { met, .. } | Item::Rule { met, .. } => met,
        }
    }
}

/// The rules as they stand for `p` (no run needed).
pub fn rules(c: &Challenge, p: &Params) -> Vec<Item> {
    let start = c.start_params();
    c.rules
        .iter()
        .map(|&rule| {
            let (value, met) = match rule {
                Rule::AtMost(n, max) => (n.get(p), n.get(p) <= max),
                Rule::Keep(n) => (n.get(p), n.get(p) == n.get(&start)),
                Rule::KeepIo => (0.0, p.io == start.io),
            };
            Item::Rule { rule, value, met }
        })
        .collect()
}

/// The goals as the run `s` meets them.
pub fn goals(c: &Challenge, s: &Summary) -> Vec<Item> {
    c.goals
        .iter()
        .map(|&goal| {
            let (value, met) = match goal {
                Goal::ThroughputAtLeast(x) => (s.throughput_per_s, s.throughput_per_s >= x),
                Goal::P50Below(x) => (s.latency_p50_ms, s.completed > 0 && s.latency_p50_ms < x),
                Goal::P99Below(x) => (s.latency_p99_ms, s.completed > 0 && s.latency_p99_ms < x),
                Goal::LoopLagBelow(x) => (s.loop_lag_p99_ms, s.loop_lag_p99_ms < x),
                Goal::NoBadEndings => ((s.timed_out + s.failed) as f64, s.timed_out + s.failed == 0),
            };
            Item::Goal { goal, value, met }
        })
        .collect()
}

/// The whole verdict: every rule kept and every goal met.
pub fn solved(items: &[Item]) -> bool {
    !items.is_empty() && items.iter().all(Item::met)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check, run natively as the page runs it.
    fn check(c: &Challenge, p: &Params) -> Vec<Item> {
        let s = sim::Sim::new(&scenario(c, p), c.side).unwrap().run();
        let mut items = rules(c, p);
        items.extend(goals(c, &s));
        items
    }

    #[test]
    fn there_are_at_least_eight_with_unique_keys() {
        assert!(all().len() >= 8);
        let mut keys: Vec<_> = all().iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all().len());
        for c in all() {
            assert!(preset_params(c.preset).is_some(), "{}: no preset {}", c.key, c.preset);
            for s in [c.title, c.task, c.hint] {
                assert!(!s.0.is_empty() && !s.1.is_empty(), "{}: a text missing in one language", c.key);
            }
        }
    }

    #[test]
    fn every_start_fails_and_every_reference_solution_passes() {
        for c in all() {
            let start = c.start_params();
            let items = check(c, &start);
            assert!(solved(&rules(c, &start)), "{}: the start breaks its own rules", c.key);
            assert!(!solved(&items), "{}: solved without a change: {items:?}", c.key);
            let mut p = start.clone();
            for &ch in c.solution {
                crate::model::set_param(&mut p, ch);
            }
            let items = check(c, &p);
            assert!(solved(&items), "{}: the reference solution fails: {items:?}", c.key);
        }
    }

    #[test]
    fn breaking_a_rule_fails_even_when_the_goals_are_met() {
        // More cores than allowed meet the throughput goal but break the rule.
        let c = get("cores-not-workers").unwrap();
        let mut p = c.start_params();
        p.cores = 8;
        let items = check(c, &p);
        assert!(items.iter().filter(|i| matches!(i, Item::Goal { .. })).all(Item::met), "{items:?}");
        assert!(!solved(&items));
        // Shortening the call is not allowed either.
        let c = get("unblock-loop").unwrap();
        let p = Params { io_ms: 10.0, ..c.start_params() };
        assert!(!solved(&rules(c, &p)));
    }
}
