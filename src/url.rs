//! The page's state in its URL: scene, every parameter, seed, language, playback time, speed, embed mode. Parsing
//! never fails: invalid or out-of-range values become a safe value plus a notice naming the parameter; unknown
//! parameters are ignored with a notice. Pure (form_urlencoded does the encoding).

use crate::fmt::parse_decimal;
use crate::i18n::{tr_with, Lang, T};
use crate::model::{IoStyle, Num, Orm, Params, DEFAULT_SPEED, SPEED_MAX, SPEED_MIN};
use crate::scenes;

/// What a URL describes.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    pub scene: Option<&'static str>,
    /// The challenge shown (`challenge=`), when no scene is.
    pub challenge: Option<&'static str>,
    pub lang: Option<Lang>,
    pub params: Params,
    /// Playback time to go to, seconds.
    pub t: Option<f64>,
    pub speed: Option<f64>,
    pub embed: bool,
    /// The reader's own view (`code=`), packed (`share_code`): carried as it is, unpacked by the editor island.
    pub code: Option<String>,
}

/// Something the URL asked for that could not be used as given.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Out of range: used the nearest allowed value.
    Clamped { key: String, given: String, used: String },
    /// Not a value this parameter takes: used the scene's (or the default) value.
    Invalid { key: String, given: String, used: String },
    /// Not a parameter of this page: ignored.
    Unknown { key: String },
    /// More notices than are listed.
    More { count: usize },
}

/// Most notices listed; the rest are counted in one more line.
pub const MAX_NOTICES: usize = 12;

