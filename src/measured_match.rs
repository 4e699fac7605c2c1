//! Real measurements beside the simulation: which measured server + view (`measured::TWINS`) a setup is, and the
//! measured runs (`measured::POINTS`) to draw over a sweep of it. Pure: no browser.
//!
//! A twin is one server and one view of `bench/django/` (`uvicorn-p1 · asleep`), kept as the parameters whose side
//! simulates the case exactly as `sim::fidelity` does (its `engine` scenario; `TCP_NODELAY` as that server sets
//! it). A side of the reader's setup matches a twin when that side runs the same server on the same machine: the
//! same cores and DB pool; uvicorn's process count and `TCP_NODELAY`, or gunicorn's workers, worker class and
//! threads; the same view (`def` or `async def`, and every step with its duration); no injected crash, and
//! gunicorn's `timeout` and `max_requests` as measured. The traffic is not compared (a sweep sets it), nor the
//! engine's own cost parameters (overheads): the measurement is what they are judged against.
//!
//! Only `wrk` runs are kept (keep-alive connections, like the lab's users), on `uvicorn` and gunicorn's `sync` and
//! `gthread` workers. The lab's uvicorn sets `TCP_NODELAY`: stock `uvicorn --workers 2` does not (its runs stall on
//! delayed ACKs and match nothing), the harness's patched one (`uvicorn-p2-nodelay`) does. gunicorn +
//! `UvicornWorker` runs the same loops but is another process manager, so it is left out.

use crate::i18n::{tr, Lang, T};
use crate::measured::{POINTS, SOURCE, TWINS};
use crate::model::Params;
pub use crate::twin::{decode, Point, Source, Twin};
use sim::sweep::Axis;
use sim::Side;

/// True when `a` and `b` set up the same server for `side` (see the module's doc), read from the parameters
/// without building their scenarios (`tests::same_side_is_same_setup` checks that it agrees with comparing the
/// scenarios `Params::scenario` builds).
pub fn same_side(a: &Params, b: &Params, side: Side) -> bool {
    let common = a.cores == b.cores && a.db_pool == b.db_pool && a.crash_at_s == 0.0 && b.crash_at_s == 0.0;
    common
        && match side {
            Side::Asgi => {
                a.processes == b.processes
                    && a.asgi_sync_view == b.asgi_sync_view
                    && if a.asgi_sync_view {
                        a.sync_steps() == b.sync_steps()
                    } else {
                        a.async_steps() == b.async_steps()
                    }
            }
            Side::Wsgi => {
                a.workers == b.workers
                    && a.threads == b.threads
                    && a.timeout_s == b.timeout_s
                    && a.max_requests == b.max_requests
                    && a.sync_steps() == b.sync_steps()
            }
        }
}

/// The index in `TWINS` of the measured twin of `p`'s `side`.
pub fn twin(p: &Params, side: Side) -> Option<usize> {
    TWINS.iter().position(|t| t.side == side && same_side(&t.params(), p, side))
}

/// The measured runs to draw over a sweep of `p` along `axis` on `side`: every run of its twin, each repeat on its
/// own (their spread is the machine's noise). Only a sweep of the users has them (the measurements vary the
/// concurrency, with the server fixed).
pub fn sweep_points(p: &Params, axis: Axis, side: Side) -> Vec<Point> {
    match twin(p, side).filter(|_| axis == Axis::Users) {
        Some(i) => POINTS.iter().filter(|q| q.twin as usize == i).copied().collect(),
        None => Vec::new(),
    }
}

/// The throughput real Django measured for `p`'s `side` at `p`'s users, as the lowest and highest of its runs
/// (repeats differ by the machine's noise), when that setup was measured at that concurrency.
pub fn measured_rps(p: &Params, side: Side) -> Option<(f64, f64)> {
    let i = twin(p, side)?;
    let rps = POINTS.iter().filter(|q| q.twin as usize == i && u32::from(q.users) == p.users).map(Point::rps);
    rps.fold(None, |acc, v| Some(acc.map_or((v, v), |(lo, hi): (f64, f64)| (lo.min(v), hi.max(v)))))
}

