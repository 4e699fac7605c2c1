//! A Django view's Python source, read as the engine's steps.
//!
//! `read` parses the code with a real Python parser (`rustpython-parser`: any valid Python parses; a syntax
//! error comes back with its line and column), finds the view (the first `def` / `async def`), and walks its
//! body: every statement becomes a `Line` — a recognised call with its step and duration, or a line the engine
//! does not model (0 ms, shown as such, never dropped). What a line is recognised as, and its default duration,
//! is one table (`kinds::KINDS`). A line's duration can be set by a comment: `# loop-lab: 30ms cpu` (the kind
//! too), or `# ~30 ms` (the duration of what was recognised; the code the site generates writes these).
//!
//! Then `findings`: what a linter would flag (flake8-async's rule codes where one exists, Django's
//! `SynchronousOnlyOperation` for a sync ORM call in `async def`), each with the whole code rewritten by its fix.
//!
//! Bad input never hurts: size, line count and nesting are bounded before the parser sees the code
//! (`ReadError`), so no input can exhaust the stack or take long.

#[cfg(feature = "parse")]
mod bounds;
#[cfg(feature = "parse")]
mod fix;
#[cfg_attr(not(feature = "parse"), allow(dead_code))]
mod kinds;
pub mod message;
#[cfg(feature = "parse")]
mod walk;

#[cfg(feature = "parse")]
pub use bounds::{MAX_BYTES, MAX_DEPTH, MAX_LINES};
pub use kinds::{What, ITERATIONS_PER_MS};
use sim::{Step, ViewKind};

/// Byte ranges of a recognised call, and how it is used.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The whole call, `requests.get(url)`.
    pub range: (usize, usize),
    /// Its function, `requests.get`.
    pub func: (usize, usize),
    /// It is the operand of `await`.
    pub awaited: bool,
    /// Names its arguments read (for `gather`: a later call must not read an earlier one's result).
    pub uses: Vec<String>,
}

/// Where a line's statement is.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// The statement's byte range (a compound statement: its header line only matters).
    pub stmt: (usize, usize),
    /// The recognised call, if any.
    pub call: Option<Call>,
    /// The one name a simple assignment binds (`user = ...`).
    pub target: Option<String>,
    /// The statement is a `for` / `async for` header (the call is its iterable).
    pub for_loop: bool,
    /// A simple statement (expression, assignment, return) whose value is the awaited call itself.
    pub whole: bool,
}

/// One statement of the view, as the engine sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based line number in the pasted code.
    pub line: u32,
    pub what: What,
    /// Its duration in milliseconds (0 for lines the engine does not model).
    pub ms: f64,
    /// How many times it runs (a `for _ in range(3)` around it).
    pub times: u32,
    /// Where it is in the code (for the fixes); none for a loop's header.
    pub site: Option<Site>,
}

/// A problem a linter would flag, and its fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub line: u32,
    pub rule: Rule,
    /// The whole code with this fix applied.
    pub fixed: String,
    /// The ASGI side's steps once fixed (what the fix's price is measured against).
    pub fixed_steps: Vec<Step>,
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// flake8-async ASYNC251: `time.sleep` in an async function.
    Async251,
    /// flake8-async ASYNC210: a blocking HTTP call in an async function.
    Async210,
    /// flake8-async ASYNC230: `open()` in an async function.
    Async230,
    /// flake8-async ASYNC221: a blocking process call (`subprocess.run`, `os.system`) in an async function.
    Async221,
    /// Django raises `SynchronousOnlyOperation`: a sync ORM call in an async view.
    SyncOrm,
    /// Independent awaits one after another: `asyncio.gather` runs them at once.
    Sequential,
}

