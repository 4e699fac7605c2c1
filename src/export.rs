//! Exports: CSV text of a run's time series or of a sweep (pure), and the browser download of a file or a canvas.

use crate::charts::series::{points, Measure};
use sim::sweep::PointResult;
use sim::Metrics;
use wasm_bindgen::JsCast;

/// The time series of both sides as CSV (one row per bucket and side).
pub fn run_csv(sides: [(&str, &Metrics); 2]) -> String {
    let measures = [
        ("throughput_per_s", Measure::Throughput),
        ("p50_ms", Measure::Latency(50)),
        ("p95_ms", Measure::Latency(95)),
        ("p99_ms", Measure::Latency(99)),
        ("in_flight", Measure::InFlight),
        ("queue", Measure::Queue),
        ("busy_cores", Measure::BusyCores),
        ("memory_mb", Measure::MemoryMb),
        ("loop_lag_max_ms", Measure::LoopLagMs),
    ];
    let mut out = String::from("side,t_s");
    for (name, _) in &measures {
        out.push(',');
        out.push_str(name);
    }
    out.push('\n');
    for (side, m) in sides {
        let cols: Vec<Vec<(f64, f64)>> = measures.iter().map(|(_, k)| points(m, *k)).collect();
        for (i, &(t, _)) in cols[0].iter().enumerate() {
            out.push_str(&format!("{side},{t:.3}"));
            for c in &cols {
                // Latency columns skip buckets without answers; look them up by time.
                let v = c.iter().find(|p| (p.0 - t).abs() < 1e-9).map(|p| p.1);
                match v {
                    Some(v) => out.push_str(&format!(",{v:.4}")),
                    None => out.push(','),
                }
            }
            let _ = i;
            out.push('\n');
        }
    }
    out
}

/// Sweep results as CSV (one row per point and side).
pub fn sweep_csv(axis: &str, results: &[PointResult]) -> String {
    let mut out = format!(
        "{axis},side,throughput_per_s,latency_mean_ms,latency_p50_ms,latency_p99_ms,completed,refused,timed_out,mean_busy_cores\n"
    );
    for r in results {
        let s = &r.summary;
        out.push_str(&format!(
            "{},{},{:.4},{:.4},{:.4},{:.4},{},{},{},{:.4}\n",
            r.x,
            r.side.name(),
            s.throughput_per_s,
            s.latency_mean_ms,
            s.latency_p50_ms,
            s.latency_p99_ms,
            s.completed,
            s.refused,
            s.timed_out,
            s.mean_busy_cores
        ));
    }
    out
}

fn click_download(href: &str, name: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(href);
    a.set_download(name);
    doc.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    Some(())
}

/// Offers `text` as a file download.
pub fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) {
        if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
            click_download(&url, name);
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

/// Offers a canvas as a PNG download.
pub fn download_canvas(name: &str, canvas: &web_sys::HtmlCanvasElement) {
    if let Ok(url) = canvas.to_data_url_with_type("image/png") {
        click_download(&url, name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::{Scenario, Side, Sim};

    #[test]
    fn run_csv_has_a_header_and_rows_for_both_sides() {
        let sc = Scenario::from_json(
            r#"{"traffic": {"kind": "closed", "users": 5, "duration_s": 3},
                "asgi": {"view": {"kind": "async", "steps": [{"await_io": 50}]}},
                "wsgi": {"view": {"kind": "sync", "steps": [{"blocking_io": 50}]}}}"#,
        )
        .unwrap();
        let mut a = Sim::new(&sc, Side::Asgi).unwrap();
        let mut w = Sim::new(&sc, Side::Wsgi).unwrap();
        a.run();
        w.run();
        let csv = run_csv([("asgi", a.metrics()), ("wsgi", w.metrics())]);
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("side,t_s,throughput_per_s,p50_ms"));
        assert!(csv.lines().any(|l| l.starts_with("asgi,")) && csv.lines().any(|l| l.starts_with("wsgi,")));
        let cols = csv.lines().next().unwrap().split(',').count();
        assert!(csv.lines().all(|l| l.split(',').count() == cols));
    }
}