/// The caption under charts that draw measured runs: what they are, where and how they were measured.
pub fn caption(lang: Lang) -> String {
    tr(lang, T::MeasuredCaption)
        .replace("{v}", SOURCE.versions)
        .replace("{c}", &SOURCE.cores.to_string())
        .replace("{t}", SOURCE.tool)
        .replace("{d}", SOURCE.date)
        .replace("{s}", &SOURCE.run_s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measured::TWIN_KEYS;
    use crate::model::generate::rust_literal;
    use crate::model::{IoStyle, Orm};
    use serde_json::Value;
    use sim::Scenario;

    /// True when `a` and `b` run the same server on the same machine for `side` (see the module's doc).
    fn same_setup(a: &Scenario, b: &Scenario, side: Side) -> bool {
        let common = a.machine.cores == b.machine.cores && a.db == b.db && a.faults.is_empty() && b.faults.is_empty();
        common
            && match side {
                Side::Asgi => match (&a.asgi, &b.asgi) {
                    (Some(x), Some(y)) => {
                        x.processes == y.processes
                            && x.tcp_nodelay == y.tcp_nodelay
                            && x.view == y.view
                            && x.executor_threads == y.executor_threads
                    }
                    _ => false,
                },
                Side::Wsgi => match (&a.wsgi, &b.wsgi) {
                    (Some(x), Some(y)) => {
                        x.workers == y.workers
                            && x.effective_worker_class() == y.effective_worker_class()
                            && x.threads == y.threads
                            && x.view == y.view
                            && x.timeout_s == y.timeout_s
                            && x.max_requests == y.max_requests
                    }
                    _ => false,
                },
            }
    }

    /// Server kinds whose runs are drawn (see the module's doc).
    const SERVERS: [&str; 3] = ["uvicorn", "gunicorn-sync", "gunicorn-gthread"];

    fn text(v: &Value) -> &str {
        v.as_str().unwrap_or_default()
    }

    fn encode(v: f64) -> u16 {
        let e = ((v.log10() + 1.0) * 1e4).round();
        assert!((0.0..=65535.0).contains(&e), "{v} out of the encoding's range");
        e as u16
    }

    /// `text` as doc-comment lines of at most 116 characters, the first continuing `//! JSON parser.`.
    fn wrap(text: &str) -> String {
        let mut out = String::new();
        let mut line = "//! JSON parser.".len();
        for word in text.split(' ').skip(1) {
            if line + word.chars().count() + 1 > 116 {
                out.push_str("\n//!");
                line = 3;
            }
            out.push(' ');
            out.push_str(word);
            line += word.chars().count() + 1;
        }
        out
    }

    /// The text of `src/measured.rs`, generated from the measurement.
    fn measured_source() -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let json = sim::fidelity::load(root).unwrap();
        let base: Value =
            serde_json::from_str(&std::fs::read_to_string(root.join(sim::fidelity::MEASUREMENTS[0])).unwrap()).unwrap();
        let base_cases = base["cases"].as_array().unwrap();
        let pkg = &json["versions"]["packages"];
        let versions = format!(
            "Django {}, gunicorn {} / uvicorn {}",
            text(&pkg["Django"]),
            text(&pkg["gunicorn"]),
            text(&pkg["uvicorn"])
        );
        let cores = json["machine"]["cores"].as_u64().unwrap();
        let dates: Vec<&str> = json["dates"].as_array().unwrap().iter().map(text).collect();
        let date = dates.join(" / ");
        let run_s = json["method"]["duration_s"].as_u64().unwrap();
        let mut twins: Vec<(String, Side, Params)> = Vec::new();
        let mut points = Vec::new();
        let mut skipped = Vec::new();
        for case in json["cases"].as_array().unwrap() {
            let server = &case["server"];
            if text(&case["tool"]) != "wrk" || !SERVERS.contains(&text(&server["kind"])) {
                continue;
            }
            // A CPU-bound view's loop ran ~3× faster on the later day: its points are the first day's runs, so one
            // line of points is one machine speed (the fidelity test compares each case, given its own CPU, on
            // its latest run). Those first-day runs carried at most ~4 % of the warm-up's leftover work.
            let first_day;
            let case = if text(&case["view"]["name"]).starts_with("cpu_") && text(&case["measured_on"]) != dates[0] {
                first_day = base_cases.iter().find(|c| c["id"] == case["id"]).unwrap();
                first_day
            } else {
                case
            };
            // The server as the fidelity test simulates it (`TCP_NODELAY`), with the view as the reader sets it
            // up (the fidelity test times a CPU-bound view's loop from the server's CPU counters instead).
            let fidelity = sim::fidelity::case(case).unwrap().scenario;
            let mut engine = Scenario::from_json(&case["engine"].to_string()).unwrap();
            if let (Some(a), Some(f)) = (engine.asgi.as_mut(), fidelity.asgi.as_ref()) {
                a.tcp_nodelay = f.tcp_nodelay;
            }
            let side = if engine.asgi.is_some() { Side::Asgi } else { Side::Wsgi };
            // `Params::from_scenario` reads a `def` view under ASGI from the WSGI side (both sides serve the same
            // `def` view in the lab): give it one.
            let mut sc = engine.clone();
            if let Some(a) = sc.asgi.as_ref().filter(|a| a.view.kind == sim::ViewKind::Sync) {
                let mut w = Params::default().scenario().wsgi.unwrap();
                w.view = a.view.clone();
                sc.wsgi = Some(w);
            }
            let params = Params { users: Params::default().users, ..Params::from_scenario(&sc) };
            let key = format!("{} · {}", text(&server["key"]), text(&case["view"]["name"]));
            if !same_setup(&params.scenario(), &engine, side) {
                // The lab's toggles cannot set this up (`sync_to_async` around `time.sleep`; uvicorn without
                // `TCP_NODELAY`).
                if !skipped.contains(&key) {
                    skipped.push(key);
                }
                continue;
            }
            let i = match twins.iter().position(|t| t.0 == key) {
                Some(i) => i,
                None => {
                    twins.push((key, side, params));
                    twins.len() - 1
                }
            };
            let num = |v: &Value| v.as_f64().unwrap();
            points.push((
                i,
                case["concurrency"].as_u64().unwrap(),
                case["repeat"].as_u64().unwrap(),
                num(&case["throughput_rps"]),
                num(&case["latency_ms"]["p99"]),
            ));
        }
        points.sort_by_key(|p| (p.0, p.1, p.2));
        let mut out = format!(
            "//! Generated by `measured_match::tests::measured_table_is_up_to_date` from `sim::fidelity::MEASUREMENTS` (run\n\
             //! `UPDATE_GENERATED=1 cargo test -p loop-lab measured` after changing the measurement or the generator).\n\
             //! The `wrk` runs of every server + view the lab's toggles can set up, so the page draws them without a\n\
             //! JSON parser.{}\n\n\
             use crate::model::{{IoStyle, Orm}};\n\
             use crate::twin::{{Point, Source, Twin}};\n\
             use sim::Side;\n\n\
             /// Where the points were measured.\n\
             #[rustfmt::skip]\n\
             pub const SOURCE: Source = Source {{ versions: {versions:?}, cores: {cores}, tool: \"wrk\", date: {date:?}, run_s: {run_s} }};\n\n\
             /// Every measured server + view (its key is the comment, and in `TWIN_KEYS`).\n\
             #[rustfmt::skip]\n\
             pub const TWINS: &[Twin] = &[\n",
            wrap(&format!(" Left out (the toggles cannot set them up): {}.", skipped.join(", ")))
        );
        for (i, (key, side, p)) in twins.iter().enumerate() {
            let t = Twin {
                side: *side,
                io: p.io,
                orm: p.orm,
                gather: p.gather,
                asgi_sync_view: p.asgi_sync_view,
                calls: p.calls as u8,
                processes: p.processes as u8,
                workers: p.workers as u8,
                threads: p.threads as u8,
                db_pool: p.db_pool as u16,
                io_ms: p.io_ms as f32,
                cpu_ms: p.cpu_ms as f32,
                db_ms: p.db_ms as f32,
            };
            // The compact form must be the whole setup.
            assert_eq!(rust_literal(&t.params()), rust_literal(p), "{key}: a field the table does not keep");
            out.push_str(&format!(
                "    Twin {{ side: Side::{side:?}, io: IoStyle::{:?}, orm: Orm::{:?}, gather: {}, asgi_sync_view: {}, \
                 calls: {}, processes: {}, workers: {}, threads: {}, db_pool: {}, io_ms: {:?}, cpu_ms: {:?}, \
                 db_ms: {:?} }}, // {i}: {key}\n",
                t.io,
                t.orm,
                t.gather,
                t.asgi_sync_view,
                t.calls,
                t.processes,
                t.workers,
                t.threads,
                t.db_pool,
                t.io_ms,
                t.cpu_ms,
                t.db_ms
            ));
        }
        out.push_str(
            "];\n\n/// The twins' keys (`server-key · view-name`, as in the case ids), for tests.\n#[cfg(test)]\n",
        );
        out.push_str("#[rustfmt::skip]\npub const TWIN_KEYS: &[&str] = &[\n");
        for (key, _, _) in &twins {
            out.push_str(&format!("    {key:?},\n"));
        }
        out.push_str(
            "];\n\n/// Every run: twin, repeat, users, then requests/s and p99 ms encoded (`twin::decode`; the \
             values\n/// are in the comment).\n#[rustfmt::skip]\npub const POINTS: &[Point] = &[\n",
        );
        for (twin, users, repeat, rps, p99) in points {
            out.push_str(&format!(
                "    Point {{ twin: {twin}, repeat: {repeat}, users: {users}, rps: {}, p99: {} }}, // {rps} req/s, \
                 p99 {p99} ms\n",
                encode(rps),
                encode(p99)
            ));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn measured_table_is_up_to_date() {
        let want = measured_source();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/measured.rs");
        let have = std::fs::read_to_string(path).unwrap_or_default();
        if have != want {
            if std::env::var_os("UPDATE_GENERATED").is_some() {
                std::fs::write(path, &want).unwrap();
            } else {
                panic!("src/measured.rs is out of date: run UPDATE_GENERATED=1 cargo test -p loop-lab measured");
            }
        }
    }

    #[test]
    fn each_twin_is_one_setup_found_by_its_own_params() {
        assert!(TWINS.len() >= 10 && POINTS.len() >= 50, "{} twins, {} points", TWINS.len(), POINTS.len());
        assert_eq!(TWIN_KEYS.len(), TWINS.len());
        for (i, t) in TWINS.iter().enumerate() {
            // Its own parameters find it (and no other twin of that side has the same setup).
            assert_eq!(twin(&t.params(), t.side), Some(i), "{}", TWIN_KEYS[i]);
            assert!(POINTS.iter().any(|p| p.twin as usize == i), "{} has no run", TWIN_KEYS[i]);
        }
        for p in POINTS {
            assert!(p.rps() > 0.5 && p.p99_ms() > 0.1 && (1..=5000).contains(&p.users), "{p:?}");
        }
        // The encoding keeps four significant digits.
        for v in [0.595, 9.62, 2451.03, 7989.036] {
            assert!((decode(encode(v)) / v - 1.0).abs() < 2e-4, "{v}");
        }
    }

    fn keys(p: &Params) -> (Option<&'static str>, Option<&'static str>) {
        (twin(p, Side::Asgi).map(|i| TWIN_KEYS[i]), twin(p, Side::Wsgi).map(|i| TWIN_KEYS[i]))
    }

    #[test]
    fn same_side_is_same_setup() {
        // Pairs of setups from a few values per parameter, the second mostly a copy of the first, so that many
        // pairs match: comparing parameters must say what comparing their scenarios says.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut pick = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let setup = |pick: &mut dyn FnMut(usize) -> usize| Params {
            io: IoStyle::ALL[pick(4)],
            calls: pick(4) as u32,
            io_ms: [50.0, 100.0][pick(2)],
            gather: pick(2) == 0,
            cpu_ms: [0.0, 2.0, 20.0][pick(3)],
            orm: Orm::ALL[pick(4)],
            db_ms: [5.0, 20.0][pick(2)],
            db_pool: [0, 20][pick(2)],
            asgi_sync_view: pick(2) == 0,
            processes: 1 + pick(2) as u32,
            workers: [4, 8][pick(2)],
            threads: [1, 8][pick(2)],
            cores: [2, 4][pick(2)],
            users: 1 + pick(100) as u32,
            rate: [0.0, 30.0][pick(2)],
            io_cv: [0.0, 0.5][pick(2)],
            celery: pick(2) == 0,
            crash_at_s: [0.0, 5.0][pick(2)],
            max_requests: [0, 1000][pick(2)],
            timeout_s: [30.0, 60.0][pick(2)],
            ..Params::default()
        };
        let (mut same, mut n) = (0, 0);
        for _ in 0..20_000 {
            let a = setup(&mut pick);
            let b = if pick(4) == 0 {
                setup(&mut pick)
            } else {
                let mut b = a.clone();
                let other = setup(&mut pick);
                // Change one parameter (or none).
                match pick(12) {
                    0 => b.io = other.io,
                    1 => b.calls = other.calls,
                    2 => b.gather = other.gather,
                    3 => b.cpu_ms = other.cpu_ms,
                    4 => b.orm = other.orm,
                    5 => b.db_ms = other.db_ms,
                    6 => b.asgi_sync_view = other.asgi_sync_view,
                    7 => b.threads = other.threads,
                    8 => b.celery = other.celery,
                    9 => b.users = other.users,
                    10 => b.processes = other.processes,
                    _ => {}
                }
                b
            };
            for side in Side::BOTH {
                let want = same_setup(&a.scenario(), &b.scenario(), side);
                assert_eq!(same_side(&a, &b, side), want, "{side:?}\n{a:?}\n{b:?}");
                (same, n) = (same + want as u32, n + 1);
            }
        }
        assert!(same > n / 10, "{same} of {n} pairs matched: too few to test");
    }

    #[test]
    fn time_sleep_without_cpu_matches_gunicorn_sync_w4_sleep_sync() {
        // The defaults (4 sync workers, one 100 ms call) with `time.sleep(0.1)` and no CPU step.
        let p = Params { io: IoStyle::TimeSleep, cpu_ms: 0.0, ..Params::default() };
        assert_eq!(keys(&p), (Some("uvicorn-p1 · sleep_in_async"), Some("gunicorn-sync-w4 · sleep_sync")));
        // `await asyncio.sleep(0.1)`: the WSGI side's `def` view is the same `time.sleep(0.1)`.
        let p = Params { cpu_ms: 0.0, ..Params::default() };
        assert_eq!(keys(&p), (Some("uvicorn-p1 · asleep"), Some("gunicorn-sync-w4 · sleep_sync")));
        let pts = sweep_points(&p, Axis::Users, Side::Wsgi);
        let users: Vec<u16> = pts.iter().map(|p| p.users).collect();
        assert_eq!(users, [1, 10, 50, 200]);
        // Measured again on 2026-12-08, after the harness's drain was fixed (36.72 req/s before).
        assert!((pts[2].rps() - 39.44).abs() < 0.01 && (pts[2].p99_ms() - 1316.608).abs() < 0.4, "{:?}", pts[2]);
        // Repeats are drawn one by one.
        let asgi = sweep_points(&p, Axis::Users, Side::Asgi);
        assert_eq!(asgi.iter().filter(|p| p.users == 50).count(), 3);
    }

    #[test]
    fn other_measured_views_and_servers() {
        let cpu = Params { calls: 0, cpu_ms: 20.0, ..Params::default() };
        assert_eq!(keys(&cpu), (Some("uvicorn-p1 · cpu_async"), Some("gunicorn-sync-w4 · cpu_sync")));
        let def_view = Params { asgi_sync_view: true, workers: 8, ..cpu.clone() };
        assert_eq!(keys(&def_view), (Some("uvicorn-p1 · cpu_sync"), Some("gunicorn-sync-w8 · cpu_sync")));
        let gather = Params { calls: 3, cpu_ms: 0.0, gather: true, processes: 2, threads: 8, ..Params::default() };
        assert_eq!(keys(&gather), (None, None));
        // Two uvicorn processes: the lab's set TCP_NODELAY, like the harness's patched uvicorn (stock uvicorn
        // 0.54 with --workers does not, and stalls on delayed ACKs).
        let hello = Params { calls: 0, cpu_ms: 0.0, processes: 2, threads: 8, ..Params::default() };
        assert_eq!(
            keys(&hello),
            (Some("uvicorn-p2-nodelay · hello_async"), Some("gunicorn-gthread-w4t8 · hello_sync"))
        );
        let seq = Params { calls: 3, cpu_ms: 0.0, gather: true, ..Params::default() };
        assert_eq!(keys(&seq), (Some("uvicorn-p1 · gather3"), Some("gunicorn-sync-w4 · seq3_sync")));
        let db =
            Params { calls: 0, cpu_ms: 0.0, orm: Orm::SyncToAsyncTs, db_ms: 20.0, db_pool: 20, ..Params::default() };
        assert_eq!(keys(&db), (Some("uvicorn-p1-pg20 · db_s2a"), None));
        assert_eq!(keys(&Params { workers: 4, threads: 50, ..db }).1, Some("gunicorn-gthread-w4t50-pg5 · db_sync"));
        // Nothing else is drawn for stock `uvicorn --workers 2` or gunicorn + UvicornWorker.
        assert!(TWIN_KEYS.iter().all(|k| !k.starts_with("uvicorn-p2 ") && !k.contains("uvicornworker")));
    }

    #[test]
    fn a_view_or_server_with_no_measured_twin_matches_nothing() {
        // The defaults' view has a 2 ms CPU step, which no measured view has.
        assert_eq!(keys(&Params::default()), (None, None));
        let base = Params { cpu_ms: 0.0, ..Params::default() };
        for (what, p) in [
            ("two calls", Params { calls: 2, ..base.clone() }),
            ("another duration", Params { io_ms: 50.0, ..base.clone() }),
            ("variable calls", Params { io_cv: 0.5, ..base.clone() }),
            ("four cores", Params { cores: 4, ..base.clone() }),
            ("a DB pool", Params { db_pool: 10, ..base.clone() }),
            ("a crash", Params { crash_at_s: 5.0, ..base.clone() }),
            ("three processes, five workers", Params { processes: 3, workers: 5, ..base.clone() }),
        ] {
            for side in Side::BOTH {
                assert_eq!(sweep_points(&p, Axis::Users, side), [], "{what} {side:?}");
            }
        }
        // Celery changes the ASGI view only (the WSGI side does the work inline either way).
        let celery = Params { calls: 0, cpu_ms: 20.0, celery: true, ..base.clone() };
        assert_eq!(keys(&celery), (None, Some("gunicorn-sync-w4 · cpu_sync")));
        // gunicorn recycling its workers is another server.
        assert_eq!(keys(&Params { max_requests: 1000, ..base.clone() }).1, None);
        // Traffic is not compared: any users or an open loop.
        assert_eq!(keys(&Params { users: 7, rate: 30.0, ..base.clone() }), keys(&base));
    }

    #[test]
    fn measured_throughput_at_the_setups_own_users_spans_its_repeats() {
        // uvicorn, one process, `await asyncio.sleep(0.1)`, 50 connections: three runs (294 and 239 req/s on
        // 2026-11-28, and 370 on 2026-12-08, which replaced that day's 326).
        let p = TWINS[twin_of("uvicorn-p1 · asleep")].params();
        let at = |users| measured_rps(&Params { users, ..p.clone() }, Side::Asgi);
        let (lo, hi) = at(50).expect("measured at 50");
        assert!((238.0..240.0).contains(&lo) && (369.0..371.0).contains(&hi), "{lo} {hi}");
        assert_eq!(at(10).map(|(lo, hi)| (lo == hi, (90.5..92.0).contains(&lo))), Some((true, true)));
        assert_eq!(at(37), None, "no run at 37 connections");
        // Its WSGI side is the same view with `time.sleep` on 4 gunicorn sync workers: measured once, 39.4 req/s.
        let wsgi = measured_rps(&Params { users: 50, ..p.clone() }, Side::Wsgi).expect("gunicorn-sync-w4 · sleep_sync");
        assert!(wsgi.0 == wsgi.1 && (39.0..40.0).contains(&wsgi.0), "{wsgi:?}");
        assert_eq!(measured_rps(&Params { workers: 5, users: 50, ..p }, Side::Wsgi), None, "5 workers: not measured");
    }

    /// The index of the twin with this key.
    fn twin_of(key: &str) -> usize {
        TWIN_KEYS.iter().position(|k| *k == key).expect(key)
    }

    #[test]
    fn only_a_sweep_of_the_users_draws_measurements() {
        let p = Params { cpu_ms: 0.0, ..Params::default() };
        assert_eq!(sweep_points(&p, Axis::Users, Side::Wsgi).len(), 4);
        assert_eq!(sweep_points(&p, Axis::Workers, Side::Wsgi), []);
    }

    #[test]
    fn the_caption_says_where_and_what_was_measured_in_both_languages() {
        let en = caption(Lang::En);
        assert!(en.contains("real Django 5.2.19, gunicorn 27.0.1 / uvicorn 0.54.0, 2 cores, wrk, 2026-11-28"), "{en}");
        assert!(en.contains("8-second") && en.contains("noise"), "{en}");
        let ko = caption(Lang::Ko);
        assert!(ko.contains("실제 Django 5.2.19, gunicorn 27.0.1 / uvicorn 0.54.0, 2코어, wrk, 2026-11-28"), "{ko}");
        assert!(!ko.contains('{') && !en.contains('{'), "{ko}");
    }
}
