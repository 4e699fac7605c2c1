//! The parse, and the walk over the view's body that turns statements into `Line`s and steps.

use crate::kinds::{self, What, ITERATIONS_PER_MS};
use crate::{Call, Line, ReadError, Reading, Site};
use rustpython_parser::ast::{self, Constant, Expr, Ranged, Stmt};
use rustpython_parser::Parse;
use sim::{Step, ViewKind};

/// Parses the whole paste as a Python module.
pub fn parse(code: &str) -> Result<Vec<Stmt>, ReadError> {
    ast::Suite::parse(code, "<view>").map_err(|e| {
        let (line, column) = line_col(code, u32::from(e.offset) as usize);
        ReadError::Syntax { line, column, message: e.error.to_string() }
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(code: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(code.len());
    let before = code.get(..offset).unwrap_or(code);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

/// The view: the first function at the top level (or in a class: a method named `get`/`post`/...).
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub kind: ViewKind,
    pub name: &'a str,
    pub body: &'a [Stmt],
}

pub fn view(suite: &[Stmt]) -> Option<View<'_>> {
    suite.iter().find_map(|s| match s {
        Stmt::FunctionDef(f) => Some(View { kind: ViewKind::Sync, name: f.name.as_str(), body: &f.body }),
        Stmt::AsyncFunctionDef(f) => Some(View { kind: ViewKind::Async, name: f.name.as_str(), body: &f.body }),
        Stmt::ClassDef(c) => view(&c.body),
        _ => None,
    })
}

/// A recognised call: what it is, how long, and (for `gather` / `sync_to_async`) the steps inside.
#[derive(Clone)]
struct Rec {
    what: What,
    ms: Option<f64>,
    inner: Vec<Step>,
    /// Where the call is, for the fixes.
    call: Option<Call>,
}

impl Rec {
    fn new(what: What, ms: Option<f64>) -> Rec {
        Rec { what, ms, inner: Vec::new(), call: None }
    }
}

/// Fewer iterations than this of a loop with nothing recognised inside are not counted as CPU work (under
/// 0.1 ms).
const CPU_LOOP_MIN: u64 = 1000;

/// The walk's state.
struct Walker<'a> {
    code: &'a str,
    /// The statement being read.
    site: Option<Site>,
    lines: Vec<Line>,
    steps: Vec<Step>,
    truncated: bool,
    /// Lists of calls built but not awaited yet (`tasks = [client.get(u) for u in ...]`), by name, for a later
    /// `asyncio.gather(*tasks)`.
    pending: Vec<(String, Vec<Step>)>,
}

pub fn read_view(code: &str, v: View) -> Reading {
    let mut w =
        Walker { code, site: None, lines: Vec::new(), steps: Vec::new(), truncated: false, pending: Vec::new() };
    w.block(v.body, 1);
    let wsgi_steps = crate::sync_equivalent(v.kind, &w.steps);
    Reading {
        kind: v.kind,
        name: v.name.to_string(),
        lines: w.lines,
        steps: w.steps,
        wsgi_steps,
        findings: Vec::new(),
        truncated: w.truncated,
    }
}

impl Walker<'_> {
    fn line_of(&self, node: &impl Ranged) -> u32 {
        line_col(self.code, u32::from(node.start()) as usize).0
    }

    fn block(&mut self, body: &[Stmt], times: u32) {
        for s in body {
            self.stmt(s, times);
        }
    }

    /// Adds a line and its step (run `times` times).
    fn push(&mut self, line: u32, rec: Rec, times: u32) {
        let note = crate::fix::annotation(line_text(self.code, line));
        // A comment's kind names what the code did not show; on a recognised line it only sets the duration.
        let recognised = rec.what.modelled() && !(rec.what == What::Gather && rec.inner.is_empty());
        let annotated = !recognised && matches!(note, Some((_, Some(_))));
        let (what, ms) = match (note, rec.what) {
            (Some((ms, Some(w))), _) if !recognised => (w, ms),
            (Some((ms, _)), w) if recognised && w != What::Gather => (w, ms),
            (_, w) => (w, rec.ms.unwrap_or(w.default_ms())),
        };
        let step = if what == What::Gather {
            (!rec.inner.is_empty()).then(|| Step::Gather(rec.inner.clone()))
        } else {
            what.step(ms, rec.inner.first().cloned())
        };
        let ms = match &step {
            Some(Step::Gather(c)) => c.iter().map(crate::span_ms).fold(0.0, f64::max),
            _ => ms,
        };
        let site = self.site.clone().map(|s| Site { call: rec.call.clone(), ..s });
        let site = if annotated { None } else { site };
        self.lines.push(Line { line, what, ms: if what.modelled() { ms } else { 0.0 }, times, site });
        if let Some(step) = step {
            for _ in 0..times {
                if self.steps.len() >= sim::handler::MAX_STEPS {
                    self.truncated = true;
                    break;
                }
                self.steps.push(step.clone());
            }
        }
    }

    fn stmt(&mut self, s: &Stmt, times: u32) {
        let line = self.line_of(s);
        let r = s.range();
        let (target, value) = match s {
            Stmt::Assign(a) if a.targets.len() == 1 => {
                (if let Expr::Name(n) = &a.targets[0] { Some(n.id.to_string()) } else { None }, Some(&*a.value))
            }
            Stmt::Expr(e) => (None, Some(&*e.value)),
            Stmt::Return(ast::StmtReturn { value: Some(v), .. }) => (None, Some(&**v)),
            _ => (None, None),
        };
        self.site = Some(Site {
            stmt: (u32::from(r.start()) as usize, u32::from(r.end()) as usize),
            call: None,
            target,
            for_loop: matches!(s, Stmt::For(_) | Stmt::AsyncFor(_)),
            whole: matches!(value, Some(Expr::Await(a)) if matches!(&*a.value, Expr::Call(_))),
        });
        if let (Stmt::Assign(a), Some(name)) = (s, self.site.as_ref().and_then(|s| s.target.clone())) {
            if let Some(steps) = self.calls_in(&a.value) {
                self.pending.retain(|(n, _)| *n != name);
                self.pending.push((name, steps));
                self.push(line, Rec::new(What::Unmodelled, None), times);
                return;
            }
        }
        match s {
            Stmt::Expr(e) => self.expr_line(line, &e.value, times),
            Stmt::Assign(a) => self.expr_line(line, &a.value, times),
            Stmt::AugAssign(a) => self.expr_line(line, &a.value, times),
            Stmt::AnnAssign(a) => match &a.value {
                Some(v) => self.expr_line(line, v, times),
                None => self.push(line, Rec::new(What::Unmodelled, None), times),
            },
            Stmt::Return(r) => match &r.value {
                Some(v) => self.expr_line(line, v, times),
                None => self.push(line, Rec::new(What::Unmodelled, None), times),
            },
            Stmt::For(f) => self.for_loop(line, &f.iter, &f.body, false, times),
            Stmt::AsyncFor(f) => self.for_loop(line, &f.iter, &f.body, true, times),
            Stmt::While(w) => {
                self.push(line, Rec::new(What::Unmodelled, None), times);
                self.block(&w.body, times);
            }
            Stmt::If(i) => {
                // Which branch runs is not known: the first, as the reader most likely means it.
                self.push(line, Rec::new(What::Unmodelled, None), times);
                self.block(&i.body, times);
            }
            Stmt::With(w) => self.with(line, w.items.iter().map(|i| &i.context_expr), &w.body, false, times),
            Stmt::AsyncWith(w) => self.with(line, w.items.iter().map(|i| &i.context_expr), &w.body, true, times),
            Stmt::Try(t) => {
                self.push(line, Rec::new(What::Unmodelled, None), times);
                self.block(&t.body, times);
                self.block(&t.finalbody, times);
            }
            _ => self.push(line, Rec::new(What::Unmodelled, None), times),
        }
    }

    fn expr_line(&mut self, line: u32, e: &Expr, times: u32) {
        let rec = self.expr(e, false).unwrap_or(Rec::new(What::Unmodelled, None));
        self.push(line, rec, times);
    }

    fn for_loop(&mut self, line: u32, iter: &Expr, body: &[Stmt], is_async: bool, times: u32) {
        if let Some(n) = range_len(iter) {
            let before = self.lines.len();
            let steps_before = self.steps.len();
            // A loop with nothing recognised inside is pure-Python work, as long as it iterates.
            self.block(body, times.saturating_mul(n.min(u64::from(u32::MAX)) as u32).max(1));
            let inside = self.lines[before..].iter().any(|l| l.what.modelled());
            if !inside && n >= CPU_LOOP_MIN {
                self.lines.truncate(before);
                self.steps.truncate(steps_before);
                self.push(
                    line,
                    Rec::new(What::Cpu, Some(n as f64 * body.len().max(1) as f64 / ITERATIONS_PER_MS)),
                    times,
                );
            } else {
                let at = before;
                self.lines.insert(at, Line { line, what: What::Unmodelled, ms: 0.0, times, site: None });
            }
            return;
        }
        // Iterating a QuerySet runs its query (once); the body runs for each row, an unknown number of times: once.
        let rec = if is_orm_chain(iter) {
            let rec = Rec::new(if is_async { What::OrmAsync } else { What::OrmSync }, None);
            match iter {
                Expr::Call(c) => rec.at(c, false),
                _ => rec,
            }
        } else {
            self.expr(iter, false).unwrap_or(Rec::new(What::Unmodelled, None))
        };
        self.push(line, rec, times);
        self.block(body, times);
    }

    fn with<'e>(
        &mut self,
        line: u32,
        items: impl Iterator<Item = &'e Expr>,
        body: &[Stmt],
        is_async: bool,
        times: u32,
    ) {
        let rec = items.filter_map(|e| self.expr(e, is_async)).find(|r| r.what.modelled());
        self.push(line, rec.unwrap_or(Rec::new(What::Unmodelled, None)), times);
        self.block(body, times);
    }

    /// The first recognised call in `e` (outermost first). `awaited`: `e` is the operand of `await`.
    fn expr(&self, e: &Expr, awaited: bool) -> Option<Rec> {
        match e {
            Expr::Await(a) => self.expr(&a.value, true),
            Expr::Call(c) => self.call(c, awaited).map(|r| r.at(c, awaited)).or_else(|| {
                // `requests.get(url).json()`: the call inside.
                std::iter::once(&*c.func).chain(c.args.iter()).find_map(|x| self.expr(x, false))
            }),
            Expr::Attribute(a) => self.expr(&a.value, awaited),
            Expr::Subscript(s) => self.expr(&s.value, awaited),
            Expr::ListComp(c) => self.comprehension(&c.elt, &c.generators),
            Expr::GeneratorExp(c) => self.comprehension(&c.elt, &c.generators),
            Expr::SetComp(c) => self.comprehension(&c.elt, &c.generators),
            Expr::DictComp(c) => self.comprehension(&c.value, &c.generators),
            Expr::BinOp(b) => self.expr(&b.left, false).or_else(|| self.expr(&b.right, false)),
            Expr::Tuple(t) => t.elts.iter().find_map(|x| self.expr(x, false)),
            _ => None,
        }
    }

    fn comprehension(&self, elt: &Expr, gens: &[ast::Comprehension]) -> Option<Rec> {
        if let Some(r) = self.expr(elt, false).filter(|r| r.what.modelled()) {
            return Some(r);
        }
        let g = gens.first()?;
        if let Some(n) = range_len(&g.iter).filter(|n| *n >= CPU_LOOP_MIN) {
            return Some(Rec::new(What::Cpu, Some(n as f64 / ITERATIONS_PER_MS)));
        }
        if is_orm_chain(&g.iter) {
            return Some(Rec::new(if g.is_async { What::OrmAsync } else { What::OrmSync }, None));
        }
        self.expr(&g.iter, false)
    }

    /// A call recognised by its function's dotted name.
    fn call(&self, c: &ast::ExprCall, awaited: bool) -> Option<Rec> {
        // `sync_to_async(f, thread_sensitive=...)(args)`
        if let Expr::Call(inner) = &*c.func {
            let name = dotted(&inner.func);
            if matches!(name.as_str(), "sync_to_async" | "asgiref.sync.sync_to_async" | "database_sync_to_async") {
                let ts =
                    !inner.keywords.iter().any(|k| k.arg.as_deref() == Some("thread_sensitive") && is_false(&k.value));
                return Some(self.wrapped(inner.args.first(), &c.args, ts));
            }
        }
        let name = dotted(&c.func);
        let last = name.rsplit('.').next().unwrap_or("");
        let first_arg_s = c.args.first().and_then(seconds);
        match name.as_str() {
            "asyncio.to_thread" => return Some(self.wrapped(c.args.first(), c.args.get(1..).unwrap_or(&[]), false)),
            "asyncio.gather" => {
                let mut inner: Vec<Step> = Vec::new();
                for a in &c.args {
                    match a {
                        Expr::Starred(st) => inner.extend(self.calls_in(&st.value).unwrap_or_default()),
                        a => inner.extend(self.expr(a, true).and_then(Rec::into_step)),
                    }
                }
                inner.truncate(sim::handler::MAX_STEPS);
                return Some(Rec { what: What::Gather, ms: None, inner, call: None });
            }
            "asyncio.sleep" if awaited => return Some(Rec::new(What::AsyncSleep, first_arg_s)),
            "asyncio.sleep" => return None,
            "time.sleep" | "sleep" => return Some(Rec::new(What::Sleep, first_arg_s)),
            "open" | "io.open" => return Some(Rec::new(What::Open, None)),
            "range" | "len" | "list" | "bool" | "tuple" | "sum" | "sorted" => {
                // `list(qs)`, `len(qs)`: the QuerySet is evaluated here.
                if let Some(a) = c.args.first() {
                    if is_orm_chain(a) {
                        return Some(Rec::new(What::OrmSync, None));
                    }
                    return self.expr(a, false);
                }
                return None;
            }
            _ => {}
        }
        if kinds::PROCESS_CALLS.contains(&name.as_str()) {
            return Some(Rec::new(What::Subprocess, None));
        }
        if kinds::HTTP_FUNCTIONS.contains(&name.as_str())
            || (kinds::HTTP_METHODS.contains(&last) && matches!(name.split('.').next(), Some("requests" | "httpx")))
        {
            return Some(Rec::new(What::HttpSync, None));
        }
        if kinds::HTTP_METHODS.contains(&last) && is_client(&name) {
            return Some(Rec::new(if awaited { What::HttpAsync } else { What::HttpSync }, None));
        }
        if last == "delay" || last == "apply_async" {
            return Some(Rec::new(What::Celery, None));
        }
        if let Some(w) = orm_call(&c.func, awaited) {
            return Some(Rec::new(w, None));
        }
        None
    }

    /// The awaitable calls a list holds, to be awaited together: `[a(), b()]`, `[f(x) for _ in range(3)]`, or a
    /// name such a list was assigned to. `None` when it is not such a list.
    fn calls_in(&self, e: &Expr) -> Option<Vec<Step>> {
        // Only awaitables wait to be gathered; a blocking call in a list runs where the list is built.
        let awaitable = |r: &Rec| {
            matches!(r.what, What::HttpAsync | What::AsyncSleep | What::OrmAsync | What::Gather)
                || matches!(r.what, What::SyncToAsync { .. })
        };
        let recs: Vec<Rec> = match e {
            Expr::Name(n) => {
                return self.pending.iter().rev().find(|(k, _)| *k == n.id.as_str()).map(|(_, s)| s.clone())
            }
            Expr::List(l) => l.elts.iter().filter_map(|x| self.expr(x, true)).collect(),
            Expr::Tuple(l) => l.elts.iter().filter_map(|x| self.expr(x, true)).collect(),
            Expr::ListComp(c) => {
                let n = c.generators.first().and_then(|g| range_len(&g.iter)).unwrap_or(1);
                let n = (n as usize).min(sim::handler::MAX_STEPS);
                let one = self.expr(&c.elt, true);
                one.into_iter().flat_map(|r| std::iter::repeat_n(r, n)).collect()
            }
            _ => return None,
        };
        if recs.is_empty() || !recs.iter().all(awaitable) {
            return None;
        }
        Some(recs.into_iter().filter_map(Rec::into_step).collect())
    }

    /// `sync_to_async(f)(args)` / `asyncio.to_thread(f, args)`: the step `f(args)` is, run on a thread.
    fn wrapped(&self, f: Option<&Expr>, args: &[Expr], thread_sensitive: bool) -> Rec {
        let inner = f.and_then(|f| {
            let name = dotted(f);
            let what = if name == "time.sleep" || name == "sleep" {
                What::Sleep
            } else if kinds::HTTP_FUNCTIONS.contains(&name.as_str())
                || name.starts_with("requests.")
                || name.starts_with("httpx.")
            {
                What::HttpSync
            } else if name.contains(".objects.")
                || kinds::INSTANCE_QUERIES.iter().any(|q| name.ends_with(&format!(".{q}")))
            {
                What::OrmSync
            } else if kinds::PROCESS_CALLS.contains(&name.as_str()) {
                What::Subprocess
            } else if name == "open" {
                What::Open
            } else {
                return None;
            };
            let ms = if what == What::Sleep { args.first().and_then(seconds) } else { None };
            what.step(ms.unwrap_or(what.default_ms()), None)
        });
        let ms = inner.as_ref().map(crate::span_ms);
        Rec { what: What::SyncToAsync { thread_sensitive }, ms, inner: inner.into_iter().collect(), call: None }
    }
}

