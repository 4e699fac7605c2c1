//! A line chart over simulated time, both sides on shared axes.

use super::{ChartTheme, Line};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws `lines` over time, over the faded `before` lines (the run before the reader's last change). `y_label`
/// names the measure with its unit. Empty or single-point data draw axes only.
/// The title and the legend are HTML beside the canvas (translatable, accessible, and no text measuring in
/// the DOM, which plotters would do with inline styles that the page's CSP forbids).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &ChartTheme,
    x_label: &str,
    y_label: &str,
    lines: &[Line],
    before: &[Line],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&theme.bg)?;
    let (mut x_max, mut y_max) = (1.0f64, 1.0f64);
    for l in lines.iter().chain(before) {
        for &(x, y) in &l.points {
            if x.is_finite() && y.is_finite() {
                x_max = x_max.max(x);
                y_max = y_max.max(y);
            }
        }
    }
    let font = ("sans-serif", 13).into_font().color(&theme.fg);
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .x_label_area_size(40)
        // Room for five-digit tick labels and, left of them, the axis title (they overlapped at 52 px).
        .y_label_area_size(66)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max * 1.1)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(font.clone())
        .label_style(font.clone())
        .light_line_style(theme.grid.mix(0.4))
        .bold_line_style(theme.grid)
        .axis_style(theme.fg.mix(0.6))
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    for l in before {
        let style = ShapeStyle { color: l.colour.mix(0.35), filled: false, stroke_width: 2 };
        let pts: Vec<(f64, f64)> = l.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
        chart.draw_series(LineSeries::new(pts, style))?;
    }
    for l in lines {
        let style = ShapeStyle { color: l.colour.to_rgba(), filled: false, stroke_width: if l.thin { 1 } else { 2 } };
        let pts: Vec<(f64, f64)> = l.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
        if l.dashed {
            chart.draw_series(DashedLineSeries::new(pts, 6, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(pts, style))?;
        }
    }
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{ASGI_COLOUR, LIGHT, WSGI_COLOUR};

    fn svg(lines: &[Line], x_label: &str) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw(&area, &LIGHT, x_label, "req/s", lines, &[]).unwrap();
        }
        out
    }

    /// The text content of every `<text>` element.
    fn text_nodes(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split("</text>").next()?.trim().to_string()))
            .collect()
    }

    fn line(label: &str, colour: RGBColor, points: Vec<(f64, f64)>) -> Line {
        Line { label: label.into(), colour, dashed: false, thin: false, points }
    }

    #[test]
    fn draws_both_series_and_axis_labels_in_either_language() {
        let lines = vec![
            line("ASGI", ASGI_COLOUR, vec![(0.0, 1.0), (1.0, 3.0), (2.0, 2.0)]),
            line("WSGI", WSGI_COLOUR, vec![(0.0, 2.0), (1.0, 1.0)]),
        ];
        for x_label in ["시뮬레이션 시간 (초)", "Simulated time (s)"] {
            let s = svg(&lines, x_label);
            let texts = text_nodes(&s);
            assert!(texts.iter().any(|t| t == x_label), "{texts:?}");
            assert!(texts.iter().any(|t| t == "req/s"), "{texts:?}");
            // Exactly one polyline in each series' colour.
            for colour in ["#0072B2", "#D55E00"] {
                let n =
                    s.split("<polyline").skip(1).filter(|p| p.split('>').next().unwrap_or("").contains(colour)).count();
                assert_eq!(n, 1, "lines in {colour}");
            }
        }
    }

    #[test]
    fn empty_and_single_point_data_do_not_panic() {
        svg(&[], "t");
        svg(&[line("one", ASGI_COLOUR, vec![(0.0, 0.0)])], "t");
        svg(&[line("nan", ASGI_COLOUR, vec![(f64::NAN, 1.0), (1.0, f64::INFINITY)])], "t");
    }
}
