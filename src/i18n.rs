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
}

/// A string in both languages: (Korean, English). Every text a reader sees is one — the keyed strings of `T`
/// below, and the prose that lives with its data (a scene's text, the post table's notes) — and `t` is the one
/// place that picks a language.
pub type Tx = (&'static str, &'static str);

/// `s` in `lang`.
pub fn t(lang: Lang, s: Tx) -> &'static str {
    match lang {
        Lang::Ko => s.0,
        Lang::En => s.1,
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
            pub fn pair(self) -> Tx {
                match self { $(T::$key => ($ko, $en)),* }
            }
        }
    };
}

/// The string `key` in `lang`.
pub fn tr(lang: Lang, key: T) -> &'static str {
    t(lang, key.pair())
}

/// A string with named holes (`{key}`), filled in one pass over the template (a value that itself contains
/// `{…}`, from a hostile URL say, is left as it is).
pub fn tr_with(lang: Lang, key: T, values: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = tr(lang, key);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let hole = &rest[open + 1..];
        match hole.find('}').and_then(|close| values.iter().find(|(n, _)| *n == &hole[..close]).map(|v| (close, v.1))) {
            Some((close, v)) => {
                out.push_str(v);
                rest = &hole[close + 1..];
            }
            None => {
                out.push('{');
                rest = hole;
            }
        }
    }
    out.push_str(rest);
    out
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
        "모든 숫자는 브라우저 안에서 돌아가는 결정론적 이산 이벤트 시뮬레이션에서 나옵니다. 외부 요청은 없습니다.",
        "Every number comes from a deterministic discrete-event simulation running in your browser. Nothing is fetched from anywhere."
    ),
    ChartThroughput => ("처리량 (초당 요청)", "Throughput (requests/s)"),
    ChartTime => ("시뮬레이션 시간 (초)", "Simulated time (s)"),
    Throughput => ("처리량", "Throughput"),
    LiveWindow => ("처리량·p50·p99: 최근 5초", "Throughput, p50, p99: last 5 s"),
    P50 => ("p50", "p50"),
    P99 => ("p99", "p99"),
    InFlight => ("처리 중", "In flight"),
    Queue => ("대기열", "Queue"),
    LoopLag => ("루프 지연", "Loop lag"),
    Memory => ("메모리", "Memory"),
    Completed => ("완료", "Completed"),
    SecondsUnit => ("초", "s"),
    IoCvLabel => ("호출 시간의 들쭉날쭉함 (변동 계수)", "Variability of call times (coefficient of variation)"),
    CrashAtLabel => ("프로세스 0번이 죽는 시각 (0 = 안 죽음)", "Process 0 crashes at (0 = never)"),
    MaxRequestsLabel => ("gunicorn max_requests (0 = 끔)", "gunicorn max_requests (0 = off)"),
    TimeoutLabel => ("gunicorn timeout (0 = 끔)", "gunicorn timeout (0 = off)"),
    CeleryLabel => ("무거운 CPU 작업을 Celery로 넘기기 (.delay())", "Hand the heavy CPU work to Celery (.delay())"),
    GroupFaults => ("장애와 재시작", "Faults and restarts"),
    CrashNow => ("지금 프로세스 하나 죽이기", "Crash a process now"),
    CrashNowHint => ("양쪽에서 하나씩", "One on each side"),
    TableScrollHint => ("표를 옆으로 밀면 나머지 열이 보입니다.", "Swipe the table sideways for the other columns."),
    WalkNext => ("다음 단계 ▶", "Next step ▶"),
    CodeCpu => ("{} ms 파이썬 계산", "{} ms of Python"),
    UrlMore => ("그 밖에 URL 항목 {count}개를 더 고치거나 무시했습니다.", "{count} more URL parameters were adjusted or ignored."),
    UrlClamped => (
        "URL의 {key}={given}은(는) 허용 범위 밖이라 {used}(으)로 맞췄습니다.",
        "{key}={given} in the URL is out of range; using {used}."
    ),
    UrlInvalid => (
        "URL의 {key}={given}은(는) 쓸 수 없는 값이라 {used}을(를) 씁니다.",
        "{key}={given} in the URL is not a valid value; using {used}."
    ),
    UrlUnknown => ("URL의 알 수 없는 항목 {key}은(는) 무시했습니다.", "Ignored the unknown URL parameter {key}."),
    CodeBlocksLoop => ("루프를 막습니다!", "blocks the loop!"),
    CodeSyncOrm => ("async 뷰 안의 동기 ORM", "sync ORM in async view"),
    GroupControls => ("설정", "Settings"),
    LegendFailed => ("실패한 요청", "Failed request"),
    Failed => ("실패", "Failed"),
    TimedOut => ("시간 초과", "Timed out"),
    Refused => ("거부", "Refused"),
    Masked => ("먼저 예상해 보세요 — 답하면 보입니다", "Predict first — shown once you answer"),
    BeforeLabel => ("바꾸기 전", "Before"),
    BeforeHint => ("흐린 선은 바꾸기 전의 실행입니다.", "Faded lines are the run before your change."),
    HoldHint => ("답을 고르면 시작합니다. 건너뛰려면 ▶ 재생.", "It starts when you answer. Press ▶ Play to skip the question."),
    ChangedOnStage => ("무대에서 바뀐 것", "Changed on the stage"),
    SendRequest => ("눌러서(또는 Enter) 요청 하나 보내기 · 점을 누르면 그 요청을 따라갑니다", "click (or Enter) to send one request · click a dot to follow it"),
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
    GroupCode => ("뷰 코드", "The view's code"),
    GroupServers => ("서버", "Servers"),
    GroupTraffic => ("트래픽", "Traffic"),
    IoStyleLabel => ("외부 호출 방식", "How the view calls out"),
    IoAsyncSleep => ("await asyncio.sleep(x)", "await asyncio.sleep(x)"),
    IoHttpx => ("await client.get(url) — httpx", "await client.get(url) — httpx"),
    IoTimeSleep => ("time.sleep(x) — 블로킹", "time.sleep(x) — blocking"),
    IoRequests => ("requests.get(url) — 블로킹", "requests.get(url) — blocking"),
    Calls => ("요청당 외부 호출 수", "External calls per request"),
    IoMs => ("호출당 시간", "Time per call"),
    Gather => ("asyncio.gather로 한꺼번에 기다리기", "Await them together with asyncio.gather"),
    CpuMs => ("요청당 CPU 작업", "CPU work per request"),
    OrmLabel => ("ORM 호출 (비동기 뷰)", "ORM call (async view)"),
    OrmNone => ("없음", "None"),
    OrmTs => ("sync_to_async(…) — thread_sensitive=True (기본)", "sync_to_async(…) — thread_sensitive=True (default)"),
    OrmShared => ("sync_to_async(…, thread_sensitive=False)", "sync_to_async(…, thread_sensitive=False)"),
    OrmSync => ("비동기 뷰 안의 동기 ORM 호출", "A sync ORM call inside the async view"),
    DbMs => ("쿼리 시간", "Query time"),
    DbPool => ("DB 커넥션 풀 (0 = 무제한)", "DB connection pool (0 = unlimited)"),
    AsgiSyncView => ("ASGI 쪽도 def 뷰로 (스레드에서 실행)", "Serve a def view on the ASGI side too (runs on a thread)"),
    WorkersLabel => ("gunicorn 워커 수", "gunicorn workers"),
    ThreadsLabel => ("워커당 스레드 (2 이상이면 gthread)", "Threads per worker (2+ means gthread)"),
    ProcessesLabel => ("uvicorn 프로세스 수", "uvicorn processes"),
    CoresLabel => ("CPU 코어 수", "CPU cores"),
    UsersLabel => ("동시 사용자 (ab -c)", "Concurrent users (ab -c)"),
    SeedLabel => ("난수 시드", "Random seed"),
    TrafficKind => ("부하 방식", "Load"),
    TrafficClosed => ("동시 사용자 (ab처럼: 응답을 받아야 다음 요청)", "Concurrent users (like ab: next request after the answer)"),
    TrafficOpen => ("도착률 고정 (포아송: 서버가 느려도 계속 도착)", "Fixed arrival rate (Poisson: keeps coming even if the server is slow)"),
    RateLabel => ("초당 도착 요청", "Arrivals per second"),
    PerSecondUnit => ("/초", "/s"),
    Playback => ("재생", "Playback"),
    StepOne => ("이벤트 하나 진행", "Step one event"),
    Reset => ("처음부터", "Reset"),
    Speed => ("속도", "Speed"),
    SimTime => ("시뮬레이션 시각", "Simulated time"),
    Scrub => ("시간 이동 (되감기)", "Go to a moment (rewind)"),
    Advance => ("0.1초 진행", "Advance 0.1 s"),
    Events => ("처리한 이벤트", "Events handled"),
    Lagging => ("이 속도는 브라우저가 따라가지 못해 시간이 느리게 흐릅니다.", "The browser cannot keep up at this speed: simulated time runs slower."),
    Seeking => ("같은 시드로 다시 계산하는 중…", "Replaying from the seed…"),
    FollowOldest => ("가장 오래된 요청 따라가기", "Follow the oldest request"),
    FollowStop => ("그만 따라가기", "Stop following"),
    FollowHint => ("점을 클릭하면 그 요청을 따라갑니다.", "Click a dot to follow that request."),
    Request => ("요청", "Request"),
    Finished => ("응답 완료 (또는 아직 이쪽에 도착 전)", "Answered (or not yet sent on this side)"),
    SplitQueued => ("accept 대기", "queued"),
    SplitCpu => ("CPU", "CPU"),
    SplitIo => ("자기 I/O", "own I/O"),
    SplitBlocked => ("다른 요청 뒤에서 대기", "behind others"),
    CodeAsgi => ("ASGI 쪽 뷰", "The ASGI side's view"),
    CodeWsgi => ("WSGI 쪽 뷰", "The WSGI side's view"),
    Legend => ("범례", "Legend"),
    ReducedMotion => ("움직임 줄이기 설정: 몇 초 뒤의 정지 화면을 보여 줍니다. ▶ 재생이나 0.1초 진행으로 움직일 수 있습니다.", "Reduced motion is on: this is a still picture a few seconds in. Press ▶ Play or advance 0.1 s to move on."),
    LiveCharts => ("실시간 차트", "Live charts"),
    ChartLatency => ("지연 시간 (ms): p50 점선 · p95 가는 선 · p99 굵은 선", "Latency (ms): p50 dashed · p95 thin · p99 thick"),
    ChartLatencyAxis => ("지연 시간 (ms)", "Latency (ms)"),
    ChartQueue => ("대기열 길이 (요청 수)", "Queue depth (requests)"),
    ChartMemory => ("메모리 (MB)", "Memory (MB)"),
    ChartCores => ("바쁜 코어 수", "Busy cores"),
    SavePng => ("PNG 저장", "Save PNG"),
    SaveCsv => ("CSV 저장", "Save CSV"),
    SweepTitle => ("스윕: 워커 수나 사용자 수를 바꿔 가며", "Sweeps: vary the workers or the users"),
    SweepIntro => (
        "지금 설정한 뷰를 여러 조건으로 시뮬레이션해 처리량과 p99를 그립니다. 점선은 이론입니다: 리틀의 법칙에서 나온 용량 한계(처리량 ≤ 자원 수 ÷ 요청당 점유 시간), 그리고 그로부터 나온 응답 시간 하한. 시뮬레이션 점이 점선에 닿는 곳에서 어느 자원이 병목인지 보입니다.",
        "Simulates the view you have set up under many settings and plots throughput and p99. Dashed lines are theory: Little's-law capacity bounds (throughput ≤ resources ÷ time each request holds one) and the response-time floor that follows. Where the points meet a dashed line, that resource is the bottleneck."
    ),
    SweepAxis => ("무엇을 바꿀까", "Vary"),
    SweepWorkers => ("gunicorn 워커 수 (1–200)", "gunicorn workers (1–200)"),
    SweepUsers => ("동시 사용자 (1–5000)", "Concurrent users (1–5000)"),
    SweepRun => ("스윕 실행", "Run the sweep"),
    SweepRunning => ("계산 중…", "Running…"),
    SweepDone => ("완료", "Done"),
    SweepP99 => ("p99 지연 (ms, 로그 눈금)", "p99 latency (ms, log scale)"),
    SweepRequests => ("시뮬레이션한 요청", "requests simulated"),
    MeasuredLegend => ("실측 (실제 Django)", "Measured (real Django)"),
    MeasuredCaption => (
        "속이 빈 원: 실제 {v}, {c}코어, {t}, {d}에서 잰 값. 원 하나가 {s}초 측정 한 번이고, 반복 측정도 하나씩 찍어 그 퍼짐이 기계의 잡음을 보여 줍니다.",
        "Hollow circles: measured on real {v}, {c} cores, {t}, {d}. One circle per {s}-second run; repeats are drawn too, so their spread shows the machine's noise."
    ),
    MeasuredHint => (
        "이 설정은 실제 Django로도 측정했습니다: 동시 사용자로 스윕하면 함께 그립니다.",
        "This setup was also measured on real Django: sweep the users to see it."
    ),
    Max => ("최대", "max"),
    Min => ("최소", "min"),
    ChallengesTitle => ("도전 과제", "Challenges"),
    ChallengesSolved => ("{n}/{m} 해결", "{n} of {m} solved"),
    ChallengeTask => ("과제", "Task"),
    ChallengeSide => ("검사하는 쪽", "Checked on"),
    ChallengeCheck => ("확인", "Check"),
    ChallengeChecking => ("확인 중…", "Checking…"),
    ChallengeSolvedNow => ("해결했습니다! 이 실행으로 확인했습니다:", "Solved! The run that decided it:"),
    ChallengeNotYet => ("아직입니다. 이 실행으로 확인했습니다:", "Not yet. The run that decided it:"),
    ChallengeHint => ("힌트", "Hint"),
    ChallengeClose => ("과제 닫기", "Close the challenge"),
    ChallengeLink => ("이 과제의 링크", "Link to this challenge"),
    ChallengeStale => ("설정이 바뀌었습니다: 다시 확인하세요.", "The setup changed: check again."),
    GoalThroughput => ("처리량 ≥ {x} — 결과 {v}", "throughput ≥ {x} — got {v}"),
    GoalP50 => ("p50 < {x} — 결과 {v}", "p50 < {x} — got {v}"),
    GoalP99 => ("p99 < {x} — 결과 {v}", "p99 < {x} — got {v}"),
    GoalLoopLag => ("루프 지연 p99 < {x} — 결과 {v}", "loop lag p99 < {x} — got {v}"),
    GoalNoBad => ("시간 초과·실패 없음 — 결과 {v}건", "no timeout or failure — got {v}"),
    RuleAtMost => ("{p} ≤ {x} (지금 {v})", "{p} ≤ {x} (now {v})"),
    RuleKeep => ("{p}: {x} 그대로 (지금 {v})", "{p} stays {x} (now {v})"),
    RuleKeepIo => ("외부 호출 방식은 그대로", "the way the calls are made stays as it is"),
    MeasuredScene => ("실제 Django에서 (동시 사용자 {u}명, {t})", "On real Django ({u} users, {t})"),
    MeasuredVsSim => ("실측 {m} · 시뮬레이션 {s}", "measured {m} · simulated {s}"),
    TheoryCapacity => ("이론: 용량 한계", "Theory: capacity bound"),
    TheoryFloor => ("이론: 응답 시간 하한", "Theory: response-time floor"),
    TheoryErlang => ("이론: M/M/c 평균 응답 (얼랑 C, 지수 분포라면)", "Theory: M/M/c mean response (Erlang C, if times were exponential)"),
    Progress => ("진행률", "Progress"),
    TableTitle => ("글의 벤치마크 표, 검산하기", "The post's benchmark table, checked"),
    TableIntro => (
        "글의 ab 결과(동시 사용자 1000명, 요청 10 000개)를 같은 조건의 시뮬레이션 옆에 두고, 글의 숫자를 리틀의 법칙으로 검산합니다. 표의 한 줄은 글 자신의 설명과 맞지 않습니다.",
        "The post's ab results (1000 concurrent users, 10 000 requests) next to a simulation of the same setup, and the post's own numbers checked with Little's law. One row does not fit the post's own description."
    ),
    TableRun => ("시뮬레이션 실행", "Run the simulation"),
    ColWorkload => ("작업", "Workload"),
    ColServer => ("방식", "Server"),
    ColPostR => ("글: 평균 응답", "Post: mean response"),
    ColPostX => ("글: 처리량", "Post: throughput"),
    ColLittle => ("리틀: 1000 ÷ 처리량", "Little: 1000 ÷ throughput"),
    ColBound => ("상한 (글의 설명대로)", "Bound (from the post's description)"),
    ColSimR => ("시뮬레이션: 평균 응답", "Simulated: mean response"),
    ColSimX => ("시뮬레이션: 처리량", "Simulated: throughput"),
    ColVerdict => ("판정", "Verdict"),
    VerdictOk => ("일관됨", "consistent"),
    VerdictImpossible => ("불가능", "cannot be true"),
    VerdictUnknown => ("글에 근거 부족", "the post does not say enough"),
    ServerAsync => ("비동기 (uvicorn 1개)", "Async (1 uvicorn)"),
    ServerSync => ("워커 100개", "100 workers"),
    Assumptions => ("글의 표현을 숫자로 옮긴 가정", "How we map the post's words onto numbers"),
    SceneLabel => ("장면", "Scene"),
    FreePlay => ("자유 실험 (장면 없음)", "Free play (no scene)"),
    PrevScene => ("← 이전 장면", "← Previous scene"),
    NextScene => ("다음 장면 →", "Next scene →"),
    Notice => ("보세요", "What to notice"),
    PredictFirst => ("먼저 예상해 보세요", "Predict first"),
    Right => ("맞았습니다.", "Right."),
    NotQuite => ("아쉽네요.", "Not quite."),
    NowOnScreen => ("지금 화면", "On screen now"),
    CopyLink => ("링크 복사", "Copy link"),
    Copied => ("복사했습니다", "Copied"),
    EmbedCode => ("블로그에 넣기 (embed 코드)", "Embed in a blog"),
    EmbedHelp => (
        "iframe을 그대로 붙이거나, 아래 include 파일을 Jekyll의 _includes/에 두고 한 줄로 넣으세요. embed.js가 iframe 높이를 내용에 맞춥니다.",
        "Paste the iframe as is, or put the include file in Jekyll's _includes/ and use one line. embed.js sizes the iframe to its content."
    ),
    OpenFull => ("Loop Lab에서 크게 보기 ↗", "Open in Loop Lab ↗"),
    Dismiss => ("닫기", "Dismiss"),
    UrlProblems => ("URL에서 고친 것", "Fixed in the URL"),
    Shortcuts => ("단축키: 스페이스 재생/일시정지 · . 이벤트 하나 · R 처음부터 · F 요청 따라가기", "Shortcuts: Space play/pause · . one event · R reset · F follow a request"),
    Ms => ("ms", "ms"),
    Users => ("명", "users"),
    EditorTitle => ("내 뷰로 해 보기: Django 뷰를 붙여 넣으세요", "Try your own view: paste a Django view"),
    EditorLabel => ("뷰 코드 (Python)", "View code (Python)"),
    EditorHint => (
        "두 무대가 이 코드를 그대로 실행합니다. 줄의 시간은 주석으로 정할 수 있습니다: # loop-lab: 30ms cpu",
        "Both stages run this code as written. Set a line's duration with a comment: # loop-lab: 30ms cpu"
    ),
    EditorExamples => ("글의 예제:", "The post's examples:"),
    EditorBack => ("설정이 쓰는 코드로 돌아가기", "Back to the code the controls write"),
    ReaderBusy => ("Python 파서로 읽는 중…", "Reading with the Python parser…"),
    ReaderFailed => ("코드 읽기 도구를 불러오지 못했습니다. 설정은 그대로 동작합니다.", "The code reader could not load; the controls still work."),
    ReadKept => ("마지막으로 읽은 코드가 계속 실행됩니다.", "The last code that read is still running."),
    ReadSyntax => ("{line}번째 줄 {col}번째 칸 문법 오류: {msg}.", "Syntax error at line {line}, column {col}: {msg}."),
    ReadTooLarge => ("코드가 너무 깁니다 ({n}바이트, 최대 {max}).", "The code is too long ({n} bytes, at most {max})."),
    ReadTooManyLines => ("줄이 너무 많습니다 ({n}줄, 최대 {max}).", "Too many lines ({n}, at most {max})."),
    ReadTooDeep => ("{line}번째 줄의 괄호나 블록이 너무 깊습니다.", "Brackets or blocks nest too deep at line {line}."),
    ReadBinary => ("{line}번째 줄에 텍스트가 아닌 문자가 있습니다.", "Line {line} holds characters that are not text."),
    ReadNoView => ("함수(def 또는 async def)가 없습니다. 뷰 함수 하나를 붙여 넣으세요.", "No function (def or async def): paste one view function."),
    ReadOk => ("{name}: 두 무대가 실행하는 줄 {m}개 (모두 {n}줄).", "{name}: {m} of its {n} statements run on the stages."),
    ReadTruncated => ("단계가 {max}개를 넘어 나머지는 뺐습니다.", "More than {max} steps: the rest were left out."),
    WsgiAsyncNote => (
        "gunicorn에서 async def 뷰는 async_to_sync 안에서, 요청마다 이벤트 루프 하나로 돌며 그동안 워커를 붙잡습니다.",
        "Under gunicorn an async def view runs in async_to_sync, an event loop per request, holding its worker throughout."
    ),
    FindingsTitle => ("린터가 짚을 곳, 그리고 그 값", "What a linter would flag, and its price"),
    FindingAsync251 => ("time.sleep이 이벤트 루프를 막습니다", "time.sleep blocks the event loop"),
    FindingAsync210 => ("블로킹 HTTP 호출이 이벤트 루프를 막습니다", "A blocking HTTP call blocks the event loop"),
    FindingAsync230 => ("open()의 파일 I/O가 이벤트 루프를 막습니다", "open()'s file I/O blocks the event loop"),
    FindingAsync221 => ("다른 프로세스를 기다리며 이벤트 루프를 막습니다", "Waiting for a process blocks the event loop"),
    FindingSyncOrm => (
        "async 뷰의 동기 ORM 호출: Django는 SynchronousOnlyOperation을 냅니다 (억지로 허용하면 루프를 막습니다)",
        "A sync ORM call in an async view: Django raises SynchronousOnlyOperation (forced, it blocks the loop)"
    ),
    FindingSequential => ("서로 기다릴 필요 없는 await가 차례로 돕니다: gather로 함께 기다리세요", "Independent awaits run one after another: gather them"),
    FindingPrice => ("사용자 {users}명, ASGI: 지금 {before} → 고치면 {after}", "At {users} users, ASGI: {before} as written → {after} fixed"),
    FindingLine => ("{line}번째 줄", "Line {line}"),
    ApplyFix => ("고치기", "Apply the fix"),
    WhatSleep => ("블로킹 대기", "blocking wait"),
    WhatAsleep => ("await 대기", "awaited wait"),
    WhatHttp => ("블로킹 HTTP 호출", "blocking HTTP call"),
    WhatAhttp => ("await HTTP 호출", "awaited HTTP call"),
    WhatOrm => ("동기 ORM 쿼리", "sync ORM query"),
    WhatAorm => ("async ORM 쿼리", "async ORM query"),
    WhatS2a => ("sync_to_async (요청의 스레드)", "sync_to_async (the request's thread)"),
    WhatS2aShared => ("sync_to_async (공유 스레드 풀)", "sync_to_async (shared pool)"),
    WhatGather => ("gather: 함께 기다림", "gather: waits together"),
    WhatCpu => ("CPU 계산", "CPU work"),
    WhatCelery => ("Celery에 넘김", "handed to Celery"),
    WhatOpen => ("파일 I/O (블로킹)", "file I/O (blocking)"),
    WhatSubprocess => ("다른 프로세스 대기 (블로킹)", "waits for a process (blocking)"),
    WhatNone => ("모델링 안 함", "not modelled"),
}