impl Rec {
    /// The step it makes with its own (or default) duration.
    fn into_step(self) -> Option<Step> {
        let ms = self.ms.unwrap_or(self.what.default_ms());
        if self.what == What::Gather {
            Some(Step::Gather(self.inner))
        } else {
            self.what.step(ms, self.inner.into_iter().next())
        }
    }

    /// The call's site, unless an inner call already gave one.
    fn at(mut self, c: &ast::ExprCall, awaited: bool) -> Rec {
        if self.call.is_none() {
            let span = |r: ast::text_size::TextRange| (u32::from(r.start()) as usize, u32::from(r.end()) as usize);
            let mut uses = Vec::new();
            for a in c.args.iter().chain(c.keywords.iter().map(|k| &k.value)) {
                names(a, &mut uses);
            }
            self.call = Some(Call { range: span(c.range), func: span(c.func.range()), awaited, uses });
        }
        self
    }
}

/// Every name an expression reads (bounded: the code's nesting is).
fn names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Attribute(a) => names(&a.value, out),
        Expr::Subscript(s) => {
            names(&s.value, out);
            names(&s.slice, out);
        }
        Expr::Call(c) => {
            names(&c.func, out);
            c.args.iter().for_each(|a| names(a, out));
            c.keywords.iter().for_each(|k| names(&k.value, out));
        }
        Expr::BinOp(b) => {
            names(&b.left, out);
            names(&b.right, out);
        }
        Expr::JoinedStr(j) => j.values.iter().for_each(|v| names(v, out)),
        Expr::FormattedValue(f) => names(&f.value, out),
        Expr::Tuple(t) => t.elts.iter().for_each(|v| names(v, out)),
        Expr::List(t) => t.elts.iter().for_each(|v| names(v, out)),
        Expr::Dict(d) => d.keys.iter().flatten().chain(d.values.iter()).for_each(|v| names(v, out)),
        Expr::Await(a) => names(&a.value, out),
        _ => {}
    }
}

