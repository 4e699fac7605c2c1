//! The event-loop side: each uvicorn process is a ring. The running coroutine sits at the top; coroutines ready
//! to run queue counter-clockwise behind it; coroutines parked on I/O wait on the right. While a blocking call
//! holds the loop, the ring turns vermillion, its spinning marker stops, and everything piles up.

use super::palette::{Class, Palette};
use super::{badge, fmt_ms, grid_slot, paint_cores, text, Stage, DOT};
use crate::i18n::{tr, Lang, T};
use sim::{Doing, Loc, Phase, Snapshot};
use std::f64::consts::{PI, TAU};
use web_sys::CanvasRenderingContext2d as Ctx;

/// Spin of the loop marker, radians per simulated second (slowed down so it reads as "turning").
const SPIN_PER_S: f64 = 2.0;

/// Where the backlog column and the bottom strip go; shared with the WSGI side.
pub struct Frame {
    pub w: f64,
    pub h: f64,
    pub left: f64,
    pub bottom: f64,
}

impl Frame {
    /// Layout for a canvas of w × h CSS pixels.
    pub fn new(w: f64, h: f64) -> Self {
        let left = (w * 0.16).clamp(52.0, 110.0);
        Frame { w, h, left, bottom: h - 40.0 }
    }
}

/// Paints the accept queue (and thinking users) on the left; returns the entry point for new dots.
pub fn paint_backlog(ctx: &Ctx, pal: &Palette, f: &Frame, snap: &Snapshot, stage: &mut Stage, lang: Lang, ease: f64) {
    let x0 = 8.0;
    let cols = ((f.left - 16.0) / (DOT * 2.8)).floor().max(2.0) as usize;
    let d = (f.left - 16.0) / cols as f64;
    text(ctx, tr(lang, T::Backlog), x0, 12.0, 11.0, pal.muted, "left", false);
    let top = 26.0;
    let capacity = (((f.bottom - 12.0 - top) / d).floor().max(1.0) as usize) * cols;
    let mut i = 0usize;
    let entry = (x0, f.bottom - 8.0);
    for r in &snap.requests {
        if r.loc != Loc::Backlog {
            continue;
        }
        if i < capacity {
            // Fill from the bottom up.
            let (x, y) = grid_slot(i, cols, x0, 0.0, d);
            stage.place(r.id, Class::Waiting, (x, f.bottom - 12.0 - y), entry, ease);
        }
        i += 1;
    }
    if snap.backlog as usize > capacity {
        badge(ctx, pal, &format!("{}", snap.backlog), f.left / 2.0, top + 6.0, 11.0);
    } else if snap.backlog > 0 {
        text(ctx, &format!("{}", snap.backlog), f.left - 10.0, 12.0, 11.0, pal.fg, "right", true);
    }
}

/// Paints the bottom strip: cores, DB pool, memory.
pub fn paint_strip(ctx: &Ctx, pal: &Palette, f: &Frame, snap: &Snapshot, lang: Lang) {
    let y = f.bottom + 20.0;
    ctx.set_stroke_style_str(pal.grid);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(0.0, f.bottom + 4.0);
    ctx.line_to(f.w, f.bottom + 4.0);
    ctx.stroke();
    paint_cores(ctx, pal, 8.0, y, f.w * 0.58, snap.cores, snap.busy_cores, tr(lang, T::Cores), 1.0);
    let mut info = format!("{} {:.0} MB", tr(lang, T::Memory), snap.memory_bytes / 1_048_576.0);
    if let Some(size) = snap.db_size {
        info = format!("{} {}/{}  ·  {info}", tr(lang, T::Db), snap.db_in_use, size);
        if snap.db_waiting > 0 {
            info = format!("{info}  (+{})", snap.db_waiting);
        }
    }
    text(ctx, &info, f.w - 8.0, y, 11.0, pal.muted, "right", false);
}

