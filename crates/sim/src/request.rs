//! Where a request is and how it ended: leaf types that the engine, the metrics, their recent past and the
//! snapshot share.

/// Where a request is, for the renderer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// In the listen backlog.
    Backlog,
    /// In loop `l`'s ready queue.
    Ready(u32),
    /// Running on loop `l` (computing or blocking it).
    Running(u32),
    /// Parked on loop `l`, awaiting I/O or a thread.
    Parked(u32),
    /// On thread `t` (a worker, or its thread-sensitive thread).
    Thread(u32),
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered.
    Completed,
    /// Refused at the door: the listen backlog was full.
    Refused,
    /// Its worker was killed by gunicorn's timeout.
    TimedOut,
    /// Its process crashed.
    Failed,
}