/// `a.b.c` for names and attributes (calls in the chain are skipped: `User.objects.filter(x).count` →
/// `User.objects.filter.count`).
pub fn dotted(e: &Expr) -> String {
    match e {
        Expr::Name(n) => n.id.to_string(),
        Expr::Attribute(a) => {
            let base = dotted(&a.value);
            if base.is_empty() {
                a.attr.to_string()
            } else {
                format!("{base}.{}", a.attr)
            }
        }
        Expr::Call(c) => dotted(&c.func),
        Expr::Subscript(s) => dotted(&s.value),
        _ => String::new(),
    }
}

/// A receiver that is an HTTP client by its name: `client`, `session`, `http`, `self.client`, `api_client`.
fn is_client(name: &str) -> bool {
    let mut parts: Vec<&str> = name.split('.').collect();
    parts.pop();
    parts.last().is_some_and(|r| {
        let r = r.to_ascii_lowercase();
        r.contains("client") || r.contains("session") || r == "http" || r == "api"
    })
}

/// A QuerySet expression: `X.objects...` (lazy or not), `X.objects.filter(...)`, `obj.related_set.all()`.
fn is_orm_chain(e: &Expr) -> bool {
    let name = dotted(e);
    name.contains(".objects") || name.ends_with("_set.all") || name.ends_with("_set.filter")
}

