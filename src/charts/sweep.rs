//! A sweep chart: a measure against worker count or users (log x), simulation points joined by lines, theory
//! lines dashed, measured points as hollow circles. Latency uses a log y axis (it spans orders of magnitude along a
//! sweep).

use super::{ChartTheme, Line, Marks};
use plotters::coord::Shift;
use plotters::prelude::*;

fn finite<'a>(lines: &'a [Line], marks: &'a [Marks]) -> impl Iterator<Item = (f64, f64)> + 'a {
    let marked = marks.iter().flat_map(|m| m.points.iter().copied());
    lines
        .iter()
        .flat_map(|l| l.points.iter().copied())
        .chain(marked)
        .filter(|(x, y)| x.is_finite() && y.is_finite() && *x > 0.0)
}

/// Formats an axis value that is a base-10 logarithm as the value itself (1, 3.2, 10, 320…).
fn unlog(v: &f64) -> String {
    let x = 10f64.powf(*v);
    if x >= 10.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// Draws a sweep chart, `marks` over the lines. `log_y` for latency. Empty data draws axes only. Log axes are drawn
/// as linear axes of base-10 logarithms (one coordinate type for every chart keeps the download small).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &ChartTheme,
    x_label: &str,
    y_label: &str,
    lines: &[Line],
    marks: &[Marks],
    log_y: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&theme.bg)?;
    let ty = |y: f64| if log_y { y.log10() } else { y };
    let usable = |(x, y): (f64, f64)| x.is_finite() && y.is_finite() && x > 0.0 && (!log_y || y > 0.0);
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for (x, y) in finite(lines, marks).filter(|&p| usable(p)) {
        x0 = x0.min(x.log10());
        x1 = x1.max(x.log10());
        y0 = y0.min(ty(y));
        y1 = y1.max(ty(y));
    }
    if !x0.is_finite() {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    // A little room at both ends, so that a marker on the first or last x is not cut by the axis.
    let pad = (x1 - x0) * 0.02;
    let (x0, x1) = (x0 - pad, x1 + pad);
    // No data yet: a plain 0–10 axis (0–1 printed as whole numbers read "0, 0, 0, 1, 1, 1").
    let (y0, y1) = if !y0.is_finite() {
        (0.0, if log_y { 1.0 } else { 10.0 })
    } else if log_y {
        (y0 - 0.2, y1.max(y0 + 0.5) + 0.2)
    } else {
        (0.0, if y1 > 0.0 { y1 * 1.1 } else { 1.0 })
    };
    let font = ("sans-serif", 13).into_font().color(&theme.fg);
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(66)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    let fine = y1 - y0 < 8.0;
    let plain = move |v: &f64| if fine { format!("{v:.1}") } else { format!("{v:.0}") };
    let y_fmt: &dyn Fn(&f64) -> String = if log_y { &unlog } else { &plain };
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
        .x_label_formatter(&unlog)
        .y_label_formatter(y_fmt)
        .draw()?;
    for l in lines {
        let style = ShapeStyle { color: l.colour.to_rgba(), filled: false, stroke_width: if l.dashed { 1 } else { 2 } };
        let pts: Vec<(f64, f64)> =
            l.points.iter().copied().filter(|&p| usable(p)).map(|(x, y)| (x.log10(), ty(y))).collect();
        if l.dashed {
            chart.draw_series(DashedLineSeries::new(pts, 5, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(pts.iter().copied(), style))?;
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 3, style.filled())))?;
        }
    }
    // Hollow circles, larger than the simulation's dots, drawn last so that a line never hides one.
    for m in marks {
        let style = ShapeStyle { color: m.colour.to_rgba(), filled: false, stroke_width: 2 };
        let pts = m.points.iter().copied().filter(|&p| usable(p));
        chart.draw_series(pts.map(|(x, y)| Circle::new((x.log10(), ty(y)), m.radius, style)))?;
    }
    area.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{ASGI_COLOUR, LIGHT, WSGI_COLOUR};

    fn svg(lines: &[Line], marks: &[Marks], log_y: bool, labels: (&str, &str)) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (600, 300)).into_drawing_area();
            draw(&area, &LIGHT, labels.0, labels.1, lines, marks, log_y).unwrap();
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
                let s = svg(&lines, &[], log_y, labels);
                assert!(s.contains(labels.0) && s.contains(labels.1));
                // Two solid polylines with point markers, one dashed theory line (drawn as separate segments).
                let circles = s.matches("<circle").count();
                assert_eq!(circles, 6, "markers");
            }
        }
    }

    #[test]
    fn empty_single_and_non_positive_data_do_not_panic() {
        svg(&[], &[], false, ("x", "y"));
        svg(&[], &[], true, ("x", "y"));
        svg(&[line(ASGI_COLOUR, false, vec![(5.0, 0.0)])], &[], true, ("x", "y"));
        svg(&[line(ASGI_COLOUR, false, vec![(0.0, 1.0), (f64::NAN, 2.0)])], &[], false, ("x", "y"));
        let odd = Marks { colour: WSGI_COLOUR, radius: 7, points: vec![(0.0, 1.0), (3.0, 0.0), (f64::NAN, 1.0)] };
        svg(&[], &[odd], true, ("x", "y"));
    }

    #[test]
    fn measured_marks_are_hollow_circles_in_the_sides_colours_and_widen_the_axes() {
        let lines = vec![line(ASGI_COLOUR, false, vec![(1.0, 10.0), (10.0, 90.0)])];
        let marks = [
            Marks { colour: ASGI_COLOUR, radius: 5, points: vec![(1.0, 9.5), (50.0, 300.0), (50.0, 280.0)] },
            Marks { colour: WSGI_COLOUR, radius: 7, points: vec![(10.0, 40.0), (200.0, 16.0)] },
        ];
        let s = svg(&lines, &marks, false, ("x", "y"));
        // Two simulated dots (filled, radius 3), then hollow circles: three ASGI (radius 5), two WSGI (7).
        assert_eq!(s.matches("<circle").count(), 7);
        let hollow = |r: &str, colour: &str| {
            let ring = |l: &&str| l.contains(r) && l.contains(colour) && l.contains("fill=\"none\"");
            s.lines().filter(ring).count()
        };
        assert_eq!((hollow("r=\"5\"", "#0072B2"), hollow("r=\"7\"", "#D55E00")), (3, 2));
        // The y axis reaches the measured 300 (the simulation alone stops at 90 × 1.1), the x axis the 200 users.
        let labels: Vec<&str> = s.lines().map(str::trim).collect();
        assert!(labels.contains(&"300") && !svg(&lines, &[], false, ("x", "y")).lines().any(|l| l.trim() == "300"));
        assert!(labels.contains(&"100") && labels.contains(&"32"), "x labels to 200");
    }
}
