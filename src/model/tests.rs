//! Tests of the parameter model: the table, clamping, the scenario mapping both ways, the generated presets.

use super::generate::preset_params_source;
use super::*;

#[test]
fn preset_params_are_up_to_date() {
    let want = preset_params_source();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/preset_params.rs");
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have != want {
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            std::fs::write(path, &want).unwrap();
        } else {
            panic!("src/preset_params.rs is out of date: run UPDATE_GENERATED=1 cargo test -p loop-lab preset_params");
        }
    }
    for p in sim::presets::all().unwrap() {
        assert_eq!(crate::preset_params::preset_params(&p.key), Some(Params::from_scenario(&p.scenario)), "{}", p.key);
    }
}

#[test]
fn default_params_make_a_valid_scenario() {
    let sc = Params::default().scenario();
    sc.validate().unwrap();
    assert_eq!(sc.sides().len(), 2);
}

#[test]
fn every_range_edge_is_valid() {
    for &n in Num::ALL {
        let r = n.spec().range;
        for v in [r.min, r.max] {
            let mut p = Params::default();
            n.set(&mut p, v);
            assert_eq!(n.get(&p), v, "{n:?}");
            p.orm = Orm::SyncToAsyncShared;
            p.gather = true;
            p.scenario().validate().unwrap_or_else(|e| panic!("{n:?}={v}: {e}"));
        }
    }
}

#[test]
fn the_table_is_one_row_per_parameter_with_unique_names_and_url_keys() {
    assert_eq!(NUMERIC.len(), Num::ALL.len());
    for (i, &n) in Num::ALL.iter().enumerate() {
        assert_eq!(n as usize, i);
        assert_eq!(Num::from_name(n.spec().name), Some(n));
        assert_eq!(Num::from_url(n.spec().url), Some(n));
    }
    // Whole parameters round; others keep fractions; NaN is the minimum.
    let mut p = Params::default();
    Num::Workers.set(&mut p, 7.6);
    assert_eq!(p.workers, 8);
    Num::IoMs.set(&mut p, 12.5);
    assert_eq!(p.io_ms, 12.5);
    Num::Users.set(&mut p, f64::NAN);
    assert_eq!(p.users, 1);
}

#[test]
fn every_preset_round_trips() {
    // The stage runs `Params::from_scenario(preset).scenario()`: it must be the preset itself, up to the traffic
    // limit (the stage runs until stopped) and the name.
    for p in sim::presets::all().unwrap() {
        let sc = Params::from_scenario(&p.scenario).scenario();
        let (a, b) = (&p.scenario, &sc);
        assert_eq!(a.machine, b.machine, "{}", p.key);
        assert_eq!(a.asgi, b.asgi, "{} asgi", p.key);
        assert_eq!(a.wsgi, b.wsgi, "{} wsgi", p.key);
        assert_eq!(a.db, b.db, "{}", p.key);
        assert_eq!(a.faults, b.faults, "{}", p.key);
        assert_eq!(
            (a.traffic.kind, a.traffic.users, a.traffic.rate_per_s),
            (b.traffic.kind, b.traffic.users, b.traffic.rate_per_s),
            "{}",
            p.key
        );
    }
}

#[test]
fn time_sleep_blocks_and_gather_groups() {
    let p = Params { io: IoStyle::TimeSleep, calls: 3, gather: false, cpu_ms: 0.0, ..Params::default() };
    assert_eq!(p.async_steps().len(), 3);
    assert!(matches!(p.async_steps()[0], Step::BlockingIo(_)));
    let g = Params { gather: true, io: IoStyle::Httpx, ..p };
    assert!(matches!(&g.async_steps()[0], Step::Gather(c) if c.len() == 3));
    // Sync code has no gather.
    assert_eq!(g.sync_steps().len(), 3);
}
