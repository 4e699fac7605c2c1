//! The traffic: who sends requests (closed-loop users or open-loop Poisson arrivals), and how many.

use crate::handler::Dist;
use serde::{Deserialize, Serialize};

/// Closed loop (`ab`) or open loop (Poisson).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficKind {
    /// Like `ab -n REQUESTS -c USERS`: each user sends its next request when the previous one answers.
    Closed,
    /// Poisson arrivals at a fixed rate, whatever the server does.
    Open,
}

/// The load generator. A plain struct (not a tagged enum) so that every parse error names its field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// `closed` or `open`.
    pub kind: TrafficKind,
    /// Closed: concurrent users (1–5000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<u32>,
    /// Closed: time between an answer and the user's next request, in ms (default 0, as `ab`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub think: Option<Dist>,
    /// Open: mean arrival rate in requests per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_s: Option<f64>,
    /// Total requests to send (`ab -n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requests: Option<u64>,
    /// Stop sending after this many seconds (`ab -t`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_s: Option<f64>,
    /// Closed: a user keeps its connection open between requests (default true: `wrk`, browsers and HTTP client
    /// libraries do; `ab` only with `-k`). Its requests then go to the process that accepted the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_alive: Option<bool>,
    /// CPU the load generator spends on each response, in ms, when it runs on the server's machine (a benchmark
    /// client such as wrk or ab on the same cores; default none: the users are elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cpu_ms: Option<f64>,
}

impl Traffic {
    /// `ab -c users` for `requests` requests.
    pub fn closed(users: u32, requests: Option<u64>, duration_s: Option<f64>) -> Self {
        Traffic {
            kind: TrafficKind::Closed,
            users: Some(users),
            think: None,
            rate_per_s: None,
            requests,
            duration_s,
            keep_alive: None,
            client_cpu_ms: None,
        }
    }

    /// Poisson arrivals at `rate_per_s`.
    pub fn open(rate_per_s: f64, requests: Option<u64>, duration_s: Option<f64>) -> Self {
        Traffic {
            kind: TrafficKind::Open,
            users: None,
            think: None,
            rate_per_s: Some(rate_per_s),
            requests,
            duration_s,
            keep_alive: None,
            client_cpu_ms: None,
        }
    }

    /// The request limit, if any.
    pub fn requests(&self) -> Option<u64> {
        self.requests
    }

    /// The sending-time limit in seconds, if any.
    pub fn duration_s(&self) -> Option<f64> {
        self.duration_s
    }

    /// Whether a user's requests reuse its connection (closed traffic only; default true).
    pub fn keep_alive(&self) -> bool {
        self.kind == TrafficKind::Closed && self.keep_alive.unwrap_or(true)
    }

    /// Think time between requests of one user (zero unless set).
    pub fn think(&self) -> Dist {
        self.think.unwrap_or(Dist::Fixed(0.0))
    }
}