/// Paints the ASGI stage. `dt_ns` is the simulated time since the previous frame (for the spinning marker).
pub fn paint(ctx: &Ctx, pal: &Palette, w: f64, h: f64, snap: &Snapshot, stage: &mut Stage, lang: Lang, dt_ns: u64, ease: f64) {
    let f = Frame::new(w, h);
    stage.begin();
    paint_backlog(ctx, pal, &f, snap, stage, lang, ease);

    // Right column: coroutines parked on I/O (or waiting for a thread).
    let right_w = (w * 0.30).clamp(80.0, 260.0);
    let rx = w - right_w;
    text(ctx, tr(lang, T::Parked), rx + 4.0, 12.0, 11.0, pal.muted, "left", false);
    let d = DOT * 3.0;
    let pcols = ((right_w - 8.0) / d).floor().max(1.0) as usize;
    let prows = ((f.bottom - 30.0) / d).floor().max(1.0) as usize;
    let pcap = pcols * prows;

    // Loops in a grid in the middle.
    let n = snap.loops.len().max(1);
    let cols = (n as f64).sqrt().ceil() as usize;
    let rows = n.div_ceil(cols);
    let mx0 = f.left + 6.0;
    let mw = rx - mx0 - 6.0;
    let cw = mw / cols as f64;
    let ch = (f.bottom - 8.0) / rows as f64;
    let r = (cw.min(ch) * 0.36).max(14.0);
    if stage.spin.len() != n {
        stage.spin = vec![0.0; n];
    }
    let centre = |l: usize| {
        let (c, rr) = (l % cols, l / cols);
        (mx0 + (c as f64 + 0.5) * cw, 8.0 + (rr as f64 + 0.5) * ch)
    };
    let slot_step = (DOT * 2.6 / r).max(0.08);
    let ready_cap = ((TAU - 2.0 * slot_step) / slot_step).floor() as usize;

    for (l, lv) in snap.loops.iter().enumerate() {
        let (cx, cy) = centre(l);
        if !lv.blocked && lv.alive {
            stage.spin[l] = (stage.spin[l] + SPIN_PER_S * dt_ns as f64 / 1e9) % TAU;
        }
        // The ring.
        ctx.begin_path();
        let _ = ctx.arc(cx, cy, r, 0.0, TAU);
        let (ring, width) = if !lv.alive {
            (pal.muted, 2.0)
        } else if lv.blocked {
            (pal.of(Class::Blocking), 6.0)
        } else {
            (pal.grid, 3.0)
        };
        ctx.set_stroke_style_str(ring);
        ctx.set_line_width(width);
        ctx.stroke();
        // The spinning marker: a short arc that turns while the loop is free, and stops dead when it is blocked.
        if lv.alive {
            let a = stage.spin[l] - PI / 2.0;
            ctx.begin_path();
            let _ = ctx.arc(cx, cy, r, a, a + 0.5);
            ctx.set_stroke_style_str(if lv.blocked { pal.of(Class::Blocking) } else { pal.fg });
            ctx.set_line_width(width + 1.0);
            ctx.stroke();
        }
        // Status in the middle.
        let (status, colour) = if !lv.alive {
            (tr(lang, T::Restarting).to_string(), pal.muted)
        } else if lv.blocked {
            (tr(lang, T::Blocked).to_string(), pal.of(Class::Blocking))
        } else if lv.running.is_some() {
            (tr(lang, T::Running).to_string(), pal.fg)
        } else {
            (tr(lang, T::Idle).to_string(), pal.muted)
        };
        let px = (r * 0.22).clamp(10.0, 16.0);
        text(ctx, &status, cx, cy - px * 0.6, px, colour, "center", lv.blocked);
        let lag_ms = lv.lag_now_ns as f64 / 1e6;
        text(ctx, &format!("{} {}", tr(lang, T::LoopLag), fmt_ms(lag_ms)), cx, cy + px * 0.8, px * 0.8, pal.muted, "center", false);
        if lv.ready as usize > ready_cap {
            badge(ctx, pal, &format!("+{}", lv.ready as usize - ready_cap), cx - r * 0.9, cy + r * 0.95, 11.0);
        }
    }

    // Requests.
    let mut ready_i = vec![0usize; n];
    let mut parked_i = 0usize;
    let entry = (8.0, f.bottom - 8.0);
    for rv in &snap.requests {
        let class = match rv.phase {
            Phase::Cpu => Class::Cpu,
            Phase::Io => Class::Await,
            Phase::Blocked | Phase::Queued => Class::Waiting,
        };
        match rv.loc {
            Loc::Backlog => {}
            Loc::Ready(l) => {
                let l = l as usize;
                let i = ready_i[l];
                ready_i[l] += 1;
                if i < ready_cap {
                    let (cx, cy) = centre(l);
                    let a = -PI / 2.0 - (i as f64 + 1.0) * slot_step;
                    stage.place(rv.id, Class::Waiting, (cx + r * a.cos(), cy + r * a.sin()), entry, ease);
                }
            }
            Loc::Running(l) => {
                let (cx, cy) = centre(l as usize);
                let lv = &snap.loops[l as usize];
                let c = match lv.doing {
                    Some(Doing::Io) | Some(Doing::Db) => Class::Blocking,
                    Some(Doing::DbWait) => Class::DbWait,
                    _ => Class::Cpu,
                };
                stage.place(rv.id, c, (cx, cy - r), entry, ease);
            }
            Loc::Parked(_) | Loc::Thread(_) => {
                let c = match (rv.loc, rv.phase) {
                    (Loc::Thread(_), Phase::Io) => Class::Blocking,
                    (_, Phase::Blocked) => Class::Waiting,
                    _ => class,
                };
                if parked_i < pcap {
                    let (x, y) = grid_slot(parked_i, pcols, rx + 2.0, 24.0, d);
                    stage.place(rv.id, c, (x, y), entry, ease);
                }
                parked_i += 1;
            }
        }
    }
    if parked_i > pcap {
        badge(ctx, pal, &format!("+{}", parked_i - pcap), w - 24.0, f.bottom - 12.0, 11.0);
    }
    stage.finish(ctx, pal, 1.0);
    paint_strip(ctx, pal, &f, snap, lang);
}
