//! Every string a reader can see, in Korean and English.
//!
//! Keys are an enum and each key is defined with both languages in one place, so a string cannot exist in one
//! language only; `tests::every_string_has_both_languages` also checks that neither is empty.

/// The page language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// 한국어 — the blog post's language, and the default.
    #[default]
    Ko,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code (`ko`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Parses `ko` / `en` (also `ko-KR`, `en-US`, any case).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "ko" || s.starts_with("ko-") {
            Some(Lang::Ko)
        } else if s == "en" || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Korean for a browser language starting with `ko`, English otherwise.
    pub fn from_browser(navigator_language: &str) -> Lang {
        if navigator_language.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }

    /// Picks the string for this language.
    pub fn pick<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

macro_rules! strings {
    ($($key:ident => ($ko:expr, $en:expr)),* $(,)?) => {
        /// A translatable string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            /// Every key.
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// (Korean, English).
            pub fn pair(self) -> (&'static str, &'static str) {
                match self { $(T::$key => ($ko, $en)),* }
            }
        }
    };
}

/// The string `key` in `lang`.
pub fn tr(lang: Lang, key: T) -> &'static str {
    let (ko, en) = key.pair();
    lang.pick(ko, en)
}

strings! {
    Title => ("루프 랩: 이벤트 루프 하나 vs 워커 풀", "Loop Lab: one event loop vs a pool of workers"),
    Intro => (
        "같은 트래픽을 Django ASGI(uvicorn 이벤트 루프)와 WSGI(gunicorn 워커)에 동시에 흘려 보내고, 무엇이 달라지는지 직접 보세요.",
        "Send the same traffic through Django on ASGI (a uvicorn event loop) and on WSGI (gunicorn workers), side by side, and watch what differs."
    ),
    LangLabel => ("언어", "Language"),
    StageAsgi => ("이벤트 루프 (ASGI)", "Event loop (ASGI)"),
    StageWsgi => ("워커 풀 (WSGI)", "Worker pool (WSGI)"),
    StageAsgiSub => ("uvicorn · 프로세스당 asyncio 루프 하나", "uvicorn · one asyncio loop per process"),
    StageWsgiSub => ("gunicorn · 워커마다 요청 하나", "gunicorn · one request per worker"),
    FooterPost => ("이 실험실이 설명하는 글:", "The post this lab illustrates:"),
    PostTitle => (
        "Django API 서버 성능 최적화: 비동기 vs 워커 기반 처리 완전 비교",
        "Django API server performance: async vs worker-based processing, compared"
    ),
    FooterNote => (
        "모든 숫자는 브라우저 안에서 돌아가는 결정론적 이산 사건 시뮬레이션에서 나옵니다. 외부 요청은 없습니다.",
        "Every number comes from a deterministic discrete-event simulation running in your browser. Nothing is fetched from anywhere."
    ),
    ChartThroughput => ("처리량 (초당 요청)", "Throughput (requests/s)"),
    ChartTime => ("시뮬레이션 시간 (초)", "Simulated time (s)"),
    Throughput => ("처리량", "Throughput"),
    P50 => ("p50", "p50"),
    P99 => ("p99", "p99"),
    InFlight => ("처리 중", "In flight"),
    Queue => ("대기열", "Queue"),
    LoopLag => ("루프 지연", "Loop lag"),
    Memory => ("메모리", "Memory"),
    PerSecond => ("/초", "/s"),
    Cores => ("CPU 코어", "CPU cores"),
    Backlog => ("accept 대기열", "Accept queue"),
    Running => ("실행 중", "Running"),
    Ready => ("준비됨(차례 대기)", "Ready (waiting for the loop)"),
    Parked => ("I/O 대기(await)", "Awaiting I/O"),
    Blocked => ("블로킹!", "BLOCKED"),
    LoopBlockedBy => ("루프가 멈췄습니다", "The loop is frozen"),
    Idle => ("유휴", "Idle"),
    LegendCpu => ("CPU 사용", "On CPU"),
    LegendIo => ("I/O 대기 (await)", "Awaiting I/O"),
    LegendBlocking => ("블로킹 호출 (스레드/루프 점유)", "Blocking call (holds the thread/loop)"),
    LegendQueued => ("차례 대기", "Waiting its turn"),
    LegendDb => ("DB 연결 대기", "Waiting for a DB connection"),
    LegendIdle => ("유휴 워커", "Idle worker"),
    Workers => ("워커", "Workers"),
    Restarting => ("재시작 중", "Restarting"),
    Db => ("DB 풀", "DB pool"),
    Play => ("재생", "Play"),
    Pause => ("일시정지", "Pause"),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages() {
        for key in T::ALL {
            let (ko, en) = key.pair();
            assert!(!ko.trim().is_empty() && !en.trim().is_empty(), "{key:?}");
        }
    }

    #[test]
    fn language_detection() {
        assert_eq!(Lang::from_browser("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_browser("en-GB"), Lang::En);
        assert_eq!(Lang::from_browser("fr"), Lang::En);
        assert_eq!(Lang::parse("KO"), Some(Lang::Ko));
        assert_eq!(Lang::parse("de"), None);
    }
}
