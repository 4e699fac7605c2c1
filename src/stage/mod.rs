//! Canvas painters for the two stages. Imperative and batched: each frame, every request gets a class and a
//! target position; positions ease toward their targets (so requests visibly flow between places); then each
//! class is drawn as one path with one fill style.

pub mod asgi;
pub mod common;
pub mod palette;
pub mod wsgi;

use crate::i18n::Lang;
use palette::{Class, Palette};
use std::collections::HashMap;
use web_sys::CanvasRenderingContext2d as Ctx;

/// What every painter needs: the 2D context, the colours, the language.
pub struct Pen<'a> {
    pub ctx: &'a Ctx,
    pub pal: &'a Palette,
    pub lang: Lang,
}

/// The canvas size in CSS pixels, the simulated time since the previous frame, and how far dots ease this frame.
#[derive(Clone, Copy, Debug)]
pub struct FrameInfo {
    pub w: f64,
    pub h: f64,
    pub dt_ns: u64,
    pub ease: f64,
}

/// Font size, colour, alignment and weight of a label.
#[derive(Clone, Copy, Debug)]
pub struct Font<'a> {
    pub px: f64,
    pub colour: &'a str,
    pub align: &'a str,
    pub bold: bool,
}

impl<'a> Font<'a> {
    /// Regular text.
    pub fn new(px: f64, colour: &'a str, align: &'a str) -> Self {
        Font { px, colour, align, bold: false }
    }

    /// The same, bold.
    pub fn bold(self) -> Self {
        Font { bold: true, ..self }
    }
}

/// Per-stage drawing state that survives frames: eased positions and reusable buffers.
#[derive(Default)]
pub struct Stage {
    pos: HashMap<u64, (f64, f64)>,
    seen: Vec<u64>,
    batches: [Vec<(f64, f64)>; 5],
    /// Angle of the loop's spinning marker, radians per loop.
    pub spin: Vec<f64>,
    /// Simulated time of the previous frame, ns.
    pub last_t: u64,
    /// The followed request, ringed when drawn.
    pub follow: Option<u64>,
}

/// Dot radius in CSS pixels.
pub const DOT: f64 = 3.2;

impl Stage {
    /// Starts a frame.
    pub fn begin(&mut self) {
        for b in &mut self.batches {
            b.clear();
        }
        self.seen.clear();
    }

    /// Places request `id` of class `c`, easing from its previous position (or `from` if new) toward `target`.
    pub fn place(&mut self, id: u64, c: Class, target: (f64, f64), from: (f64, f64), ease: f64) {
        let p = self.pos.entry(id).or_insert(from);
        p.0 += (target.0 - p.0) * ease;
        p.1 += (target.1 - p.1) * ease;
        self.seen.push(id);
        self.batches[c as usize].push(*p);
    }

    /// Forgets requests not placed this frame, then draws every batch.
    pub fn finish(&mut self, ctx: &Ctx, pal: &Palette, scale: f64) {
        if self.pos.len() > self.seen.len() {
            self.seen.sort_unstable();
            let seen = &self.seen;
            self.pos.retain(|id, _| seen.binary_search(id).is_ok());
        }
        for c in Class::ALL {
            let pts = &self.batches[c as usize];
            if pts.is_empty() {
                continue;
            }
            draw_batch(ctx, pal, c, pts, scale);
        }
        if let Some(&(x, y)) = self.follow.and_then(|id| self.pos.get(&id)) {
            ctx.begin_path();
            let _ = ctx.arc(x, y, DOT * 3.2, 0.0, std::f64::consts::TAU);
            ctx.set_stroke_style_str(pal.fg);
            ctx.set_line_width(2.0);
            ctx.stroke();
        }
    }

    /// The request drawn nearest to (x, y), within `radius` CSS pixels.
    pub fn nearest(&self, x: f64, y: f64, radius: f64) -> Option<u64> {
        self.pos
            .iter()
            .map(|(&id, &(px, py))| (id, (px - x).powi(2) + (py - y).powi(2)))
            .filter(|&(_, d2)| d2 <= radius * radius)
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .map(|(id, _)| id)
    }
}

