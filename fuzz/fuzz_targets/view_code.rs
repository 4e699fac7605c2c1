//! Fuzzes the code reader: any bytes read as a view or are refused with a `ReadError` — never a panic, never more
//! steps than the engine takes; every fix a reading offers reads too, and its steps are a valid view.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(code) = std::str::from_utf8(data) else { return };
    let Ok(r) = reader::read(code) else { return };
    assert!(r.steps.len() <= sim::handler::MAX_STEPS);
    for f in &r.findings {
        assert!(reader::read(&f.fixed).is_ok(), "{:?} fix does not read:\n{}", f.rule, f.fixed);
    }
    // What the page receives decodes back to the same message.
    let sent = reader::message::answer(1, &Ok(r));
    let (_, back) = reader::message::parse_answer(&sent).expect("an answer decodes");
    assert_eq!(reader::message::answer(1, &back), sent);
});
