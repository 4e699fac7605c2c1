//! A labelled range input with its value shown, optionally on a logarithmic scale (for ranges like 1–5000 users,
//! where the interesting part is at the small end). Keyboard-operable as any range input.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Steps of the underlying range input.
const STEPS: f64 = 1000.0;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Element id (also the test id).
    pub id: AttrValue,
    /// Visible label.
    pub label: AttrValue,
    pub min: f64,
    pub max: f64,
    pub value: f64,
    /// Logarithmic scale (log(1 + v) when min is 0).
    #[prop_or_default]
    pub log: bool,
    /// Round to whole numbers.
    #[prop_or(true)]
    pub integer: bool,
    /// Text after the value (unit).
    #[prop_or_default]
    pub unit: AttrValue,
    /// Called with the new value.
    pub on_change: Callback<f64>,
}

fn to_pos(p: &Props, v: f64) -> f64 {
    let v = v.clamp(p.min, p.max);
    if p.log && p.min > 0.0 {
        // Geometric: equal steps multiply the value by the same factor.
        (v / p.min).ln() / (p.max / p.min).ln() * STEPS
    } else if p.log {
        let f = |x: f64| (x - p.min + 1.0).ln();
        (f(v) / f(p.max)) * STEPS
    } else if p.max > p.min {
        (v - p.min) / (p.max - p.min) * STEPS
    } else {
        0.0
    }
}

fn from_pos(p: &Props, pos: f64) -> f64 {
    let t = (pos / STEPS).clamp(0.0, 1.0);
    let v = if p.log && p.min > 0.0 {
        p.min * ((p.max / p.min).ln() * t).exp()
    } else if p.log {
        p.min - 1.0 + ((p.max - p.min + 1.0).ln() * t).exp()
    } else {
        p.min + (p.max - p.min) * t
    };
    let v = v.clamp(p.min, p.max);
    if p.integer {
        v.round()
    } else if v < 0.1 {
        (v * 1000.0).round() / 1000.0
    } else if v < 10.0 {
        (v * 100.0).round() / 100.0
    } else {
        v.round()
    }
}

/// Formats a slider value.
pub fn show(v: f64, integer: bool) -> String {
    if integer || v >= 10.0 {
        format!("{v:.0}")
    } else if v < 0.1 {
        format!("{v:.3}")
    } else if v < 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

/// The value one arrow-key press moves to from `v` (`up` or down): the next whole number for integer sliders
/// (the range input's own step is a thousandth of the track, which rounding would undo), else 1 % of the track.
pub fn key_step(p: &Props, v: f64, up: bool) -> f64 {
    let next = if p.integer {
        (v.round() + if up { 1.0 } else { -1.0 }).clamp(p.min, p.max)
    } else {
        from_pos(p, to_pos(p, v) + if up { STEPS / 100.0 } else { -STEPS / 100.0 })
    };
    if p.integer {
        next
    } else if (next - v).abs() < f64::EPSILON {
        v
    } else {
        next
    }
}

/// The slider.
#[component]
pub fn Slider(p: &Props) -> Html {
    let onkeydown = {
        let on_change = p.on_change.clone();
        let probe = Props {
            id: AttrValue::default(),
            label: AttrValue::default(),
            min: p.min,
            max: p.max,
            value: p.value,
            log: p.log,
            integer: p.integer,
            unit: AttrValue::default(),
            on_change: Callback::noop(),
        };
        Callback::from(move |e: KeyboardEvent| {
            let up = match e.key().as_str() {
                "ArrowRight" | "ArrowUp" => true,
                "ArrowLeft" | "ArrowDown" => false,
                _ => return,
            };
            e.prevent_default();
            let next = key_step(&probe, probe.value, up);
            if next != probe.value {
                on_change.emit(next);
            }
        })
    };
    let oninput = {
        let on_change = p.on_change.clone();
        let (min, max, log, integer) = (p.min, p.max, p.log, p.integer);
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let pos = input.value_as_number();
            if pos.is_finite() {
                let probe = Props {
                    id: AttrValue::default(),
                    label: AttrValue::default(),
                    min,
                    max,
                    value: 0.0,
                    log,
                    integer,
                    unit: AttrValue::default(),
                    on_change: Callback::noop(),
                };
                on_change.emit(from_pos(&probe, pos));
            }
        })
    };
    let text = format!("{} {}", show(p.value, p.integer), p.unit);
    html! {
        <div class="slider">
            <label for={p.id.clone()}>
                <span class="name">{p.label.clone()}</span>
                <output for={p.id.clone()} data-testid={format!("{}-value", p.id)}>{text.trim().to_string()}</output>
            </label>
            <input type="range" id={p.id.clone()} data-testid={p.id.clone()} min="0" max={STEPS.to_string()} step="1"
                   value={format!("{:.0}", to_pos(p, p.value))} aria-valuetext={text.trim().to_string()} {oninput} {onkeydown} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(min: f64, max: f64, log: bool) -> Props {
        Props {
            id: "x".into(),
            label: "x".into(),
            min,
            max,
            value: min,
            log,
            integer: true,
            unit: AttrValue::default(),
            on_change: Callback::noop(),
        }
    }

    #[test]
    fn log_scale_round_trips_and_hits_the_ends() {
        let p = props(1.0, 5000.0, true);
        assert_eq!(from_pos(&p, 0.0), 1.0);
        assert_eq!(from_pos(&p, STEPS), 5000.0);
        for v in [1.0, 2.0, 50.0, 999.0, 5000.0] {
            let back = from_pos(&p, to_pos(&p, v).round());
            assert!((back - v).abs() / v < 0.02, "{v} -> {back}");
        }
        let speed = Props { integer: false, ..props(0.01, 100.0, true) };
        assert!((to_pos(&speed, 1.0) - STEPS / 2.0).abs() < 1e-6, "1× is the middle of 0.01×–100×");
        assert_eq!(from_pos(&speed, STEPS / 2.0), 1.0);
        let z = props(0.0, 1000.0, true);
        assert_eq!(from_pos(&z, 0.0), 0.0);
        assert_eq!(from_pos(&z, STEPS), 1000.0);
    }

    #[test]
    fn arrow_keys_move_whole_sliders_by_one() {
        let p = props(1.0, 200.0, true);
        assert_eq!(key_step(&p, 4.0, true), 5.0);
        assert_eq!(key_step(&p, 4.0, false), 3.0);
        assert_eq!(key_step(&p, 200.0, true), 200.0);
        assert_eq!(key_step(&p, 1.0, false), 1.0);
        let speed = Props { integer: false, ..props(0.01, 100.0, true) };
        assert!(key_step(&speed, 1.0, true) > 1.0 && key_step(&speed, 1.0, false) < 1.0);
    }

    #[test]
    fn out_of_range_values_are_clamped() {
        let p = props(1.0, 200.0, false);
        assert_eq!(to_pos(&p, 1e9), STEPS);
        assert_eq!(from_pos(&p, -5.0), 1.0);
    }
}