/// Draws many dots of one class with one fill or stroke.
pub fn draw_batch(ctx: &Ctx, pal: &Palette, c: Class, pts: &[(f64, f64)], scale: f64) {
    let r = DOT * scale;
    let colour = pal.of(c);
    ctx.begin_path();
    match c {
        Class::Cpu => {
            for &(x, y) in pts {
                ctx.move_to(x + r * 1.15, y);
                let _ = ctx.arc(x, y, r * 1.15, 0.0, std::f64::consts::TAU);
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
        Class::Await => {
            for &(x, y) in pts {
                ctx.move_to(x + r, y);
                let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
            }
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.6 * scale);
            ctx.stroke();
        }
        Class::Blocking => {
            for &(x, y) in pts {
                ctx.rect(x - r, y - r, 2.0 * r, 2.0 * r);
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
        Class::Waiting => {
            for &(x, y) in pts {
                ctx.move_to(x + r * 0.7, y);
                let _ = ctx.arc(x, y, r * 0.7, 0.0, std::f64::consts::TAU);
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
        Class::DbWait => {
            for &(x, y) in pts {
                ctx.move_to(x, y - r * 1.2);
                ctx.line_to(x + r * 1.2, y);
                ctx.line_to(x, y + r * 1.2);
                ctx.line_to(x - r * 1.2, y);
                ctx.close_path();
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
    }
}

/// Text helper: sets font, colour and alignment, then draws.
pub fn text(ctx: &Ctx, s: &str, x: f64, y: f64, f: Font) {
    let weight = if f.bold { "600 " } else { "" };
    ctx.set_font(&format!(
        "{weight}{:.1}px system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', 'NanumGothic', sans-serif",
        f.px
    ));
    ctx.set_fill_style_str(f.colour);
    ctx.set_text_align(f.align);
    ctx.set_text_baseline("middle");
    let _ = ctx.fill_text(s, x, y);
}

/// A rounded count badge ("+123").
pub fn badge(ctx: &Ctx, pal: &Palette, s: &str, (x, y): (f64, f64), px: f64) {
    let w = (s.chars().count() as f64 * px * 0.62 + px).max(px * 1.6);
    let h = px * 1.5;
    ctx.begin_path();
    ctx.round_rect_with_f64(x - w / 2.0, y - h / 2.0, w, h, h / 2.0).ok();
    ctx.set_fill_style_str(pal.badge_bg);
    ctx.fill();
    ctx.set_stroke_style_str(pal.grid);
    ctx.set_line_width(1.0);
    ctx.stroke();
    text(ctx, s, x, y, Font::new(px, pal.fg, "center").bold());
}

/// Positions `n` slots in a grid filling the box (x, y, w, h), row by row; returns the spacing.
pub fn grid_slot(i: usize, cols: usize, x: f64, y: f64, d: f64) -> (f64, f64) {
    let col = i % cols.max(1);
    let row = i / cols.max(1);
    (x + (col as f64 + 0.5) * d, y + (row as f64 + 0.5) * d)
}

/// The CPU cores strip shared by both stages: `cores` squares, filled with the busy fraction.
pub fn paint_cores(pen: &Pen, (x, y, w): (f64, f64, f64), cores: u32, busy: f64, label: &str) {
    let (ctx, pal, s) = (pen.ctx, pen.pal, 1.0);
    text(ctx, label, x, y, Font::new(11.0 * s, pal.muted, "left"));
    let n = cores.max(1) as usize;
    let gap = 2.0 * s;
    let cell = ((w - 90.0 * s) / n as f64 - gap).clamp(3.0 * s, 16.0 * s);
    let x0 = x + 80.0 * s;
    let mut left = busy;
    for i in 0..n {
        let cx = x0 + i as f64 * (cell + gap);
        let f = left.clamp(0.0, 1.0);
        left -= 1.0;
        ctx.set_stroke_style_str(pal.grid);
        ctx.set_line_width(1.0);
        ctx.stroke_rect(cx, y - cell / 2.0, cell, cell);
        if f > 0.0 {
            ctx.set_fill_style_str(pal.of(Class::Cpu));
            ctx.fill_rect(cx, y + cell / 2.0 - cell * f, cell, cell * f);
        }
    }
}

/// Marks the requests that ended badly a moment ago: a ✕ at the place they were, in the blocking colour, that
/// drops and fades over `sim::snapshot::DROP_SHOWN_NS` — so a crash or a timeout is an event the reader sees.
pub fn paint_drops(pen: &Pen, snap: &sim::Snapshot, at: impl Fn(sim::snapshot::Place) -> Option<(f64, f64)>) {
    let (ctx, pal) = (pen.ctx, pen.pal);
    if snap.drops.is_empty() {
        return;
    }
    ctx.set_stroke_style_str(pal.of(Class::Blocking));
    ctx.set_line_width(2.5);
    let shown = sim::snapshot::DROP_SHOWN_NS as f64;
    // Newest last; at most 60 marks (a crash of a loop with hundreds of requests draws a crowd, not a blot).
    let skip = snap.drops.len().saturating_sub(60);
    for (i, d) in snap.drops.iter().enumerate().skip(skip) {
        let Some((x, y)) = at(d.place) else { continue };
        let age = (d.age_ns as f64 / shown).clamp(0.0, 1.0);
        let spread = ((i * 37) % 23) as f64 - 11.0;
        let (cx, cy, r) = (x + spread * 1.6, y + age * 34.0, 5.0);
        ctx.set_global_alpha(1.0 - age * 0.85);
        ctx.begin_path();
        ctx.move_to(cx - r, cy - r);
        ctx.line_to(cx + r, cy + r);
        ctx.move_to(cx + r, cy - r);
        ctx.line_to(cx - r, cy + r);
        ctx.stroke();
    }
    ctx.set_global_alpha(1.0);
}
