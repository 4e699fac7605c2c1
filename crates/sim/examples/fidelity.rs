//! Writes `docs/fidelity.md`: every case of a real-Django measurement beside the engine's simulation of it.
//!
//! `cargo run -p sim --release --example fidelity -- bench/django/measured/<date>.json > docs/fidelity.md`
//! (`scripts/fidelity.sh` does exactly that for the newest full measurement).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: fidelity bench/django/measured/<date>.json");
        std::process::exit(2);
    };
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let rows = |overhead| {
        let cases = sim::fidelity::cases_with(&doc, overhead).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        });
        sim::fidelity::rows(cases)
    };
    let (defaults, measured_cpu) =
        (rows(sim::fidelity::Overhead::Defaults), rows(sim::fidelity::Overhead::MeasuredCpu));
    print!("{}", sim::fidelity::report(&path, &defaults, &measured_cpu));
}
