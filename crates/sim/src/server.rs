//! The servers: what event loops and threads do with a request's ops.
//!
//! - `event_loop`: uvicorn's asyncio loops (ready queue, parking, `gather`, `sync_to_async`).
//! - `threads`: every OS thread that runs Python op by op — gunicorn sync and gthread workers, a `def` view's
//!   thread under ASGI, the loop's default executor, Celery workers — plus the DB pool.

pub mod event_loop;
#[cfg(test)]
mod tests;
pub mod threads;