/// The ORM call `func` names, if it queries: sync, or (awaited, `a`-prefixed) async.
fn orm_call(func: &Expr, awaited: bool) -> Option<What> {
    let name = dotted(func);
    let last = name.rsplit('.').next().unwrap_or("");
    let on_manager = name.contains(".objects.") || name.contains("_set.");
    let sync = |m: &str| kinds::ORM_QUERIES.contains(&m) || (!on_manager && kinds::INSTANCE_QUERIES.contains(&m));
    if let Some(m) = last.strip_prefix('a') {
        if awaited && (sync(m) || m == "iterator") && (on_manager || kinds::INSTANCE_QUERIES.contains(&m)) {
            return Some(What::OrmAsync);
        }
    }
    // Awaiting a sync ORM method's result is not Django's ORM (it would be a `TypeError`): not recognised.
    if awaited {
        return None;
    }
    if on_manager && kinds::ORM_QUERIES.contains(&last) {
        return Some(What::OrmSync);
    }
    // `obj.save()` on something that is not obviously a manager: an instance (`request.session.save()` too —
    // a database write with the default session engine).
    if !on_manager && kinds::INSTANCE_QUERIES.contains(&last) && name.contains('.') && !name.starts_with("self.") {
        return Some(What::OrmSync);
    }
    None
}

