//! What both stages draw alike: the layout frame, the accept queue on the left, the bottom strip (cores, DB pool)
//! and the Celery pool.

use super::palette::Class;
use super::{badge, grid_slot, paint_cores, text, Font, Pen, Stage, DOT};
use crate::i18n::{tr, T};
use sim::{Doing, Loc, Snapshot};

/// Where the accept-queue column and the bottom strip go; shared with the WSGI side.
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub left: f64,
    pub bottom: f64,
}

impl Frame {
    /// Layout for a canvas of w × h CSS pixels.
    pub fn new(w: f64, h: f64) -> Self {
        let left = (w * 0.15).clamp(50.0, 104.0);
        Frame { w, h, left, bottom: h - 40.0 }
    }

    /// Where a new request appears (the clients' side, bottom left).
    pub fn entry(&self) -> (f64, f64) {
        (4.0, self.bottom - 6.0)
    }

    /// Where a request that ended at the door (or at no place still drawn) is marked: the foot of the accept
    /// queue.
    pub fn door(&self) -> (f64, f64) {
        (self.left / 2.0, self.bottom - 20.0)
    }
}

/// Paints the accept queue (connections the server has not taken yet) on the left.
pub fn paint_backlog(pen: &Pen, f: &Frame, snap: &Snapshot, stage: &mut Stage, ease: f64) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    let x0 = 6.0;
    let inner = f.left - 12.0;
    let cols = (inner / (DOT * 2.8)).floor().max(2.0) as usize;
    let d = inner / cols as f64;
    text(ctx, tr(pen.lang, T::Backlog), x0, 10.0, Font::new(10.5, pal.muted, "left"));
    let top = 40.0;
    let capacity = (((f.bottom - 10.0 - top) / d).floor().max(1.0) as usize) * cols;
    let mut i = 0usize;
    for r in &snap.requests {
        if r.loc != Loc::Backlog {
            continue;
        }
        if i < capacity {
            // Fill from the bottom up, like a rising queue.
            let (x, y) = grid_slot(i, cols, x0, 0.0, d);
            stage.place(r.id, Class::Waiting, (x, f.bottom - 10.0 - y), f.entry(), ease);
        }
        i += 1;
    }
    if snap.backlog > 0 {
        badge(ctx, pal, &snap.backlog.to_string(), (f.left / 2.0, 26.0), 11.0);
    }
}

/// Paints the bottom strip: cores and the DB pool. (Memory is one figure per side, beside the stage.)
pub fn paint_strip(pen: &Pen, f: &Frame, snap: &Snapshot) {
    let (ctx, pal, lang) = (pen.ctx, pen.pal, pen.lang);
    let y = f.bottom + 20.0;
    ctx.set_stroke_style_str(pal.grid);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(0.0, f.bottom + 4.0);
    ctx.line_to(f.w, f.bottom + 4.0);
    ctx.stroke();
    paint_cores(pen, (6.0, y, f.w * 0.55), snap.cores, snap.busy_cores, tr(lang, T::Cores));
    if let Some(size) = snap.db_size {
        let waiting = if snap.db_waiting > 0 { format!(" +{}", snap.db_waiting) } else { String::new() };
        let info = format!("{} {}/{}{waiting}", tr(lang, T::Db), snap.db_in_use, size);
        text(ctx, &info, f.w - 6.0, y, Font::new(11.0, pal.muted, "right"));
    }
}

/// Paints the Celery pool (hybrid scenes) as a row of small boxes above the bottom strip, with its queue.
pub fn paint_celery(pen: &Pen, f: &Frame, snap: &Snapshot) {
    if snap.celery.is_empty() {
        return;
    }
    let (ctx, pal) = (pen.ctx, pen.pal);
    let y = f.bottom - 14.0;
    let x0 = f.w * 0.55;
    text(ctx, "Celery", x0 - 6.0, y, Font::new(10.5, pal.muted, "right"));
    for (i, p) in snap.celery.iter().enumerate() {
        let x = x0 + i as f64 * 14.0;
        let busy = snap.threads[p.threads.clone()].iter().any(|t| t.doing != Doing::Idle);
        if busy {
            ctx.set_fill_style_str(pal.of(Class::Cpu));
            ctx.fill_rect(x, y - 5.0, 10.0, 10.0);
        }
        ctx.set_stroke_style_str(pal.grid);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(x + 0.5, y - 4.5, 9.0, 9.0);
    }
    if snap.celery_queue > 0 {
        let x = x0 + snap.celery.len() as f64 * 14.0 + 18.0;
        badge(ctx, pal, &snap.celery_queue.to_string(), (x, y), 10.0);
    }
}
