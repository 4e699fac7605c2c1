//! Writes `docs/fidelity.md`: every case of the committed real-Django measurements (`fidelity::MEASUREMENTS`,
//! merged) beside the engine's simulation of it.
//!
//! `cargo run -p sim --release --example fidelity > docs/fidelity.md` (what `scripts/fidelity.sh` does).

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fail = |e: String| -> ! {
        eprintln!("{e}");
        std::process::exit(2);
    };
    let doc = sim::fidelity::load(&root).unwrap_or_else(|e| fail(e));
    let rows = |overhead| sim::fidelity::rows(sim::fidelity::cases_of(&doc, overhead).unwrap_or_else(|e| fail(e)));
    let (defaults, measured_cpu) =
        (rows(sim::fidelity::Overhead::Defaults), rows(sim::fidelity::Overhead::MeasuredCpu));
    print!("{}", sim::fidelity::report(&defaults, &measured_cpu));
}
