//! The worker-pool side: one box per gunicorn worker (split into threads for gthread), each holding at most one
//! request per thread and tinted by what it is doing. Connections wait in the accept queue on the left.

use super::common::{paint_backlog, paint_celery, paint_strip, Frame};
use super::palette::Class;
use super::{text, Font, FrameInfo, Pen, Stage};
use crate::i18n::{tr, T};
use sim::snapshot::Place;
use sim::{Doing, Snapshot};

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

/// Paints the WSGI stage.
pub fn paint(pen: &Pen, fi: FrameInfo, snap: &Snapshot, stage: &mut Stage) {
    let (ctx, pal, lang) = (pen.ctx, pen.pal, pen.lang);
    let f = Frame::new(fi.w, fi.h);
    stage.begin();
    paint_backlog(pen, &f, snap, stage, fi.ease);

    let n = snap.workers.len().max(1);
    let x0 = f.left + 8.0;
    let y0 = 22.0;
    let aw = fi.w - x0 - 6.0;
    let ah = f.bottom - y0 - 6.0;
    let cols = columns(n, aw, ah);
    let rows = n.div_ceil(cols);
    let bw = aw / cols as f64;
    let bh = (ah / rows as f64).min(bw * 1.2);
    let gap = (bw.min(bh) * 0.12).clamp(1.0, 6.0);
    let label = format!("{} × {}", tr(lang, T::Workers), snap.workers.len());
    // Right-aligned, so that it never runs into the accept queue's label on a narrow stage.
    text(ctx, &label, fi.w - 6.0, 10.0, Font::new(10.5, pal.muted, "right"));
    let entry = f.entry();

    // Up to this many worker threads each get a cell and a dot; beyond it (gthread pools of hundreds or thousands
    // of threads) each worker box is a bar of how many of its threads do what — a few rectangles per box.
    let detailed = snap.threads.len() <= super::super::lab::MAX_DOTS;
    for (i, wv) in snap.workers.iter().enumerate() {
        let bx = x0 + (i % cols) as f64 * bw;
        let by = y0 + (i / cols) as f64 * bh;
        let (iw, ih) = (bw - gap, bh - gap);
        if !wv.alive {
            ctx.set_fill_style_str(pal.grid);
            ctx.fill_rect(bx, by, iw, ih);
            if iw > 24.0 {
                text(ctx, "↻", bx + iw / 2.0, by + ih / 2.0, Font::new((ih * 0.4).min(16.0), pal.muted, "center"));
            }
            continue;
        }
        let threads = &snap.threads[wv.threads.clone()];
        if detailed {
            let tw = iw / threads.len().max(1) as f64;
            for (k, tv) in threads.iter().enumerate() {
                let tx = bx + k as f64 * tw;
                // A thread that wants CPU while another thread of its process holds the GIL is waiting its turn.
                let class = if tv.gil_wait { Some(Class::Waiting) } else { class_of(tv.doing) };
                if let Some(c) = class {
                    // A light tint of the state's colour fills the cell; a progress bar runs along its bottom.
                    ctx.set_global_alpha(0.22);
                    ctx.set_fill_style_str(pal.of(c));
                    ctx.fill_rect(tx, by, tw, ih);
                    ctx.set_global_alpha(1.0);
                    ctx.fill_rect(tx, by + ih - 3.0, tw * tv.progress as f64, 3.0);
                    if let Some(id) = tv.req {
                        // Straight into its worker's box: a short request eased in would still be on its way
                        // when it ends, and the busy box would look empty.
                        stage.place(id, c, (tx + tw / 2.0, by + ih / 2.0), entry, 1.0);
                    }
                }
            }
        } else {
            let mut counts = [0usize; 5];
            for tv in threads {
                let class = if tv.gil_wait { Some(Class::Waiting) } else { class_of(tv.doing) };
                if let Some(c) = class {
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
        ctx.set_stroke_style_str(if wv.draining { pal.of(Class::DbWait) } else { pal.grid });
        ctx.set_line_width(1.0);
        ctx.stroke_rect(bx + 0.5, by + 0.5, iw - 1.0, ih - 1.0);
    }
    stage.finish(ctx, pal, 1.0);
    super::paint_drops(pen, snap, |place| match place {
        Place::Worker(i) if (i as usize) < snap.workers.len() => {
            let i = i as usize;
            Some((x0 + (i % cols) as f64 * bw + (bw - gap) / 2.0, y0 + (i / cols) as f64 * bh + (bh - gap) / 2.0))
        }
        Place::Door | Place::Loop(_) | Place::Worker(_) => Some((f.left / 2.0, f.bottom - 20.0)),
    });
    paint_strip(pen, &f, snap);
    paint_celery(pen, &f, snap);
}
