//! Charts, generic over plotters' `DrawingBackend`: the page draws them on a canvas, native tests on SVG.
//! Each chart is one module; the data it shows is computed apart from the drawing (`series.rs`).

pub mod canvas;
pub mod live;
pub mod series;
pub mod sweep;
pub mod timeseries;

use plotters::style::RGBColor;

/// Okabe–Ito colours of the two sides: ASGI blue, WSGI orange-vermillion.
pub const ASGI_COLOUR: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// WSGI's colour.
pub const WSGI_COLOUR: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// One line on a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub colour: RGBColor,
    /// Dashed (theory lines).
    pub dashed: bool,
    /// Thin (a secondary line of the same colour).
    pub thin: bool,
    /// Points (x, y).
    pub points: Vec<(f64, f64)>,
}

/// Measured points drawn over a chart: hollow circles in a side's colour, not joined (the page draws the real
/// Django runs of `measured_match` this way).
#[derive(Clone, Debug, PartialEq)]
pub struct Marks {
    pub colour: RGBColor,
    /// Pixels (the sides differ, so that where they coincide both rings show).
    pub radius: i32,
    /// Points (x, y).
    pub points: Vec<(f64, f64)>,
}

/// Colours and fonts of a theme, for charts.
#[derive(Clone, Copy, Debug)]
pub struct ChartTheme {
    pub bg: RGBColor,
    pub fg: RGBColor,
    pub grid: RGBColor,
}

/// Light theme.
pub const LIGHT: ChartTheme =
    ChartTheme { bg: RGBColor(255, 255, 255), fg: RGBColor(26, 26, 26), grid: RGBColor(225, 225, 225) };
/// Dark theme.
pub const DARK: ChartTheme =
    ChartTheme { bg: RGBColor(22, 24, 28), fg: RGBColor(240, 240, 240), grid: RGBColor(58, 61, 66) };
