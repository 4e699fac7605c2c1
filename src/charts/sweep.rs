//! A sweep chart: a measure against worker count or users (log x), simulation points joined by lines, theory
//! lines dashed. Latency uses a log y axis (it spans orders of magnitude along a sweep).

use super::{ChartTheme, Line};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;

fn finite(lines: &[Line]) -> impl Iterator<Item = (f64, f64)> + '_ {
    lines.iter().flat_map(|l| l.points.iter().copied()).filter(|(x, y)| x.is_finite() && y.is_finite() && *x > 0.0)
}

/// Draws a sweep chart. `log_y` for latency. Empty data draws axes only.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &ChartTheme,
    x_label: &str,
    y_label: &str,
    lines: &[Line],
    log_y: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&theme.bg)?;
    let (mut x_min, mut x_max, mut y_min, mut y_max) = (f64::INFINITY, 1.0f64, f64::INFINITY, 0.0f64);
    for (x, y) in finite(lines) {
        x_min = x_min.min(x);
        x_max = x_max.max(x);
        if !log_y || y > 0.0 {
            y_min = y_min.min(y);
        }
        y_max = y_max.max(y);
    }
    if !x_min.is_finite() {
        x_min = 1.0;
    }
    if x_max <= x_min {
        x_max = x_min * 10.0;
    }
    let xr = (x_min..x_max).log_scale();
    if log_y {
        let lo = if y_min.is_finite() && y_min > 0.0 { y_min / 1.5 } else { 0.1 };
        let hi = if y_max > lo { y_max * 1.5 } else { lo * 100.0 };
        plot(area, theme, x_label, y_label, lines, xr, (lo..hi).log_scale())
    } else {
        let hi = if y_max > 0.0 { y_max * 1.1 } else { 1.0 };
        plot(area, theme, x_label, y_label, lines, xr, 0.0..hi)
    }
}

fn plot<DB, X, Y>(
    area: &DrawingArea<DB, Shift>,
    theme: &ChartTheme,
    x_label: &str,
    y_label: &str,
    lines: &[Line],
    xr: X,
    yr: Y,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let font = ("sans-serif", 13).into_font().color(&theme.fg);
    let mut chart =
        ChartBuilder::on(area).margin(10).x_label_area_size(34).y_label_area_size(56).build_cartesian_2d(xr, yr)?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(font.clone())
        .label_style(font)
        .light_line_style(theme.grid.mix(0.4))
        .bold_line_style(theme.grid)
        .axis_style(theme.fg.mix(0.6))
        .x_labels(8)
        .y_labels(6)
        .draw()?;
    for l in lines {
        let style = ShapeStyle { color: l.colour.to_rgba(), filled: false, stroke_width: if l.dashed { 1 } else { 2 } };
        let pts: Vec<(f64, f64)> =
            l.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite() && *x > 0.0 && *y > 0.0).collect();
        if l.dashed {
            chart.draw_series(DashedLineSeries::new(pts, 5, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(pts.iter().copied(), style))?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, style.filled())))?;
        }
    }
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{ASGI_COLOUR, LIGHT, WSGI_COLOUR};

    fn svg(lines: &[Line], log_y: bool, labels: (&str, &str)) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 300)).into_drawing_area();
            draw(&area, &LIGHT, labels.0, labels.1, lines, log_y).unwrap();
        }
        out
    }

    fn line(colour: RGBColor, dashed: bool, points: Vec<(f64, f64)>) -> Line {
        Line { label: String::new(), colour, dashed, thin: false, points }
    }

    #[test]
    fn simulation_and_theory_lines_with_labels_in_both_languages() {
        let lines = vec![
            line(ASGI_COLOUR, false, vec![(1.0, 10.0), (10.0, 90.0), (100.0, 95.0)]),
            line(WSGI_COLOUR, false, vec![(1.0, 9.0), (10.0, 80.0), (100.0, 99.0)]),
            line(WSGI_COLOUR, true, vec![(1.0, 10.0), (100.0, 1000.0)]),
        ];
        for labels in [("gunicorn 워커 수", "처리량 (초당 요청)"), ("gunicorn workers", "Throughput (requests/s)")]
        {
            for log_y in [false, true] {
                let s = svg(&lines, log_y, labels);
                assert!(s.contains(labels.0) && s.contains(labels.1));
                // Two solid polylines with point markers, one dashed theory line (drawn as separate segments).
                let circles = s.matches("<circle").count();
                assert_eq!(circles, 6, "markers");
            }
        }
    }

    #[test]
    fn empty_single_and_non_positive_data_do_not_panic() {
        svg(&[], false, ("x", "y"));
        svg(&[], true, ("x", "y"));
        svg(&[line(ASGI_COLOUR, false, vec![(5.0, 0.0)])], true, ("x", "y"));
        svg(&[line(ASGI_COLOUR, false, vec![(0.0, 1.0), (f64::NAN, 2.0)])], false, ("x", "y"));
    }
}
