//! Loop Lab's engine: a deterministic discrete-event simulation of a Django API server under load, on one
//! asyncio event loop per uvicorn process (ASGI) or on a pool of gunicorn workers (WSGI).
//!
//! - [`Scenario`] describes traffic, machine, servers and the view's code ([`Step`]s), as JSON.
//! - [`Sim`] simulates one side of a scenario; [`Sim::step`], [`Sim::step_until`] and [`Sim::run`] advance it.
//! - [`Summary`] and [`Metrics`] report what happened; [`Snapshot`] is what a renderer may draw at time t.
//! - [`presets`] are the scenes of the blog post, as data; [`theory`] holds the queueing formulas the tests
//!   and charts compare against.
//!
//! Architecture invariant: this crate never touches a browser, a clock or a file; it cannot fail on I/O. Time is
//! an integer count of simulated nanoseconds and every random draw comes from the scenario's seed.

pub mod cpu;
pub mod engine;
pub mod fidelity;
pub mod handler;
pub mod metrics;
pub mod presets;
pub mod request;
pub mod scenario;
pub mod server;
pub mod snapshot;
pub mod sweep;
pub mod theory;
pub mod time;
pub mod window;

pub use engine::{Doing, Loc, ProcKind, Role, Sim};
pub use handler::{Dist, Step, ViewKind};
pub use metrics::{Metrics, Outcome, Phase, Summary};
pub use scenario::{
    AsgiConfig, CeleryConfig, DbConfig, Fault, Machine, MemoryModel, Scenario, ScenarioError, Side, Traffic,
    TrafficKind, View, WorkerClass, WsgiConfig,
};
pub use snapshot::Snapshot;

/// Runs every side of a scenario to completion, ASGI first.
pub fn run_all(sc: &Scenario) -> Result<Vec<(Side, Summary)>, ScenarioError> {
    sc.sides().into_iter().map(|side| Ok((side, Sim::new(sc, side)?.run()))).collect()
}
