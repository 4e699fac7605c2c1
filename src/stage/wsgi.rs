//! The worker-pool side: one box per gunicorn worker (split into threads for gthread), each holding at most one
//! request per thread and tinted by what it is doing. Connections wait in the accept queue on the left.

use super::common::{paint_backlog, paint_celery, paint_strip, Frame};
use super::palette::Class;
use super::{text, Font, FrameInfo, Pen, Stage};
use crate::i18n::{tr, T};
use sim::snapshot::{Place, ProcView, ThreadView};
use sim::{Doing, Snapshot};

/// The class of a thread doing `d`, or `None` when it is idle.
fn class_of(d: Doing) -> Option<Class> {
    match d {
        Doing::Idle => None,
        Doing::Cpu => Some(Class::Cpu),
        Doing::Io | Doing::Db => Some(Class::Blocking),
        Doing::DbWait => Some(Class::DbWait),
    }
}

/// Columns for `n` boxes in an aw × ah area, as square as possible.
pub fn columns(n: usize, aw: f64, ah: f64) -> usize {
    let mut cols = 1usize;
    while cols < n && (aw / cols as f64) > (ah / n.div_ceil(cols) as f64) * 1.3 {
        cols += 1;
    }
    cols
}

/// What a thread shows: waiting its turn when it wants CPU while another thread of its process holds the GIL,
/// else the class of what it is doing (`None`: idle).
fn thread_class(tv: &ThreadView) -> Option<Class> {
    if tv.gil_wait {
        Some(Class::Waiting)
    } else {
        class_of(tv.doing)
    }
}

/// Where the worker boxes go: a grid of `cols` columns from (x0, y0), cells bw × bh apart with `gap` between
/// boxes.
struct Grid {
    x0: f64,
    y0: f64,
    cols: usize,
    bw: f64,
    bh: f64,
    gap: f64,
}

impl Grid {
    /// The grid for `workers` boxes in the frame `f`.
    fn new(f: &Frame, workers: usize) -> Grid {
        let n = workers.max(1);
        let x0 = f.left + 8.0;
        let y0 = 22.0;
        let aw = f.w - x0 - 6.0;
        let ah = f.bottom - y0 - 6.0;
        let cols = columns(n, aw, ah);
        let rows = n.div_ceil(cols);
        let bw = aw / cols as f64;
        let bh = (ah / rows as f64).min(bw * 1.2);
        let gap = (bw.min(bh) * 0.12).clamp(1.0, 6.0);
        Grid { x0, y0, cols, bw, bh, gap }
    }

    /// Box `i`: its cell less the gap.
    fn rect(&self, i: usize) -> Rect {
        let x = self.x0 + (i % self.cols) as f64 * self.bw;
        let y = self.y0 + (i / self.cols) as f64 * self.bh;
        Rect { x, y, w: self.bw - self.gap, h: self.bh - self.gap }
    }
}

/// A worker's box: top left corner and size.
#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// A worker being restarted: a grey box with ↻ when there is room for it.
fn paint_dead(pen: &Pen, Rect { x: bx, y: by, w: iw, h: ih }: Rect) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    ctx.set_fill_style_str(pal.grid);
    ctx.fill_rect(bx, by, iw, ih);
    if iw > 24.0 {
        text(ctx, "↻", bx + iw / 2.0, by + ih / 2.0, Font::new((ih * 0.4).min(16.0), pal.muted, "center"));
    }
}

