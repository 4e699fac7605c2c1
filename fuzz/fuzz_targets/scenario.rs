//! Fuzzes the scenario parser: any bytes must parse or be rejected with a named field — never panic. Accepted
//! scenarios are also simulated briefly, so the engine's handling of odd but valid settings is fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match sim::Scenario::from_json(text) {
        Err(e) => assert!(!e.field.is_empty()),
        Ok(mut sc) => {
            sc.traffic.requests = Some(sc.traffic.requests.unwrap_or(50).min(50));
            sc.traffic.duration_s = Some(sc.traffic.duration_s.unwrap_or(2.0).min(2.0));
            // Validation wants the warm-up to end before sending stops.
            sc.warmup_s = sc.warmup_s.min(1.0);
            for side in sc.sides() {
                let mut sim = sim::Sim::new(&sc, side).expect("a validated scenario builds");
                let s = sim.run();
                assert_eq!(s.completed + s.refused + s.timed_out + s.failed + s.in_flight, sim.sent());
            }
        }
    }
});
