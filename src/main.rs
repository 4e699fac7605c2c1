//! Entry point of the web app (built by Trunk).

fn main() {
    loop_lab::start();
}