/// A worker's threads one cell each: a light tint of the state's colour, a progress bar along the bottom, and
/// the thread's request as a dot in the middle.
fn paint_cells(
    pen: &Pen,
    stage: &mut Stage,
    threads: &[ThreadView],
    Rect { x: bx, y: by, w: iw, h: ih }: Rect,
    entry: (f64, f64),
) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    let tw = iw / threads.len().max(1) as f64;
    for (k, tv) in threads.iter().enumerate() {
        let tx = bx + k as f64 * tw;
        let Some(c) = thread_class(tv) else { continue };
        ctx.set_global_alpha(0.22);
        ctx.set_fill_style_str(pal.of(c));
        ctx.fill_rect(tx, by, tw, ih);
        ctx.set_global_alpha(1.0);
        ctx.fill_rect(tx, by + ih - 3.0, tw * tv.progress as f64, 3.0);
        if let Some(id) = tv.req {
            // Straight into its worker's box: a short request eased in would still be on its way when it ends,
            // and the busy box would look empty.
            stage.place(id, c, (tx + tw / 2.0, by + ih / 2.0), entry, 1.0);
        }
    }
}

/// A worker's threads as one bar: a stretch of each state's colour as wide as the share of threads in it.
fn paint_bar(pen: &Pen, threads: &[ThreadView], Rect { x: bx, y: by, w: iw, h: ih }: Rect) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    let mut counts = [0usize; 5];
    for tv in threads {
        if let Some(c) = thread_class(tv) {
            counts[c as usize] += 1;
        }
    }
    let n = threads.len().max(1) as f64;
    let mut x = bx;
    for c in Class::ALL {
        let k = counts[c as usize];
        if k > 0 {
            let w = iw * k as f64 / n;
            ctx.set_fill_style_str(pal.of(c));
            ctx.fill_rect(x, by, w, ih);
            x += w;
        }
    }
}

/// Paints one worker's box `rect`: restarting, or its threads (`detailed`: a cell each; else a bar), and
/// its outline (in the DB-wait colour while it drains before a graceful restart).
fn paint_worker(
    pen: &Pen,
    stage: &mut Stage,
    snap: &Snapshot,
    wv: &ProcView,
    rect: Rect,
    entry: (f64, f64),
    detailed: bool,
) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    if !wv.alive {
        paint_dead(pen, rect);
        return;
    }
    let threads = &snap.threads[wv.threads.clone()];
    if detailed {
        paint_cells(pen, stage, threads, rect, entry);
    } else {
        paint_bar(pen, threads, rect);
    }
    let Rect { x: bx, y: by, w: iw, h: ih } = rect;
    ctx.set_stroke_style_str(if wv.draining { pal.of(Class::DbWait) } else { pal.grid });
    ctx.set_line_width(1.0);
    ctx.stroke_rect(bx + 0.5, by + 0.5, iw - 1.0, ih - 1.0);
}

/// Paints the WSGI stage.
pub fn paint(pen: &Pen, fi: FrameInfo, snap: &Snapshot, stage: &mut Stage) {
    let (ctx, pal, lang) = (pen.ctx, pen.pal, pen.lang);
    let f = Frame::new(fi.w, fi.h);
    stage.begin();
    paint_backlog(pen, &f, snap, stage, fi.ease);
    let grid = Grid::new(&f, snap.workers.len());
    let label = format!("{} × {}", tr(lang, T::Workers), snap.workers.len());
    // Right-aligned, so that it never runs into the accept queue's label on a narrow stage.
    text(ctx, &label, fi.w - 6.0, 10.0, Font::new(10.5, pal.muted, "right"));
    // Up to this many worker threads each get a cell and a dot; beyond it (gthread pools of hundreds or thousands
    // of threads) each worker box is a bar of how many of its threads do what — a few rectangles per box.
    let detailed = snap.threads.len() <= super::super::lab::MAX_DOTS;
    for (i, wv) in snap.workers.iter().enumerate() {
        paint_worker(pen, stage, snap, wv, grid.rect(i), f.entry(), detailed);
    }
    stage.finish(ctx, pal, 1.0);
    super::paint_drops(pen, snap, |place| match place {
        Place::Worker(i) if (i as usize) < snap.workers.len() => {
            let b = grid.rect(i as usize);
            Some((b.x + b.w / 2.0, b.y + b.h / 2.0))
        }
        Place::Door | Place::Loop(_) | Place::Worker(_) => Some(f.door()),
    });
    paint_strip(pen, &f, snap);
    paint_celery(pen, &f, snap);
}
