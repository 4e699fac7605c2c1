//! Hooks for the browser tests, live only with the `test-hooks` feature (the sub-path test build, never the site):
//! without it the URL keys below are unknown keys like any other (a notice says so) and the hooks do nothing.

use yew::prelude::*;

/// The URL keys only a test build knows.
pub const KEYS: &[&str] = if cfg!(feature = "test-hooks") { &["__panic", "sweep_requests"] } else { &[] };

/// The value of `key` in the page's URL, in a test build.
fn url_value(key: &str) -> Option<String> {
    if !KEYS.contains(&key) {
        return None;
    }
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(key)
}

/// Requests per sweep point from `?sweep_requests=N` (1 000–1 000 000, for the sweep benchmark).
pub fn sweep_per_point() -> Option<u64> {
    url_value("sweep_requests")?.parse::<u64>().ok().map(|v| v.clamp(1_000, 1_000_000))
}

/// `?__panic=1` panics on purpose a moment after start-up: the tests use it to check the error panel.
#[hook]
pub fn use_panic_on_request() {
    use_effect_with((), |_| {
        let timer = (url_value("__panic").as_deref() == Some("1")).then(|| {
            gloo_timers::callback::Timeout::new(300, || panic!("a test panic requested by the URL (__panic=1)"))
        });
        move || drop(timer)
    });
}
