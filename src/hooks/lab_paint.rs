//! Painting for `use_lab`: both stages on their canvases, and one live chart at a time.

use super::lab_live::{Before, Live};
use crate::charts::{self, live::LiveChart};
use crate::i18n::{tr, Lang, T};
use crate::lab::Lab;
use crate::stage::{self, palette, FrameInfo, Pen};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// The canvas's 2D context.
fn ctx_of(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// Resizes the canvas backing store to its CSS size × device pixel ratio; returns (css w, css h, ratio).
fn fit(canvas: &HtmlCanvasElement) -> (f64, f64, f64) {
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    let (cw, ch) = (canvas.client_width().max(1) as f64, canvas.client_height().max(1) as f64);
    let (bw, bh) = ((cw * dpr).round() as u32, (ch * dpr).round() as u32);
    if canvas.width() != bw || canvas.height() != bh {
        canvas.set_width(bw);
        canvas.set_height(bh);
    }
    (cw, ch, dpr)
}

/// Clears both stage canvases and paints each side's snapshot on its own.
pub(super) fn paint(lab: &Lab, live: &mut Live, canvases: &[NodeRef; 2], dt_ns: u64, ease: f64) {
    let pal = if live.inputs.dark { palette::DARK } else { palette::LIGHT };
    for (i, node) in canvases.iter().enumerate() {
        let Some(canvas) = node.cast::<HtmlCanvasElement>() else { continue };
        let Some(ctx) = ctx_of(&canvas) else { continue };
        let (w, h, dpr) = fit(&canvas);
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.set_fill_style_str(pal.bg);
        ctx.fill_rect(0.0, 0.0, w, h);
        let pen = Pen { ctx: &ctx, pal: &pal, lang: live.inputs.lang };
        let fi = FrameInfo { w, h, dt_ns, ease };
        live.stages[i].follow = live.inputs.follow;
        if i == 0 {
            stage::asgi::paint(&pen, fi, &lab.snaps[0], &mut live.stages[0]);
        } else {
            stage::wsgi::paint(&pen, fi, &lab.snaps[1], &mut live.stages[1]);
        }
    }
}

/// Draws one live chart from both sides' metrics, over the faded run before the last change.
pub(super) fn draw_chart(
    canvas: &HtmlCanvasElement,
    lab: &Lab,
    k: usize,
    before: Option<&Before>,
    lang: Lang,
    dark: bool,
) {
    let kind = LiveChart::ALL[k];
    fit(canvas);
    let Some(backend) = charts::canvas::PageCanvas::new(canvas) else { return };
    let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
    let theme = if dark { charts::DARK } else { charts::LIGHT };
    let lines = kind.lines(lang, [lab.sims[0].metrics(), lab.sims[1].metrics()]);
    let before = before.map_or(&[][..], |b| &b.lines[k][..]);
    let _ = charts::timeseries::draw(&area, &theme, tr(lang, T::ChartTime), tr(lang, kind.axis()), &lines, before);
}