/// A value or key as a notice quotes it: at most 40 characters (a 100 000-digit value must not widen the page).
fn quote(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

impl Notice {
    /// The message, in the page language.
    pub fn message(&self, l: Lang) -> String {
        match self {
            Notice::More { count } => tr_with(l, T::UrlMore, &[("count", &count.to_string())]),
            Notice::Clamped { key, given, used } => {
                tr_with(l, T::UrlClamped, &[("key", key), ("given", given), ("used", used)])
            }
            Notice::Invalid { key, given, used } => {
                tr_with(l, T::UrlInvalid, &[("key", key), ("given", given), ("used", used)])
            }
            Notice::Unknown { key } => tr_with(l, T::UrlUnknown, &[("key", key)]),
        }
    }
}

/// A number as the URL writes it: up to nine decimals, no trailing zeros.
pub fn fmt_num(v: f64) -> String {
    let s = format!("{v:.9}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A yes/no value, in any of the usual spellings.
fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The notice for a value `v` of `k` that is not one the parameter takes; `used` is the value used instead.
fn invalid(k: &str, v: &str, used: String) -> Notice {
    Notice::Invalid { key: k.to_string(), given: v.to_string(), used }
}

/// A finite number in `v`, clamped to `min`–`max` (with a notice when that changed it); `None` when `v` is not a
/// finite number.
fn clamped(k: &str, v: &str, (min, max): (f64, f64), notices: &mut Vec<Notice>) -> Option<f64> {
    match parse_decimal(v.trim()) {
        Some(x) => {
            let y = x.clamp(min, max);
            if y != x {
                notices.push(Notice::Clamped { key: k.to_string(), given: v.to_string(), used: fmt_num(y) });
            }
            Some(y)
        }
        _ => None,
    }
}

/// The scene the query names (`scene=`), if it is one, and the parameters it starts from (its preset, or the
/// defaults): the base that every other parameter overrides.
fn scene_base(pairs: &[(String, String)], notices: &mut Vec<Notice>) -> (Option<&'static str>, Params) {
    let mut params = Params::default();
    let Some((_, v)) = pairs.iter().find(|(k, _)| k == "scene") else { return (None, params) };
    match scenes::get(v) {
        Some(s) => {
            if let Some(p) = crate::preset_params::preset_params(s.preset) {
                params = p;
            }
            (Some(s.key), params)
        }
        None => {
            notices.push(Notice::Invalid { key: "scene".into(), given: v.clone(), used: "—".into() });
            (None, params)
        }
    }
}

/// The challenge the query names (`challenge=`), if it is one; its starting setup becomes the base.
fn challenge_base(pairs: &[(String, String)], params: &mut Params, notices: &mut Vec<Notice>) -> Option<&'static str> {
    let (_, v) = pairs.iter().find(|(k, _)| k == "challenge")?;
    match crate::challenges::get(v) {
        Some(c) => {
            *params = c.start_params();
            Some(c.key)
        }
        None => {
            notices.push(Notice::Invalid { key: "challenge".into(), given: v.clone(), used: "—".into() });
            None
        }
    }
}

/// Sets the numeric parameter `n` from its value `v` (key `k`): clamped to its range, rounded if whole; a value
/// that is not a number keeps the current one.
fn parse_num(n: Num, k: &str, v: &str, params: &mut Params, notices: &mut Vec<Notice>) {
    let spec = n.spec();
    let r = spec.range;
    let current = n.get(params);
    match parse_decimal(v.trim()) {
        Some(x) => {
            let mut y = x.clamp(r.min, r.max);
            if spec.integer {
                y = y.round();
            }
            // Open traffic below the engine's slowest rate would never send anything: a blank stage.
            if n == Num::Rate && y > 0.0 && y < sim::scenario::limits::RATE_PER_S.0 {
                y = sim::scenario::limits::RATE_PER_S.0;
            }
            if y != x {
                notices.push(Notice::Clamped { key: k.to_string(), given: v.to_string(), used: fmt_num(y) });
            }
            n.set(params, y);
        }
        _ => notices.push(invalid(k, v, fmt_num(current))),
    }
}

/// Sets a yes/no key (`gather`, `def`, `celery`, `embed`) from its value `v`.
fn parse_flag(k: &str, v: &str, st: &mut UrlState, notices: &mut Vec<Notice>) {
    match parse_bool(v) {
        Some(b) => match k {
            "gather" => st.params.gather = b,
            "def" => st.params.asgi_sync_view = b,
            "celery" => st.params.celery = b,
            _ => st.embed = b,
        },
        None => notices.push(invalid(k, v, "0".into())),
    }
}

/// Sets what a key that is not a numeric parameter asks for (language, time, speed, seed, menus, flags); an
/// unknown key gets a notice.
fn parse_other(k: &str, v: &str, st: &mut UrlState, notices: &mut Vec<Notice>) {
    match k {
        "scene" | "challenge" => {}
        k if crate::test_hooks::KEYS.contains(&k) => {}
        "code" if crate::share_code::well_formed(v) => st.code = Some(v.to_string()),
        "code" => notices.push(invalid(k, v, String::new())),
        "lang" => match Lang::parse(v) {
            Some(l) => st.lang = Some(l),
            None => notices.push(invalid(k, v, "ko / en".into())),
        },
        "t" => match clamped(k, v, (0.0, 86_400.0), notices) {
            Some(y) => st.t = Some(y),
            None => notices.push(invalid(k, v, "0".into())),
        },
        "speed" => match clamped(k, v, (SPEED_MIN, SPEED_MAX), notices) {
            Some(y) => st.speed = Some(y),
            None => {
                // The scene's speed, or the page's default: the one that will actually play.
                let used = st.scene.and_then(scenes::get).map_or(DEFAULT_SPEED, |s| s.speed);
                notices.push(invalid(k, v, fmt_num(used)));
            }
        },
        "seed" => match v.trim().parse::<u64>() {
            Ok(x) => st.params.seed = x,
            Err(_) => notices.push(invalid(k, v, st.params.seed.to_string())),
        },
        "io" => match IoStyle::from_key(v) {
            Some(x) => st.params.io = x,
            None => notices.push(invalid(k, v, st.params.io.key().into())),
        },
        "orm" => match Orm::from_key(v) {
            Some(x) => st.params.orm = x,
            None => notices.push(invalid(k, v, st.params.orm.key().into())),
        },
        "gather" | "def" | "celery" | "embed" => parse_flag(k, v, st, notices),
        _ => notices.push(Notice::Unknown { key: k.to_string() }),
    }
}

/// Keys and values as quoted, and a bounded list (9000 unknown keys are one line, not a page of them).
fn bounded(notices: Vec<Notice>) -> Vec<Notice> {
    let mut notices: Vec<Notice> = notices
        .into_iter()
        .map(|n| match n {
            Notice::Clamped { key, given, used } => Notice::Clamped { key: quote(&key), given: quote(&given), used },
            Notice::Invalid { key, given, used } => Notice::Invalid { key: quote(&key), given: quote(&given), used },
            Notice::Unknown { key } => Notice::Unknown { key: quote(&key) },
            more => more,
        })
        .collect();
    if notices.len() > MAX_NOTICES {
        let count = notices.len() - (MAX_NOTICES - 1);
        notices.truncate(MAX_NOTICES - 1);
        notices.push(Notice::More { count });
    }
    notices
}

/// Parses a query string (with or without the leading `?`).
pub fn parse(query: &str) -> (UrlState, Vec<Notice>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let mut notices = Vec::new();
    // The scene first: it sets the base that every other parameter overrides.
    let (scene, mut params) = scene_base(&pairs, &mut notices);
    let challenge = if scene.is_none() { challenge_base(&pairs, &mut params, &mut notices) } else { None };
    let mut st = UrlState { scene, challenge, lang: None, params, t: None, speed: None, embed: false, code: None };
    for (k, v) in &pairs {
        match Num::from_url(k) {
            Some(n) => parse_num(n, k, v, &mut st.params, &mut notices),
            None => parse_other(k, v, &mut st, &mut notices),
        }
    }
    (st, bounded(notices))
}

/// The query string (with `?`) that reproduces a state.
pub fn to_query(st: &UrlState) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(s) = st.scene {
        q.append_pair("scene", s);
    }
    if let Some(c) = st.challenge {
        q.append_pair("challenge", c);
    }
    if let Some(l) = st.lang {
        q.append_pair("lang", l.code());
    }
    let p = &st.params;
    q.append_pair("io", p.io.key());
    for &n in Num::ALL {
        q.append_pair(n.spec().url, &fmt_num(n.get(p)));
    }
    q.append_pair("gather", if p.gather { "1" } else { "0" });
    q.append_pair("orm", p.orm.key());
    q.append_pair("def", if p.asgi_sync_view { "1" } else { "0" });
    q.append_pair("celery", if p.celery { "1" } else { "0" });
    q.append_pair("seed", &p.seed.to_string());
    if let Some(s) = st.speed {
        q.append_pair("speed", &fmt_num(s));
    }
    if let Some(t) = st.t {
        q.append_pair("t", &fmt_num(t));
    }
    if st.embed {
        q.append_pair("embed", "1");
    }
    if let Some(c) = &st.code {
        q.append_pair("code", c);
    }
    format!("?{}", q.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_survives_the_round_trip() {
        let mut params = Params::from_scenario(&sim::presets::get("db-pool-20").unwrap().scenario);
        params.io_ms = 12.5;
        params.seed = 42;
        params.celery = true;
        let st = UrlState {
            scene: Some("db-pool"),
            challenge: None,
            lang: Some(Lang::En),
            params,
            t: Some(12.345678901),
            speed: Some(0.25),
            embed: true,
            code: Some("eJzLSM3JyQcABiwCFQ".into()),
        };
        let (back, notices) = parse(&to_query(&st));
        assert_eq!(notices, vec![]);
        assert_eq!(back, st);
    }

    #[test]
    fn a_scene_sets_the_base_and_other_keys_override_it() {
        let (st, n) = parse("?scene=time-sleep&users=7");
        assert!(n.is_empty());
        assert_eq!(st.params.io, IoStyle::TimeSleep);
        assert_eq!(st.params.io_ms, 1000.0);
        assert_eq!(st.params.users, 7);
    }

    #[test]
    fn bad_values_get_a_notice_naming_the_parameter_and_a_safe_value() {
        let (st, n) =
            parse("workers=500&users=abc&cores=0&io=fast&speed=NaN&frobnicate=1&t=-3&scene=nope&lang=fr&gather=maybe");
        assert_eq!(st.params.workers, 200);
        assert_eq!(st.params.users, Params::default().users);
        assert_eq!(st.params.cores, 1);
        assert_eq!(st.params.io, IoStyle::AsyncSleep);
        assert_eq!(st.t, Some(0.0));
        assert_eq!(st.scene, None);
        let keys: Vec<String> = n
            .iter()
            .map(|x| match x {
                Notice::Clamped { key, .. } | Notice::Invalid { key, .. } | Notice::Unknown { key } => key.clone(),
                Notice::More { .. } => String::new(),
            })
            .collect();
        for k in ["workers", "users", "cores", "io", "speed", "frobnicate", "t", "scene", "lang", "gather"] {
            assert!(keys.iter().any(|x| x == k), "no notice for {k}: {keys:?}");
        }
        assert!(n.iter().any(|x| x.message(Lang::En).contains("workers=500")));
        assert!(n.iter().any(|x| x.message(Lang::Ko).contains("frobnicate")));
    }

    #[cfg(not(target_arch = "wasm32"))]
    use proptest::strategy::Strategy as _;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]

        #[test]
        fn any_query_gives_a_valid_state_and_notices_name_given_keys(
            pairs in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        proptest::sample::select(vec![
                            "scene", "lang", "t", "speed", "embed", "io", "orm", "gather", "def", "celery", "seed",
                            "calls", "io_ms", "cpu_ms", "db_ms", "db_pool", "procs", "workers", "threads", "cores",
                            "users", "rate", "io_cv", "crash", "maxreq", "timeout",
                        ]).prop_map(String::from),
                        "[a-z_]{1,8}",
                    ],
                    proptest::prop_oneof![
                        "-?[0-9]{1,12}(\\.[0-9]{1,4})?",
                        "[a-z-]{0,12}",
                        ".{0,12}",
                        proptest::sample::select(vec!["NaN", "inf", "-inf", "1e308", "-0", "true", "gather"]).prop_map(String::from),
                    ],
                ),
                0..12,
            )
        ) {
            let mut q = form_urlencoded::Serializer::new(String::new());
            for (k, v) in &pairs {
                q.append_pair(k, v);
            }
            let (st, notices) = parse(&q.finish());
            proptest::prop_assert!(st.params.scenario().validate().is_ok());
            for n in &notices {
                let key = match n {
                    Notice::Clamped { key, .. } | Notice::Invalid { key, .. } | Notice::Unknown { key } => key,
                    Notice::More { .. } => continue,
                };
                // A long key is quoted shortened.
                let key = key.trim_end_matches('…');
                proptest::prop_assert!(pairs.iter().any(|(k, _)| k.starts_with(key)), "notice for {} not in the query", key);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(q in ".{0,300}") {
            let (st, _) = parse(&q);
            proptest::prop_assert!(st.params.scenario().validate().is_ok());
        }
    }

    #[test]
    fn hostile_urls_give_short_bounded_notices_and_a_running_lab() {
        // A 100 000-digit value is quoted shortened.
        let (_, n) = parse(&format!("workers={}", "9".repeat(100_000)));
        assert!(n[0].message(Lang::En).chars().count() < 120, "{}", n[0].message(Lang::En));
        // 9000 unknown keys are a dozen lines.
        let q: String = (0..9000).map(|i| format!("k{i}=1&")).collect();
        let (_, n) = parse(&q);
        assert_eq!(n.len(), MAX_NOTICES);
        assert_eq!(n[MAX_NOTICES - 1], Notice::More { count: 9000 - (MAX_NOTICES - 1) });
        // Open traffic slower than the engine's slowest rate would send nothing: the slowest rate is used.
        let (st, n) = parse("rate=0.0005");
        assert_eq!(st.params.rate, sim::scenario::limits::RATE_PER_S.0);
        assert!(matches!(&n[0], Notice::Clamped { key, .. } if key == "rate"));
        // A bad speed names the speed that plays: the scene's.
        let (_, n) = parse("scene=time-sleep&speed=NaN");
        assert!(n[0].message(Lang::En).contains("using 1."), "{}", n[0].message(Lang::En));
    }

    #[test]
    fn parsed_params_always_make_a_valid_scenario() {
        for q in
            ["", "workers=1e9&users=-5&cpu_ms=1e300&io_ms=-1&rate=99999999&io_cv=9&threads=0", "calls=8.7&db_pool=-3"]
        {
            let (st, _) = parse(q);
            st.params.scenario().validate().unwrap_or_else(|e| panic!("{q}: {e}"));
        }
    }
}