/// The screen-reader summary of a stage, calm and rounded.
pub fn stage_summary(
    lang: Lang,
    asgi: bool,
    blocked: usize,
    units: usize,
    busy: usize,
    queue: u32,
    tput: Option<f64>,
) -> String {
    let tput = tput.map_or_else(|| "—".to_string(), |t| format!("{:.0}", t.round()));
    match (lang, asgi) {
        (Lang::Ko, true) if blocked > 0 => {
            format!("이벤트 루프가 블로킹 호출로 멈춤 — 요청 {queue}개가 차례를 기다림. 처리량 초당 {tput}.")
        }
        (Lang::En, true) if blocked > 0 => {
            format!(
                "The event loop is blocked by a blocking call — {queue} requests wait their turn. {tput} requests/s."
            )
        }
        (Lang::Ko, true) => format!("이벤트 루프 {units}개 실행 중, 대기 {queue}, 처리량 초당 {tput}."),
        (Lang::En, true) => format!("{units} event loop(s) running, {queue} waiting, {tput} requests/s."),
        (Lang::Ko, false) => format!("워커 {units}개 중 {busy}개 사용 중, 대기 {queue}, 처리량 초당 {tput}."),
        (Lang::En, false) => format!("{busy} of {units} workers busy, {queue} waiting, {tput} requests/s."),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn holes_are_filled_once_from_the_template() {
        let m = super::tr_with(
            super::Lang::En,
            super::T::UrlClamped,
            &[("key", "workers"), ("given", "{used}"), ("used", "200")],
        );
        assert_eq!(m, "workers={used} in the URL is out of range; using 200.");
    }

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
