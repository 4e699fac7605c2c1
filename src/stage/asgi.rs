//! The event-loop side: each uvicorn process is a ring. The running coroutine sits at the top; coroutines ready
//! to run queue counter-clockwise behind it; coroutines parked on I/O wait on the right. While a blocking call
//! holds the loop, the ring turns vermillion, its spinning marker stops, and everything piles up.

use super::common::{paint_backlog, paint_celery, paint_strip, Frame};
use super::palette::Class;
use super::{badge, grid_slot, text, Font, FrameInfo, Pen, Stage, DOT};
use crate::fmt::fmt_ms;
use crate::i18n::{tr, T};
use sim::snapshot::{LoopView, Place};
use sim::{Doing, Loc, Phase, Snapshot};
use std::f64::consts::{PI, TAU};

/// Spin of the loop marker, radians per simulated second.
const SPIN_PER_S: f64 = 2.0;

/// Where things go on the ASGI stage: the loops in a grid in the middle, the parked coroutines in a column on the
/// right.
struct Layout {
    /// Left edge of the parked column.
    rx: f64,
    /// The parked column's grid: columns, slots, slot size.
    pcols: usize,
    pcap: usize,
    d: f64,
    /// The loops' grid: loops (at least one), columns, left edge, cell width and height.
    n: usize,
    cols: usize,
    mx0: f64,
    cw: f64,
    ch: f64,
    /// Ring radius.
    r: f64,
    /// Angle between two ready coroutines on a ring, and how many fit on it.
    slot_step: f64,
    ready_cap: usize,
}

impl Layout {
    /// The layout for `loops` loops in the frame `f`.
    fn new(f: &Frame, loops: usize) -> Layout {
        // Right column: coroutines parked on I/O (or waiting for a thread).
        let right_w = (f.w * 0.28).clamp(70.0, 240.0);
        let rx = f.w - right_w;
        let d = DOT * 3.0;
        let pcols = ((right_w - 6.0) / d).floor().max(1.0) as usize;
        let prows = ((f.bottom - 28.0) / d).floor().max(1.0) as usize;
        // Loops in a grid in the middle.
        let n = loops.max(1);
        let cols = (n as f64).sqrt().ceil() as usize;
        let rows = n.div_ceil(cols);
        let mx0 = f.left + 4.0;
        let cw = (rx - mx0 - 4.0) / cols as f64;
        let ch = (f.bottom - 8.0) / rows as f64;
        let r = (cw.min(ch) * 0.36).max(14.0);
        let slot_step = (DOT * 2.6 / r).max(0.08);
        let ready_cap = ((TAU - 2.0 * slot_step) / slot_step).floor() as usize;
        Layout { rx, pcols, pcap: pcols * prows, d, n, cols, mx0, cw, ch, r, slot_step, ready_cap }
    }

    /// The centre of loop `l`'s ring.
    fn centre(&self, l: usize) -> (f64, f64) {
        let (c, rr) = (l % self.cols, l / self.cols);
        (self.mx0 + (c as f64 + 0.5) * self.cw, 8.0 + (rr as f64 + 0.5) * self.ch)
    }
}

/// Paints each loop's ring and spinning marker (turning it by `dt_ns` of simulated time while the loop is free),
/// with a badge for the ready coroutines that do not fit on the ring.
fn paint_rings(pen: &Pen, snap: &Snapshot, stage: &mut Stage, at: &Layout, dt_ns: u64) {
    let (ctx, pal, r) = (pen.ctx, pen.pal, at.r);
    for (l, lv) in snap.loops.iter().enumerate() {
        let (cx, cy) = at.centre(l);
        if !lv.blocked && lv.alive {
            stage.spin[l] = (stage.spin[l] + SPIN_PER_S * dt_ns as f64 / 1e9) % TAU;
        }
        // The ring.
        ctx.begin_path();
        let _ = ctx.arc(cx, cy, r, 0.0, TAU);
        let (ring, width) = if !lv.alive {
            (pal.muted, 2.0)
        } else if lv.blocked {
            (pal.of(Class::Blocking), 7.0)
        } else {
            (pal.grid, 3.0)
        };
        ctx.set_stroke_style_str(ring);
        ctx.set_line_width(width);
        ctx.stroke();
        // The spinning marker: turns while the loop is free, stops dead while it is blocked.
        if lv.alive {
            let a = stage.spin[l] - PI / 2.0;
            ctx.begin_path();
            let _ = ctx.arc(cx, cy, r, a, a + 0.5);
            ctx.set_stroke_style_str(if lv.blocked { pal.fg } else { pal.muted });
            ctx.set_line_width(width + 1.0);
            ctx.stroke();
        }
        if lv.ready as usize > at.ready_cap {
            let more = format!("+{}", lv.ready as usize - at.ready_cap);
            badge(ctx, pal, &more, (cx - r * 0.9, cy + r * 0.95), 11.0);
        }
    }
}

/// The class of the coroutine a loop is running, from what the loop is doing.
fn running_class(doing: Option<Doing>) -> Class {
    match doing {
        Some(Doing::Io) | Some(Doing::Db) => Class::Blocking,
        Some(Doing::DbWait) => Class::DbWait,
        _ => Class::Cpu,
    }
}

