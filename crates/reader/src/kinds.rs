//! What a line can be recognised as: one table, with each kind's default duration and the step it makes.

use sim::{Dist, Step};

/// Iterations of a simple pure-Python loop per millisecond of CPU. The real-Django benchmark's CPU view
/// (`bench/django/project`, `burn`) runs 230 000 iterations for its nominal 20 ms; measured, the same loop
/// took 6–37 ms on this machine kind on different days, so a loop's duration is an estimate the reader can
/// correct with `# loop-lab: 30ms cpu`.
pub const ITERATIONS_PER_MS: f64 = 11_500.0;

/// What a line was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// `time.sleep(x)`: blocks its thread (and, in `async def`, the loop).
    Sleep,
    /// `await asyncio.sleep(x)`.
    AsyncSleep,
    /// A blocking HTTP call: `requests.get`, `httpx.get`, `urlopen`, a sync client's `client.get`.
    HttpSync,
    /// An awaited HTTP call: `await client.get(...)` on `httpx.AsyncClient`, aiohttp's `session.get`.
    HttpAsync,
    /// A sync ORM call that queries: `.get`, `.create`, `.count`, a QuerySet iterated, `obj.save()`.
    OrmSync,
    /// An async ORM call: `await X.objects.aget(...)`, `async for` over a QuerySet (Django runs the query
    /// through `sync_to_async`, thread-sensitive).
    OrmAsync,
    /// `await sync_to_async(f, thread_sensitive=...)(...)` or `asyncio.to_thread(f, ...)` (the loop's executor).
    SyncToAsync { thread_sensitive: bool },
    /// `await asyncio.gather(...)`.
    Gather,
    /// Pure-Python work: a loop over a constant `range`, or a line annotated `cpu`.
    Cpu,
    /// `task.delay(...)` / `task.apply_async(...)`: Celery does the work; the view only publishes.
    Celery,
    /// `open(...)`: local file I/O, blocking.
    Open,
    /// `subprocess.run(...)`, `os.system(...)`: waits for another process, blocking.
    Subprocess,
    /// Anything else: not modelled (0 ms).
    Unmodelled,
}

impl What {
    /// Every kind, for tables and tests.
    pub const ALL: [What; 14] = [
        What::Sleep,
        What::AsyncSleep,
        What::HttpSync,
        What::HttpAsync,
        What::OrmSync,
        What::OrmAsync,
        What::SyncToAsync { thread_sensitive: true },
        What::SyncToAsync { thread_sensitive: false },
        What::Gather,
        What::Cpu,
        What::Celery,
        What::Open,
        What::Subprocess,
        What::Unmodelled,
    ];

    /// The duration a line of this kind gets when the code does not say (ms).
    pub fn default_ms(self) -> f64 {
        match self {
            What::Sleep | What::AsyncSleep | What::HttpSync | What::HttpAsync => 100.0,
            What::OrmSync | What::OrmAsync => 5.0,
            What::SyncToAsync { .. } => 50.0,
            What::Gather => 0.0,
            What::Cpu | What::Celery => 20.0,
            What::Open => 2.0,
            What::Subprocess => 50.0,
            What::Unmodelled => 0.0,
        }
    }

    /// A stable name (the app's labels and the worker's messages use it).
    pub fn key(self) -> &'static str {
        match self {
            What::Sleep => "sleep",
            What::AsyncSleep => "asleep",
            What::HttpSync => "http",
            What::HttpAsync => "ahttp",
            What::OrmSync => "orm",
            What::OrmAsync => "aorm",
            What::SyncToAsync { thread_sensitive: true } => "s2a",
            What::SyncToAsync { thread_sensitive: false } => "s2a_shared",
            What::Gather => "gather",
            What::Cpu => "cpu",
            What::Celery => "celery",
            What::Open => "open",
            What::Subprocess => "subprocess",
            What::Unmodelled => "none",
        }
    }

    /// The kind named `key`.
    pub fn from_key(key: &str) -> Option<What> {
        What::ALL.into_iter().find(|w| w.key() == key)
    }

    /// Whether the engine runs anything for it.
    pub fn modelled(self) -> bool {
        self != What::Unmodelled
    }

    /// The step a line of this kind makes, lasting `ms` (`SyncToAsync` wraps `inner`; `Gather` is built by the
    /// walk from its children).
    pub fn step(self, ms: f64, inner: Option<Step>) -> Option<Step> {
        let d = Dist::Fixed(ms.clamp(0.0, sim::handler::MAX_STEP_MS));
        Some(match self {
            What::Sleep | What::HttpSync | What::Open | What::Subprocess => Step::BlockingIo(d),
            What::AsyncSleep | What::HttpAsync => Step::AwaitIo(d),
            What::OrmSync => Step::Db(d),
            What::OrmAsync => Step::SyncToAsync { step: Box::new(Step::Db(d)), thread_sensitive: true },
            What::SyncToAsync { thread_sensitive } => {
                Step::SyncToAsync { step: Box::new(inner.unwrap_or(Step::BlockingIo(d))), thread_sensitive }
            }
            What::Cpu => Step::Cpu(d),
            What::Celery => Step::Offload(d),
            What::Gather | What::Unmodelled => return None,
        })
    }

    /// What a comment's kind word means (`# loop-lab: 30ms cpu`).
    pub fn from_word(word: &str) -> Option<What> {
        Some(match word {
            "cpu" => What::Cpu,
            "io" | "block" | "blocking" | "sleep" => What::Sleep,
            "await" | "async" => What::AsyncSleep,
            "http" => What::HttpSync,
            "db" | "query" | "orm" => What::OrmSync,
            "celery" | "offload" => What::Celery,
            _ => return None,
        })
    }
}

/// HTTP methods of requests / httpx / aiohttp.
pub const HTTP_METHODS: [&str; 8] = ["get", "post", "put", "patch", "delete", "head", "options", "request"];

/// ORM methods that run a query (the async ones are these with an `a` in front).
pub const ORM_QUERIES: [&str; 20] = [
    "get",
    "create",
    "get_or_create",
    "update_or_create",
    "count",
    "exists",
    "first",
    "last",
    "earliest",
    "latest",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "aggregate",
    "in_bulk",
    "contains",
    "explain",
    "iterator",
    "save",
];

/// Instance methods that query (`obj.save()`), sync; `asave` etc. are their async forms.
pub const INSTANCE_QUERIES: [&str; 3] = ["save", "delete", "refresh_from_db"];

/// Blocking process calls.
pub const PROCESS_CALLS: [&str; 7] = [
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.Popen",
    "os.system",
    "os.popen",
];

/// Module-level blocking HTTP calls (`requests.<method>`, `httpx.<method>` and these).
pub const HTTP_FUNCTIONS: [&str; 3] = ["urlopen", "urllib.request.urlopen", "urllib3.request"];