impl Rule {
    /// The linter's code, or the exception's name.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Async251 => "ASYNC251",
            Rule::Async210 => "ASYNC210",
            Rule::Async230 => "ASYNC230",
            Rule::Async221 => "ASYNC221",
            Rule::SyncOrm => "SynchronousOnlyOperation",
            Rule::Sequential => "gather",
        }
    }

    /// The rule with this code.
    pub fn from_code(code: &str) -> Option<Rule> {
        [Rule::Async251, Rule::Async210, Rule::Async230, Rule::Async221, Rule::SyncOrm, Rule::Sequential]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// The view, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// `async def` or `def`.
    pub kind: ViewKind,
    /// The function's name.
    pub name: String,
    /// Every statement of its body, in order (a loop's body once, with `times`).
    pub lines: Vec<Line>,
    /// The steps the ASGI side runs: the view as written.
    pub steps: Vec<Step>,
    /// The steps the WSGI side runs (`sync_equivalent`).
    pub wsgi_steps: Vec<Step>,
    pub findings: Vec<Finding>,
    /// Steps beyond `sim::MAX_STEPS` were left out.
    pub truncated: bool,
}

/// Why code could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// More than `MAX_BYTES`.
    TooLarge { bytes: usize },
    /// More than `MAX_LINES`.
    TooManyLines { lines: usize },
    /// Brackets or blocks nested deeper than `MAX_DEPTH`, first at this line.
    TooDeep { line: u32 },
    /// Not text: a NUL or other control character.
    Binary { line: u32 },
    /// Python's parser refused it.
    Syntax { line: u32, column: u32, message: String },
    /// Valid Python, but no function to read as a view.
    NoView,
}

/// Reads `code` (see the crate's doc).
#[cfg(feature = "parse")]
pub fn read(code: &str) -> Result<Reading, ReadError> {
    let mut reading = read_once(code)?;
    reading.findings = fix::findings(code, &reading);
    for f in reading.findings.iter_mut() {
        f.fixed_steps = read_once(&f.fixed).map(|r| r.steps).unwrap_or_default();
    }
    Ok(reading)
}

/// The view's lines and steps, without findings.
#[cfg(feature = "parse")]
fn read_once(code: &str) -> Result<Reading, ReadError> {
    bounds::check(code)?;
    let suite = walk::parse(code)?;
    let view = walk::view(&suite).ok_or(ReadError::NoView)?;
    Ok(walk::read_view(code, view))
}

/// What a WSGI worker runs for the same view. A `def` view runs as written. An `async def` view under gunicorn
/// runs in `async_to_sync`: an event loop of its own per request, on the worker's thread, which the view holds
/// for the whole request — so every wait blocks the worker (`AwaitIo` becomes `BlockingIo`), a `gather` still
/// overlaps its children (the longest one holds the worker), and `sync_to_async` runs on the worker's thread.
pub fn sync_equivalent(kind: ViewKind, steps: &[Step]) -> Vec<Step> {
    if kind == ViewKind::Sync {
        return steps.to_vec();
    }
    steps.iter().map(blocking).collect()
}

fn blocking(step: &Step) -> Step {
    match step {
        Step::AwaitIo(d) => Step::BlockingIo(*d),
        Step::SyncToAsync { step, .. } => blocking(step),
        Step::Gather(children) => {
            // Overlapped waits: the worker is held for the longest; CPU work in them runs one after another.
            let cpu: f64 = children.iter().map(cpu_ms).sum();
            let wait = children.iter().map(|c| span_ms(c) - cpu_ms(c)).fold(0.0, f64::max);
            if cpu > 0.0 && wait <= 0.0 {
                Step::Cpu(sim::Dist::Fixed(cpu))
            } else {
                Step::BlockingIo(sim::Dist::Fixed(wait + cpu))
            }
        }
        other => other.clone(),
    }
}

/// How long a step keeps its request (a `gather`: its longest child; `Offload` only publishes).
fn span_ms(step: &Step) -> f64 {
    match step {
        Step::Cpu(d) | Step::AwaitIo(d) | Step::BlockingIo(d) | Step::Db(d) => d.mean_ms(),
        Step::Offload(_) => 0.0,
        Step::Gather(c) => c.iter().map(span_ms).fold(0.0, f64::max),
        Step::SyncToAsync { step, .. } => span_ms(step),
    }
}

fn cpu_ms(step: &Step) -> f64 {
    match step {
        Step::Cpu(d) => d.mean_ms(),
        Step::Gather(c) => c.iter().map(cpu_ms).sum(),
        Step::SyncToAsync { step, .. } => cpu_ms(step),
        _ => 0.0,
    }
}

#[cfg(all(test, feature = "parse"))]
mod tests;