/// The class of a coroutine off its loop: parked on I/O, or on a thread.
fn parked_class(loc: Loc, phase: Phase) -> Class {
    match (loc, phase) {
        (Loc::Thread(_), Phase::Io) => Class::Blocking,
        (_, Phase::Blocked) | (_, Phase::Queued) => Class::Waiting,
        (_, Phase::Cpu) => Class::Cpu,
        (_, Phase::Io) => Class::Await,
    }
}

/// Places every request that is past the accept queue: ready ones counter-clockwise behind the top of their
/// loop's ring, running ones at its top, parked ones in the right column. Returns how many are parked (some may
/// not fit).
fn place_requests(snap: &Snapshot, stage: &mut Stage, at: &Layout, entry: (f64, f64), ease: f64) -> usize {
    let r = at.r;
    let mut ready_i = vec![0usize; at.n];
    let mut parked_i = 0usize;
    for rv in &snap.requests {
        match rv.loc {
            Loc::Backlog => {}
            Loc::Ready(l) => {
                let l = l as usize;
                let i = ready_i[l];
                ready_i[l] += 1;
                if i < at.ready_cap {
                    let (cx, cy) = at.centre(l);
                    let a = -PI / 2.0 - (i as f64 + 1.0) * at.slot_step;
                    stage.place(rv.id, Class::Waiting, (cx + r * a.cos(), cy + r * a.sin()), entry, ease);
                }
            }
            Loc::Running(l) => {
                let (cx, cy) = at.centre(l as usize);
                let c = running_class(snap.loops[l as usize].doing);
                stage.place(rv.id, c, (cx, cy - r), entry, ease);
            }
            Loc::Parked(_) | Loc::Thread(_) => {
                if parked_i < at.pcap {
                    let (x, y) = grid_slot(parked_i, at.pcols, at.rx, 22.0, at.d);
                    stage.place(rv.id, parked_class(rv.loc, rv.phase), (x, y), entry, ease);
                }
                parked_i += 1;
            }
        }
    }
    parked_i
}

/// Paints a loop's status over its ring, on a light backing so that dots flowing in do not hide it: what it is
/// doing, its lag now, and how many of its threads want the GIL.
fn paint_status(pen: &Pen, lv: &LoopView, (cx, cy): (f64, f64), r: f64) {
    let (ctx, pal, lang) = (pen.ctx, pen.pal, pen.lang);
    let px = (r * 0.22).clamp(10.0, 16.0);
    ctx.set_global_alpha(0.85);
    ctx.set_fill_style_str(pal.bg);
    ctx.fill_rect(cx - r * 0.62, cy - px * 1.35, r * 1.24, px * 2.9);
    ctx.set_global_alpha(1.0);
    // Status in the middle.
    let (status, colour) = if !lv.alive {
        (tr(lang, T::Restarting), pal.muted)
    } else if lv.blocked {
        (tr(lang, T::Blocked), pal.of(Class::Blocking))
    } else if lv.running.is_some() {
        (tr(lang, T::Running), pal.fg)
    } else {
        (tr(lang, T::Idle), pal.muted)
    };
    let font = Font::new(px, colour, "center");
    text(ctx, status, cx, cy - px * 0.7, if lv.blocked { font.bold() } else { font });
    let lag = format!("{} {}", tr(lang, T::LoopLag), fmt_ms(lv.lag_now_ns as f64 / 1e6));
    text(ctx, &lag, cx, cy + px * 0.8, Font::new(px * 0.8, pal.muted, "center"));
    if lv.gil_wanting > 1 {
        let gil = format!("GIL × {}", lv.gil_wanting);
        text(ctx, &gil, cx, cy + px * 2.2, Font::new(px * 0.75, pal.of(Class::Cpu), "center"));
    }
}

/// Paints the ASGI stage.
pub fn paint(pen: &Pen, fi: FrameInfo, snap: &Snapshot, stage: &mut Stage) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    let f = Frame::new(fi.w, fi.h);
    stage.begin();
    paint_backlog(pen, &f, snap, stage, fi.ease);
    let at = Layout::new(&f, snap.loops.len());
    text(ctx, tr(pen.lang, T::Parked), at.rx + 2.0, 10.0, Font::new(10.5, pal.muted, "left"));
    if stage.spin.len() != at.n {
        stage.spin = vec![0.0; at.n];
    }
    paint_rings(pen, snap, stage, &at, fi.dt_ns);
    let parked = place_requests(snap, stage, &at, f.entry(), fi.ease);
    if parked > at.pcap {
        badge(ctx, pal, &format!("+{}", parked - at.pcap), (fi.w - 24.0, f.bottom - 12.0), 11.0);
    }
    stage.finish(ctx, pal, 1.0);
    // Each loop's status over the dots (dots flowing in must not hide it).
    for (l, lv) in snap.loops.iter().enumerate() {
        paint_status(pen, lv, at.centre(l), at.r);
    }
    super::paint_drops(pen, snap, |place| match place {
        Place::Loop(l) if (l as usize) < at.n => {
            let (cx, cy) = at.centre(l as usize);
            Some((cx, cy - at.r))
        }
        Place::Loop(_) => None,
        Place::Door | Place::Worker(_) => Some(f.door()),
    });
    paint_strip(pen, &f, snap);
    paint_celery(pen, &f, snap);
}
