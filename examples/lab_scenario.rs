//! Prints the scenario of the lab's default settings as JSON (used by `e2e/bench-sweep.mjs` to run the very same
//! sweep natively with the CLI and in the browser).

fn main() {
    println!("{}", loop_lab::model::Params::default().scenario().to_json());
}