/// A constant number of seconds (`0.2`, `1`), as milliseconds.
fn seconds(e: &Expr) -> Option<f64> {
    number(e).map(|s| s * 1000.0)
}

fn number(e: &Expr) -> Option<f64> {
    match e {
        Expr::Constant(c) => match &c.value {
            Constant::Float(f) => Some(*f),
            Constant::Int(i) => i.to_string().parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

fn is_false(e: &Expr) -> bool {
    matches!(e, Expr::Constant(c) if matches!(c.value, Constant::Bool(false)))
}

/// `range(n)` / `range(a, b)` with constant bounds: how many iterations.
fn range_len(e: &Expr) -> Option<u64> {
    let Expr::Call(c) = e else { return None };
    if dotted(&c.func) != "range" {
        return None;
    }
    let n: Vec<f64> = c.args.iter().map(number).collect::<Option<_>>()?;
    let (a, b) = match n.as_slice() {
        [b] => (0.0, *b),
        [a, b] | [a, b, _] => (*a, *b),
        _ => return None,
    };
    let step = n.get(2).copied().unwrap_or(1.0).abs().max(1.0);
    Some(((b - a) / step).clamp(0.0, 1e12).ceil() as u64)
}

/// The text of 1-based line `line`.
pub fn line_text(code: &str, line: u32) -> &str {
    code.lines().nth(line.saturating_sub(1) as usize).unwrap_or("")
}
