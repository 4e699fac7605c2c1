//! The scenes: one per claim of the blog post, in the post's order. Each pairs an engine preset with a short text
//! for a developer who has just read that paragraph, what to notice, and a predict-then-reveal question. Pure data.

use crate::i18n::Tx;
use crate::model::{IoStyle, Num, Orm, Param};

/// One scene.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// URL key (`?scene=...`).
    pub key: &'static str,
    /// The engine preset it runs.
    pub preset: &'static str,
    /// Playback speed that shows it best.
    pub speed: f64,
    pub title: Tx,
    /// Two to four sentences.
    pub text: Tx,
    /// What to notice.
    pub notice: Tx,
    pub question: Tx,
    pub choices: [Tx; 3],
    /// Index of the right choice.
    pub answer: usize,
    /// Shown after the reader commits to a prediction.
    pub reveal: Tx,
    /// A change applied when revealing, so the answer plays out on the stage.
    pub variant: Option<Param>,
    /// What the variant changes on the stage, in words (shown with the reveal).
    pub change: Option<Tx>,
    /// The live numbers the question is about: masked until the reader answers.
    pub asks: &'static [Ask],
    /// The question is about an event still to come: the stage waits at `start_s` until the reader answers.
    pub hold: bool,
    /// Simulated time the scene opens at, s (just before its event, so it happens within seconds).
    pub start_s: f64,
    /// The few controls an embedded scene shows (keys of `ControlPanel`'s controls).
    pub controls: &'static [&'static str],
    /// Steps the reader takes before the question, each a change and what it shows (the opening scene builds
    /// up from one user to many this way).
    pub walk: &'static [(Param, Tx)],
}

/// A live number a question can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    Throughput,
    Latency,
    Memory,
    Failures,
}

/// Every scene (see `SCENES`).
pub fn all() -> &'static [Scene] {
    SCENES
}

/// Every scene, in the post's order.
pub const SCENES: &[Scene] = &[
        Scene {
            key: "one-to-many",
            preset: "one-to-many",
            speed: 0.25,
            title: ("한 명에서 여러 명으로", "From one user to many"),
            text: (
                "사용자 한 명이 요청을 하나씩 보냅니다. 뷰는 100 ms짜리 외부 호출 하나를 합니다. 왼쪽은 이벤트 루프 하나(async 뷰), 오른쪽은 gunicorn 워커 4개(동기 뷰)입니다. 무대를 누르면(또는 Enter) 요청을 하나 더 보내 양쪽에서 따라가 볼 수 있습니다.",
                "One user sends one request at a time; the view makes one external call of 100 ms. Left: one event loop (an async view); right: 4 gunicorn workers (a sync view). Click a stage (or press Enter on it) to send an extra request and follow it on both sides.",
            ),
            notice: (
                "루프는 기다리는 요청을 모두 오른쪽 'await 중' 칸에 두고 계속 돕니다. 워커는 요청 하나를 붙잡고 기다리므로, 다섯 번째부터는 왼쪽 accept 대기열에 줄을 섭니다.",
                "The loop parks every waiting request in the 'awaiting' column and keeps turning. A worker holds its one request while it waits, so from the fifth on they queue in the accept queue on the left.",
            ),
            question: ("사용자가 20명이면 WSGI 쪽 요청 하나는 얼마나 걸릴까요?", "With 20 users, how long does one request take on the WSGI side?"),
            choices: [("여전히 호출 하나만큼", "Still about one call"), ("호출 다섯 개만큼 — 워커 4개를 20명이 나눠 쓴다", "About five calls' worth — 20 users share 4 workers"), ("스무 배", "Twenty times as long")],
            answer: 1,
            reveal: (
                "워커 4개가 한 번에 4건씩, 건당 약 101 ms: 20명이면 요청마다 자기 차례를 4번 기다려 약 5 × 101 ≈ 505 ms입니다. 루프는 20개의 대기를 한꺼번에 다루므로 여전히 약 101 ms입니다.",
                "4 workers take 4 requests at a time, about 101 ms each: with 20 users each request waits four turns, about 5 × 101 ≈ 505 ms. The loop handles all 20 waits at once: still about 101 ms.",
            ),
            variant: Some(Param::Set(Num::Users, 20.0)),
            change: Some(("무대의 사용자를 20명으로 늘렸습니다.", "The stage now has 20 users.")),
            asks: &[Ask::Latency],
            hold: false,
            start_s: 0.0,
            walk: &[
                (
                    Param::Set(Num::Users, 4.0),
                    (
                        "사용자 4명: 아직 양쪽이 똑같습니다. 워커 4개가 각자 한 명씩 맡고, 루프는 네 대기를 함께 기다립니다.",
                        "4 users: both sides are still alike. Each of the 4 workers takes one user; the loop waits on all four together.",
                    ),
                ),
                (
                    Param::Set(Num::Users, 8.0),
                    (
                        "사용자 8명: 워커는 4개뿐이라 나머지 4명의 요청은 accept 대기열(왼쪽 회색 점)에서 차례를 기다립니다. 루프 쪽은 여덟 대기를 한꺼번에 기다립니다.",
                        "8 users: there are only 4 workers, so the other 4 requests wait their turn in the accept queue (grey dots, left). The loop waits on all eight at once.",
                    ),
                ),
            ],
            controls: &["users", "workers", "io_ms"],
        },
        Scene {
            key: "gather",
            preset: "gather-vs-sequential",
            speed: 0.25,
            title: ("asyncio.gather: 세 호출을 한꺼번에 기다리기", "asyncio.gather: waiting for three calls at once"),
            text: (
                "글의 첫 예제는 외부 API 세 개를 asyncio.gather로 부릅니다. 사용자 한 명이 요청을 하나씩 보내고, 호출마다 100 ms가 걸립니다. 왼쪽은 async 뷰, 오른쪽은 같은 호출을 차례로 하는 동기 뷰입니다.",
                "The post's first example calls three external APIs with asyncio.gather. One user sends one request at a time; each call takes 100 ms. Left: the async view; right: a sync view making the same calls one after another.",
            ),
            notice: (
                "ASGI 쪽 p50은 약 101 ms, WSGI 쪽은 약 300 ms입니다. 요청 점은 I/O 대기 영역에서 한 번만 기다립니다.",
                "The ASGI side's p50 is about 101 ms, the WSGI side's about 300 ms. The request waits in the I/O area only once.",
            ),
            question: ("ASGI 쪽 요청 하나는 얼마나 걸릴까요?", "How long does one request take on the ASGI side?"),
            choices: [("가장 느린 호출 하나만큼", "As long as the slowest call"), ("호출 두 개만큼", "Two calls' worth"), ("세 호출을 합친 만큼", "All three calls added up")],
            answer: 0,
            reveal: (
                "gather는 세 호출을 동시에 기다리므로 가장 느린 호출 하나만큼, 약 100 ms(+ Django 몫 약 2 ms)입니다. 동기 뷰는 100 ms를 세 번 기다립니다.",
                "gather waits for all three at once, so a request takes as long as the slowest call: about 100 ms (plus about 2 ms of Django). The sync view waits 100 ms three times.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Latency],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["gather", "calls", "io_ms"],
        },
        Scene {
            key: "sequential-awaits",
            preset: "sequential-awaits",
            speed: 0.25,
            title: ("async만으로는 빨라지지 않는다", "async alone does not make it faster"),
            text: (
                "같은 호출을 gather 없이 await 세 번으로 차례로 부르면 어떨까요? 글의 '비동기가 3배 빠름'은 async 키워드가 아니라 gather 덕분입니다.",
                "What if the same calls are awaited one after another, without gather? The post's 'async is 3× faster' comes from gather, not from the async keyword.",
            ),
            notice: (
                "두 쪽 p50이 모두 약 300 ms입니다. 요청 하나의 응답 시간은 기다리는 방식이 정합니다.",
                "Both sides show a p50 of about 300 ms. How a request waits decides its response time.",
            ),
            question: ("await를 세 번 차례로 쓰면 ASGI 쪽 응답 시간은?", "With three awaits one after another, the ASGI response time is…"),
            choices: [("여전히 약 100 ms", "Still about 100 ms"), ("약 300 ms", "About 300 ms"), ("약 600 ms", "About 600 ms")],
            answer: 1,
            reveal: (
                "약 300 ms입니다. 이벤트 루프는 기다리는 동안 다른 요청을 처리할 수 있게 해 줄 뿐, 한 요청의 기다림을 줄이지는 않습니다. gather를 켜면 다시 100 ms가 됩니다.",
                "About 300 ms. The event loop lets other requests run while one waits; it does not shorten that wait. Switch gather on and it is 100 ms again.",
            ),
            variant: Some(Param::Gather(true)),
            change: Some(("무대의 ASGI 뷰에 gather를 켰습니다: 이제 세 호출을 한꺼번에 기다립니다.", "The ASGI view on the stage now uses gather: the three calls are awaited at once.")),
            asks: &[Ask::Latency],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["gather", "calls", "io_ms"],
        },
        Scene {
            key: "memory",
            preset: "memory-threads-vs-coroutines",
            speed: 0.5,
            title: ("메모리: 스레드 1000개 vs 코루틴 1000개", "Memory: 1000 threads vs 1000 coroutines"),
            text: (
                "글은 스레드 하나에 8 MB, 코루틴 하나에 몇 KB라고 합니다. 사용자 1000명을 gthread 워커 16개 × 스레드 63개와 이벤트 루프 하나로 받아 봅니다.",
                "The post says a thread takes 8 MB and a coroutine a few KB. Here 1000 users are served by 16 gthread workers × 63 threads and by one event loop.",
            ),
            notice: (
                "WSGI 쪽 메모리는 약 8.9 GB, ASGI 쪽은 약 55 MB입니다. 단, 8 MB는 스레드 스택으로 예약한 주소 공간이고 실제로 쓰는 메모리(RSS)는 스레드당 수십 KB인 경우가 많습니다.",
                "The WSGI side shows about 8.9 GB, the ASGI side about 55 MB. Note that 8 MB is the address space reserved for a thread's stack; the memory actually used (RSS) is often tens of KB per thread.",
            ),
            question: ("글의 숫자대로라면 둘의 메모리 차이는?", "By the post's figures, how far apart are they?"),
            choices: [("비슷하다", "About the same"), ("약 10배", "About 10×"), ("100배 이상", "More than 100×")],
            answer: 2,
            reveal: (
                "약 160배입니다(8.9 GB ÷ 55 MB). 다만 이 차이는 예약된 스택 기준이라 실제 RAM 차이는 훨씬 작습니다: 코루틴의 진짜 장점은 메모리보다, 스레드 없이 수천 개의 대기를 한 스레드에서 다루는 데 있습니다.",
                "About 160× (8.9 GB ÷ 55 MB). But that counts reserved stacks; the real RAM gap is much smaller. The real win of coroutines is handling thousands of waits on one thread, more than memory.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Memory],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["users", "threads"],
        },
        Scene {
            key: "io-concurrency",
            preset: "workers-idle-during-io",
            speed: 0.5,
            title: ("I/O를 기다리는 동안 워커는 논다", "Workers sit idle while they wait for I/O"),
            text: (
                "사용자 200명이 100 ms짜리 외부 호출을 하는 API입니다. 동기 워커 8개는 기다리는 동안에도 요청 하나씩을 붙잡고, 나머지는 accept 대기열에서 기다립니다.",
                "An API where 200 users each make a 100 ms external call. Eight sync workers each hold one request even while they wait; the rest queue in the accept queue.",
            ),
            notice: (
                "WSGI 쪽 워커 상자는 모두 차 있지만 CPU 코어는 거의 놀고 있습니다. ASGI 쪽은 200개를 동시에 기다리고, 처리량은 프로세스의 CPU에서 멈춥니다: 요청마다 Django가 2.3 ms를 쓰니(실제 Django에서 측정) 초당 약 430건입니다.",
                "Every WSGI worker box is full while the CPU cores idle. The ASGI side waits on all 200 at once; its throughput stops at the process's CPU: Django spends 2.3 ms per request (measured on real Django), so about 430/s.",
            ),
            question: ("워커 8개의 처리량은?", "How much can 8 workers serve?"),
            choices: [("초당 약 80건", "About 80/s"), ("초당 약 800건", "About 800/s"), ("초당 약 2000건", "About 2000/s")],
            answer: 0,
            reveal: (
                "워커 8개 ÷ 요청당 0.1초 ≈ 초당 80건. 동시 처리 수가 워커 수로 묶입니다. ASGI는 초당 약 430건 — 이번엔 프로세스의 CPU(요청당 Django 2.3 ms)가 한계입니다.",
                "8 workers ÷ 0.1 s per request ≈ 80/s: concurrency is capped at the worker count. ASGI serves about 430/s — limited this time by the process's CPU (Django's 2.3 ms per request).",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers", "users", "io_ms"],
        },
        Scene {
            key: "async-latency-grows",
            preset: "async-latency-grows",
            speed: 0.5,
            title: ("기다리기만 하는 async 뷰도 사용자가 늘면 느려진다", "Even a view that only awaits slows down as users grow"),
            text: (
                "뷰는 await asyncio.sleep(0.1) 한 줄, 사용자는 10명입니다. 하지만 요청마다 uvicorn과 Django도 CPU를 씁니다: 요청을 읽고, 시그널을 보내고(스레드를 오가며), 응답을 씁니다.",
                "The view is one line, await asyncio.sleep(0.1), with 10 users. But uvicorn and Django spend CPU on every request: reading it, sending signals (via a thread), writing the answer.",
            ),
            notice: (
                "10명: p50 약 115 ms(잠 + Django 몫 + 다른 요청을 기다린 시간). 100명: 한 바퀴에 100 × 2.3 ms = 230 ms의 CPU로 잠보다 길어 루프가 꽉 찹니다. 실제 Django(wrk): 10개 연결 116 ms, 50개 148–204 ms, 100개 246 ms.",
                "10 users: p50 about 115 ms (the sleep, Django's share, and waiting behind others'). 100 users: a round needs 100 × 2.3 ms = 230 ms of CPU, more than the sleep: the loop is full. Real Django (wrk): 116 ms at 10 connections, 148–204 ms at 50, 246 ms at 100.",
            ),
            question: (
                "사용자를 10명에서 100명으로 늘리면 ASGI 쪽 p50은?",
                "From 10 to 100 users, the ASGI side's p50…",
            ),
            choices: [
                ("그대로 약 100 ms: 잠자는 동안은 CPU를 안 쓰니까", "Stays about 100 ms: sleeping costs no CPU"),
                ("두 배 넘게 늘어난다", "More than doubles"),
                ("열 배(약 1초)가 된다", "Grows tenfold (about 1 s)"),
            ],
            answer: 1,
            reveal: (
                "두 배가 넘습니다(약 230 ms). 잠은 공짜지만 요청 처리는 아닙니다: 사용자 × 2.3 ms가 잠보다 길어지면 응답 시간은 사용자 수에 비례합니다.",
                "More than double (about 230 ms). Sleeping is free, handling a request is not: once users × 2.3 ms outgrows the sleep, response time grows with the users.",
            ),
            variant: Some(Param::Set(Num::Users, 100.0)),
            change: Some(("무대의 사용자를 10명에서 100명으로 늘렸습니다.", "The stage now has 100 users instead of 10.")),
            asks: &[Ask::Latency],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["users", "io_ms"],
        },
        Scene {
            key: "cpu-bound",
            preset: "cpu-bound",
            speed: 0.5,
            title: ("CPU 집약 작업: 루프는 막히고, 워커는 코어만큼", "CPU-bound work: the loop stalls, workers scale with cores"),
            text: (
                "요청마다 20 ms의 순수 파이썬 계산, 코어는 2개입니다. async 뷰의 계산은 이벤트 루프를 붙잡고, 동기 워커는 각자 코어를 씁니다 — 코어가 있는 만큼만.",
                "Each request does 20 ms of pure-Python work, on 2 cores. In the async view the work holds the event loop; sync workers each use a core — as many as there are.",
            ),
            notice: (
                "ASGI는 초당 약 45건(1 ÷ 22.3 ms: 계산 20 ms + Django 2.3 ms), WSGI 워커 4개는 약 98건입니다. 워커가 4개여도 코어는 2개라 2배에서 멈춥니다.",
                "ASGI serves about 45/s (1 ÷ 22.3 ms: 20 ms of work + Django's 2.3 ms); 4 WSGI workers about 98/s. Four workers, but only two cores: it stops at 2×.",
            ),
            question: ("워커를 4개에서 8개로 늘리면 WSGI 처리량은?", "Going from 4 to 8 workers, WSGI throughput…"),
            choices: [("2배가 된다", "Doubles"), ("거의 그대로", "Stays about the same"), ("줄어든다", "Drops")],
            answer: 1,
            reveal: (
                "그대로입니다(초당 약 98건). 글의 '코어 수만큼 빠르다'가 맞습니다: 병목은 코어 2개이고, 워커를 늘리면 각자 기다리는 시간만 길어집니다.",
                "About the same (~98/s). The post's 'as many times faster as there are cores' holds: the bottleneck is the 2 cores; more workers only make each request wait longer.",
            ),
            variant: Some(Param::Set(Num::Workers, 8.0)),
            change: Some(("무대의 WSGI 워커를 4개에서 8개로 늘렸습니다.", "The WSGI side on the stage now has 8 workers instead of 4.")),
            asks: &[],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers", "cores", "cpu_ms"],
        },
        Scene {
            key: "sync-to-async",
            preset: "sync-to-async-orm",
            speed: 0.5,
            title: ("sync_to_async(User.objects.get)", "sync_to_async(User.objects.get)"),
            text: (
                "비동기 뷰에서 동기 ORM을 쓰려면 sync_to_async로 감쌉니다. Django의 ASGI 핸들러는 요청마다 thread-sensitive 스레드를 하나씩 두므로, 기본값(thread_sensitive=True)에서는 요청마다 스레드 하나가 쿼리를 맡습니다.",
                "To use the sync ORM from an async view you wrap it in sync_to_async. Django's ASGI handler gives each request a thread-sensitive thread, so with the default (thread_sensitive=True) each request's query runs on its own thread.",
            ),
            notice: (
                "루프는 막히지 않지만(루프 지연이 작음) 스레드가 요청 수만큼 생겨 메모리가 늘어납니다.",
                "The loop is not blocked (small loop lag), but there are as many threads as requests, and memory grows.",
            ),
            question: ("thread_sensitive=False로 바꾸면?", "What changes with thread_sensitive=False?"),
            choices: [
                ("더 빨라진다", "It gets faster"),
                ("루프의 기본 실행기 스레드 6개(min(32, 코어+4))를 나눠 쓰며 줄을 선다", "Calls share the loop's default executor, 6 threads (min(32, cores + 4)), and queue for them"),
                ("이벤트 루프가 막힌다", "The event loop blocks"),
            ],
            answer: 1,
            reveal: (
                "모든 요청이 스레드 6개를 나눠 쓰므로 쿼리가 줄을 섭니다. 쿼리가 5 ms라면 상한은 6 ÷ 5 ms = 초당 1200건, 100 ms짜리 동기 호출이라면 초당 60건입니다.",
                "Every request shares 6 threads, so queries queue. With 5 ms queries the limit is 6 ÷ 5 ms = 1200/s; with a 100 ms sync call it would be 60/s.",
            ),
            variant: Some(Param::Orm(Orm::SyncToAsyncShared)),
            change: Some(("무대의 ASGI 뷰를 thread_sensitive=False로 바꿨습니다: 쿼리가 실행기 스레드 6개를 나눠 씁니다.", "The ASGI view on the stage now uses thread_sensitive=False: queries share the 6 executor threads.")),
            asks: &[],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["orm", "db_ms", "users"],
        },
        Scene {
            key: "sync-orm-in-async",
            preset: "sync-orm-in-async",
            speed: 0.5,
            title: ("비동기 뷰 안의 동기 ORM 호출", "A sync ORM call inside an async view"),
            text: (
                "User.objects.get()을 sync_to_async 없이 async 뷰에서 바로 부르면 Django는 SynchronousOnlyOperation을 냅니다. DJANGO_ALLOW_ASYNC_UNSAFE로 강제하거나 동기 드라이버를 직접 쓰면, 쿼리마다 이벤트 루프 전체가 멈춥니다.",
                "Calling User.objects.get() straight from an async view raises SynchronousOnlyOperation. Force it with DJANGO_ALLOW_ASYNC_UNSAFE, or call a sync driver directly, and the whole event loop stops for every query.",
            ),
            notice: (
                "ASGI 쪽 링이 쿼리마다 굵은 주황색으로 멈추고, DB 연결은 한 번에 하나만 쓰입니다.",
                "The ASGI ring stops, thick and orange, for every query, and only one DB connection is ever in use.",
            ),
            question: ("쿼리가 5 ms라면 ASGI 쪽 처리량 상한은?", "With 5 ms queries, the ASGI side is capped at…"),
            choices: [("초당 약 140건", "About 140/s"), ("초당 약 430건", "About 430/s"), ("상한 없음", "No cap")],
            answer: 0,
            reveal: (
                "루프가 요청마다 약 7.1 ms(쿼리 5 ms + 루프에서 도는 Django 몫 2.1 ms) 붙잡히므로 초당 약 140건입니다. sync_to_async로 바꾸면 루프는 2.1 ms만 붙잡히고, 상한은 프로세스의 CPU(요청당 2.3 ms, 초당 약 430건)가 됩니다.",
                "The loop is held about 7.1 ms per request (5 ms query + Django's 2.1 ms on the loop): about 140/s. With sync_to_async the loop is held only 2.1 ms, and the cap becomes the process's CPU (2.3 ms per request: about 430/s).",
            ),
            variant: Some(Param::Orm(Orm::SyncToAsyncTs)),
            change: Some(("무대의 ASGI 뷰를 sync_to_async로 고쳤습니다: 이제 쿼리가 루프를 붙잡지 않습니다.", "The ASGI view on the stage is now fixed with sync_to_async: queries no longer hold the loop.")),
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["orm", "db_ms", "users"],
        },
        Scene {
            key: "memory-workers",
            preset: "memory-100-workers",
            speed: 0.5,
            title: ("워커 100개의 메모리", "The memory of 100 workers"),
            text: (
                "글의 설정은 workers = 100이고 워커당 약 50 MB를 가정합니다. 워커 하나하나가 Django 전체를 올린 프로세스이기 때문입니다.",
                "The post's configuration has workers = 100 and assumes about 50 MB per worker: each worker is a process with all of Django loaded.",
            ),
            notice: (
                "WSGI 쪽 메모리는 4.9 GB(100 × 50 MB = 5000 MB), ASGI 쪽 프로세스 하나는 약 51 MB입니다. preload_app과 copy-on-write로 실제 공유 메모리는 줄어들 수 있습니다.",
                "The WSGI side shows 4.9 GB (100 × 50 MB = 5000 MB); the one ASGI process about 51 MB. preload_app and copy-on-write can share part of it in practice.",
            ),
            question: ("워커 100개 × 50 MB는?", "100 workers × 50 MB is…"),
            choices: [("500 MB", "500 MB"), ("5 GB", "5 GB"), ("50 GB", "50 GB")],
            answer: 1,
            reveal: (
                "5 GB입니다. 이 장면에서는 워커 100개가 사용자 200명의 100 ms 호출을 초당 약 800건 처리합니다 — uvicorn 프로세스 하나(초당 약 430건, Django의 요청당 CPU가 한계)보다 많지만, 메모리는 100배입니다.",
                "5 GB. Here 100 workers serve 200 users' 100 ms calls at about 800/s — more than one uvicorn process (about 430/s, bound by Django's CPU per request) — with 100× the memory.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Memory],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers"],
        },
        Scene {
            key: "context-switching",
            preset: "context-switching",
            speed: 0.5,
            title: ("컨텍스트 스위칭 오버헤드", "Context-switch overhead"),
            text: (
                "2코어에 CPU 작업을 하는 워커 200개. 운영체제가 이들을 번갈아 돌리며 스위칭 비용(여기서는 5 µs)을 냅니다. 글은 이것을 워커 방식의 단점으로 꼽습니다.",
                "200 CPU-bound workers on 2 cores. The OS time-slices them and pays for each switch (5 µs here). The post lists this as a drawback of workers.",
            ),
            notice: (
                "처리량은 초당 약 97건 — 스위칭이 없을 때(98건)와 거의 같습니다. 대신 요청 하나가 모든 요청의 CPU를 기다리므로 지연이 길어집니다.",
                "Throughput is about 97/s — nearly the 98/s without switching. What grows is latency: each request waits behind everyone else's CPU.",
            ),
            question: ("워커 200개의 스위칭이 처리량을 얼마나 깎을까요?", "How much throughput do 200 workers lose to switching?"),
            choices: [("1% 미만", "Under 1%"), ("절반", "Half"), ("90%", "90%")],
            answer: 0,
            reveal: (
                "1% 미만입니다. 스위칭 한 번은 수 µs, 시간 조각은 수 ms라서요. 워커가 너무 많을 때의 진짜 비용은 메모리와 지연입니다.",
                "Under 1%: a switch costs microseconds, a time slice milliseconds. The real cost of too many workers is memory and latency.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers", "cores"],
        },
        Scene {
            key: "uvicorn-processes",
            preset: "uvicorn-processes",
            speed: 0.5,
            title: ("uvicorn 프로세스를 늘렸는데 처리량이 그대로?", "More uvicorn processes, same throughput?"),
            text: (
                "코어 2개에 uvicorn --workers 2, 사용자 50명이 연결을 열어 둔 채(keep-alive: wrk, 브라우저가 하듯) 요청합니다. 연결은 처음 받아 준 프로세스에 머뭅니다.",
                "uvicorn --workers 2 on 2 cores; 50 users keep their connections open (keep-alive, as wrk and browsers do). A connection stays with the process that accepted it.",
            ),
            notice: (
                "한 루프만 돌고 다른 루프는 놉니다: 50개 연결이 한꺼번에 왔고, 먼저 깬 프로세스가 한 번에 100개까지 받았습니다. 실측(wrk 50개 연결): 초당 475건, 모두 한 프로세스 — 1 프로세스(450–560건)와 같습니다. 200개면 100개씩 나눠 720–800건입니다.",
                "One loop works, the other idles: the 50 connections came together and the first process to wake accepted up to 100 at once. Measured (wrk, 50 connections): 475/s, all from one process — like one process (450–560/s). With 200, each takes 100: 720–800/s.",
            ),
            question: (
                "프로세스 1개에 비해 2개의 처리량은?",
                "Two processes, compared with one, serve…",
            ),
            choices: [
                ("거의 같다", "About the same"),
                ("약 두 배", "About twice as much"),
                ("절반으로 준다", "Half as much"),
            ],
            answer: 0,
            reveal: (
                "거의 같습니다. 나뉘는 것은 요청이 아니라 연결입니다. 연결이 많거나, 매번 새로 열거나(ab, -k 없이), 로드 밸런서가 나눠야 빨라집니다. gunicorn sync 워커는 응답마다 연결을 닫아 이 문제가 없습니다.",
                "About the same: processes share connections, not requests. More processes pay off with many connections, a new connection per request (ab without -k), or a load balancer. gunicorn's sync workers close each connection, so they avoid this.",
            ),
            variant: Some(Param::Set(Num::Users, 200.0)),
            change: Some(("무대의 사용자를 200명으로 늘렸습니다: 이제 두 루프가 100개씩 연결을 받습니다.", "The stage now has 200 users: each loop accepted 100 connections.")),
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["processes", "users"],
        },
        Scene {
            key: "fault-isolation",
            preset: "fault-isolation",
            speed: 0.5,
            title: ("장애 격리: 워커 하나 vs 루프 하나", "Fault isolation: one worker vs one loop"),
            text: (
                "5초에 양쪽의 0번 프로세스가 죽습니다: 왼쪽은 이벤트 루프를 돌리는 uvicorn 프로세스, 오른쪽은 gunicorn 워커 8개 중 하나입니다. 두 쪽 모두 사용자 100명이 200 ms짜리 호출을 하고 있습니다.",
                "At 5 s, process 0 on each side crashes: on the left the uvicorn process running the event loop, on the right one of 8 gunicorn workers. On both sides 100 users are making 200 ms calls.",
            ),
            notice: (
                "5초 직후 ASGI 쪽은 처리량이 0으로 떨어졌다가 1초 뒤 돌아오고, WSGI 쪽은 워커 상자 하나만 재시작(↻)합니다.",
                "Just after 5 s the ASGI side drops to zero until it restarts a second later; the WSGI side restarts one worker box (↻).",
            ),
            question: ("곧 양쪽의 0번 프로세스가 죽습니다. 어떤 요청이 실패할까요?", "Process 0 is about to crash on both sides. Which requests fail?"),
            choices: [
                ("양쪽 모두 1개", "One on each side"),
                ("ASGI는 그 루프의 요청 전부, WSGI는 그 워커의 하나", "ASGI: every request on that loop; WSGI: only that worker's one"),
                ("양쪽 모두 전부", "All of them on both sides"),
            ],
            answer: 1,
            reveal: (
                "ASGI는 약 100개, WSGI는 1개입니다. uvicorn 프로세스를 여러 개 두면 한 번에 잃는 몫이 줄어듭니다.",
                "About 100 on ASGI, one on WSGI. Several uvicorn processes shrink what one crash takes down.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Failures],
            hold: true,
            start_s: 4.0,
            walk: &[],
            controls: &["crash_now", "processes", "workers"],
        },
        Scene {
            key: "post-benchmark",
            preset: "post-benchmark-io",
            speed: 1.0,
            title: ("글의 벤치마크 표", "The post's benchmark table"),
            text: (
                "글은 ab로 동시 사용자 1000명, 요청 10 000개를 보낸 결과를 표로 보여 줍니다. 같은 조건을 시뮬레이션하고, 글의 숫자를 리틀의 법칙으로 검산해 봅니다. 아래 표에서 전체 비교를 볼 수 있습니다.",
                "The post shows a table of ab results with 1000 concurrent users and 10 000 requests. Here the same setup is simulated, and the post's numbers are checked with Little's law. The full comparison is in the table below.",
            ),
            notice: (
                "WSGI 워커 100개는 300 ms짜리 요청을 초당 약 330건 처리합니다 — 글의 2800건과 거리가 멉니다.",
                "100 WSGI workers serve the 300 ms requests at about 330/s — far from the post's 2800.",
            ),
            question: ("워커 100개가 300 ms짜리 요청을 초당 2800건 처리할 수 있을까요?", "Can 100 workers serve 300 ms requests at 2800/s?"),
            choices: [("있다", "Yes"), ("없다 — 최대 약 333건", "No — at most about 333/s"), ("워커가 더 빠르면 있다", "Yes, with faster workers")],
            answer: 1,
            reveal: (
                "없습니다. 처리 중인 요청 수 = 처리량 × 점유 시간 ≤ 워커 수이므로 처리량 ≤ 100 ÷ 0.3초 ≈ 333. 2800이 되려면 요청당 36 ms여야 합니다.",
                "No. Requests in service = throughput × holding time ≤ workers, so throughput ≤ 100 ÷ 0.3 s ≈ 333/s. 2800/s would need 36 ms per request.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers", "io_ms"],
        },
        Scene {
            key: "workers-formula",
            preset: "workers-2n-plus-1",
            speed: 0.5,
            title: ("workers = cpu_count × 2 + 1", "workers = cpu_count * 2 + 1"),
            text: (
                "글의 권장 공식은 2코어에서 워커 5개입니다. 요청이 CPU 10 ms와 평균 30 ms의 I/O를 쓴다면, 5개는 코어를 다 쓰기에 충분할까요?",
                "The post's formula gives 5 workers on 2 cores. If a request uses 10 ms of CPU and 30 ms of I/O on average, are 5 enough to keep the cores busy?",
            ),
            notice: (
                "WSGI 쪽 코어 칸이 60%쯤만 차 있습니다(호출 시간은 평균 30 ms로 들쭉날쭉). 공식은 출발점일 뿐, 맞는 값은 요청의 CPU와 I/O 비율이 정합니다.",
                "The WSGI cores are only about 60% busy (calls take 30 ms on average, varying). The formula is a starting point; the right count depends on the request's CPU-to-I/O ratio.",
            ),
            question: ("워커 5개일 때 병목은?", "With 5 workers, what binds?"),
            choices: [("코어", "The cores"), ("워커 수 — 코어는 60%쯤만 바쁘다", "The worker count — the cores are only ~60% busy"), ("사용자 수", "The users")],
            answer: 1,
            reveal: (
                "워커 5개는 초당 약 117건, 코어는 평균 1.2개(약 60%)만 씁니다: 워커가 I/O를 기다리는 동안 코어가 놉니다. 워커 8개면 초당 약 166건, 코어 약 87% — 이제 코어가 병목에 가깝습니다.",
                "5 workers serve about 117/s and keep only 1.2 cores (~60%) busy: the cores idle while workers wait on I/O. With 8 workers: about 166/s and ~87% busy cores — now the cores are close to binding.",
            ),
            variant: Some(Param::Set(Num::Workers, 8.0)),
            change: Some(("무대의 WSGI 워커를 5개에서 8개로 늘렸습니다.", "The WSGI side on the stage now has 8 workers instead of 5.")),
            asks: &[],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["workers", "cores"],
        },
        Scene {
            key: "celery",
            preset: "hybrid-celery",
            speed: 0.5,
            title: ("하이브리드: 비동기 업로드 + Celery 처리", "Hybrid: async upload + Celery processing"),
            text: (
                "글의 태스크 분리 예제입니다. 초당 3건이 도착하고, 각 요청은 업로드를 50 ms 읽은 뒤 500 ms짜리 처리를 process_file.delay()로 Celery에 넘깁니다. WSGI 쪽은 같은 처리를 뷰 안에서 합니다.",
                "The post's task-splitting example. Three requests arrive per second; each reads its upload for 50 ms, then hands 500 ms of processing to Celery with process_file.delay(). The WSGI side does the same processing inside the view.",
            ),
            notice: (
                "ASGI 쪽 응답은 약 52 ms, 작업은 그 뒤 Celery 줄(아래 가운데)에서 처리됩니다. 같은 기계라 코어는 여전히 씁니다.",
                "The ASGI response takes about 52 ms; the work runs afterwards in the Celery row (bottom centre). Same machine: it still uses the cores.",
            ),
            question: ("Celery로 넘기면 ASGI 응답 시간은?", "With Celery, the ASGI response time is…"),
            choices: [("업로드를 읽는 시간만큼", "As long as reading the upload"), ("업로드 + 처리 시간만큼", "Upload plus processing"), ("더 길어진다", "Longer")],
            answer: 0,
            reveal: (
                "약 52 ms: 응답은 처리를 기다리지 않습니다. 하지만 일은 사라지지 않습니다 — Celery 작업의 지연과 코어 사용량은 그대로입니다.",
                "About 52 ms: the response does not wait for the processing. The work does not disappear, though — the task's latency and the CPU it uses remain.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Latency],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["cpu_ms"],
        },
        Scene {
            key: "time-sleep",
            preset: "time-sleep-in-async",
            speed: 1.0,
            title: ("time.sleep(1) vs await asyncio.sleep(1)", "time.sleep(1) vs await asyncio.sleep(1)"),
            text: (
                "글의 '잘못된 예'입니다. async 뷰 안의 time.sleep(1)은 이벤트 루프 자체를 1초 동안 재웁니다. 그동안 다른 49명의 요청은 모두 차례를 기다립니다.",
                "The post's 'wrong' example. time.sleep(1) inside an async view puts the event loop itself to sleep for a second. Meanwhile the other 49 users' requests all wait their turn.",
            ),
            notice: (
                "링이 굵은 주황색으로 멈추고, 준비된 요청이 링을 따라 쌓입니다. 처리량은 초당 1건, 루프 지연은 수십 초까지 자랍니다.",
                "The ring stops, thick and orange, and ready requests pile up around it. Throughput is 1/s; the loop lag grows to tens of seconds.",
            ),
            question: ("await asyncio.sleep(1)로 바꾸면 ASGI 처리량은?", "Switch to await asyncio.sleep(1): ASGI throughput becomes…"),
            choices: [("2배", "2×"), ("수십 배 — 모두가 동시에 기다린다", "Dozens of times — everyone waits at once"), ("그대로", "The same")],
            answer: 1,
            reveal: (
                "초당 약 50건이 됩니다. 루프는 잠들지 않고 50개의 대기를 동시에 다룹니다. WSGI 워커 4개는 어느 쪽이든 초당 4건입니다.",
                "About 50/s: the loop never sleeps and handles all 50 waits at once. The 4 WSGI workers serve 4/s either way.",
            ),
            variant: Some(Param::Io(IoStyle::AsyncSleep)),
            change: Some(("무대의 ASGI 뷰를 await asyncio.sleep(1)로 바꿨습니다.", "The ASGI view on the stage now uses await asyncio.sleep(1).")),
            asks: &[],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["io", "users"],
        },
        Scene {
            key: "db-pool",
            preset: "db-pool-20",
            speed: 0.5,
            title: ("DB 커넥션 풀 20개", "A DB pool of 20 connections"),
            text: (
                "글은 MAX_CONNS 20을 권합니다. 사용자 200명이 20 ms짜리 쿼리를 보내면, 한 번에 20개만 DB에 닿고 나머지는 커넥션을 기다립니다.",
                "The post suggests MAX_CONNS = 20. When 200 users send 20 ms queries, only 20 reach the database at a time; the rest wait for a connection.",
            ),
            notice: (
                "아래 띠의 'DB 20/20 +N'과 보라색 마름모(커넥션 대기)를 보세요. 처리량은 풀에서 멈춥니다.",
                "Watch 'DB 20/20 +N' in the bottom strip and the purple diamonds (waiting for a connection). Throughput stops at the pool.",
            ),
            question: ("처리량 상한은?", "The throughput cap is…"),
            choices: [("초당 200건", "200/s"), ("초당 1000건", "1000/s"), ("초당 10 000건", "10 000/s")],
            answer: 1,
            reveal: (
                "커넥션 20개 ÷ 쿼리 0.02초 = 초당 1000건. WSGI 쪽은 여기에 닿고, ASGI 쪽은 프로세스의 CPU(초당 약 430건)가 먼저 막습니다.",
                "20 connections ÷ 0.02 s = 1000/s. The WSGI side reaches it; on the ASGI side the process's CPU (about 430/s) binds first.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Throughput],
            hold: false,
            start_s: 0.0,
            walk: &[],
            controls: &["db_pool", "db_ms"],
        },
        Scene {
            key: "max-requests",
            preset: "max-requests",
            speed: 2.0,
            title: ("max_requests로 워커 재시작", "Restarting workers with max_requests"),
            text: (
                "글은 메모리 누수를 막으려고 max_requests = 1000, max_requests_jitter = 100을 씁니다. 워커는 요청 1000~1100개를 처리하면 끝나고, 새 워커가 Django를 다시 올리는 데 1초가 걸립니다.",
                "The post uses max_requests = 1000 and max_requests_jitter = 100 against memory leaks. A worker exits after 1000–1100 requests, and its replacement takes a second to load Django.",
            ),
            notice: (
                "가끔 워커 상자가 ↻로 바뀝니다. 지터 덕분에 네 워커가 한꺼번에 재시작하지 않습니다.",
                "Now and then a worker box turns into ↻. Thanks to the jitter the four workers do not restart together.",
            ),
            question: ("재시작이 처리량에 주는 영향은?", "What do the restarts cost?"),
            choices: [("없다", "Nothing"), ("재시작하는 동안 그 워커 몫만큼 조금", "A little: that worker's share while it restarts"), ("절반", "Half")],
            answer: 1,
            reveal: (
                "워커 하나가 약 15초마다 1초씩 쉬므로 용량의 몇 %가 줄어듭니다. 지터가 없으면 모든 워커가 같은 순간에 쉬어 처리량이 0이 되는 구간이 생길 수 있습니다.",
                "Each worker pauses about a second every ~15 s: a few percent of capacity. Without jitter all workers could pause at once, with moments of zero throughput.",
            ),
            variant: None,
            change: None,
            asks: &[],
            hold: false,
            start_s: 13.0,
            walk: &[],
            controls: &["workers"],
        },
        Scene {
            key: "timeout",
            preset: "gunicorn-timeout",
            speed: 5.0,
            title: ("블로킹 호출과 gunicorn timeout", "A blocking call and gunicorn's timeout"),
            text: (
                "외부 API가 가끔 아주 느립니다(평균 8초, 긴 꼬리). 뷰는 timeout 없이 requests.get을 부르고, gunicorn sync 워커의 timeout은 30초입니다.",
                "An external API is sometimes very slow (8 s on average, with a long tail). The view calls requests.get without a timeout, and gunicorn's sync workers have timeout = 30 s.",
            ),
            notice: (
                "WSGI 쪽 워커가 가끔 ↻로 재시작하고 오류 수가 늘어납니다. ASGI 쪽은 느린 응답을 그냥 기다립니다.",
                "WSGI workers restart (↻) now and then and errors add up. The ASGI side simply waits for the slow answers.",
            ),
            question: ("30초를 넘긴 요청은?", "A request that passes 30 s…"),
            choices: [("계속 기다린다", "Keeps waiting"), ("워커째 죽고 실패한다", "Dies with its worker and fails"), ("다른 워커로 넘어간다", "Moves to another worker")],
            answer: 1,
            reveal: (
                "워커가 죽고 요청은 실패하며, 워커가 다시 뜨는 1초 동안 용량도 줄어듭니다. 외부 호출에는 항상 timeout을 주세요.",
                "The worker is killed, the request fails, and capacity drops for the second it takes to restart. Always give external calls a timeout.",
            ),
            variant: None,
            change: None,
            asks: &[Ask::Failures],
            hold: true,
            start_s: 63.0,
            walk: &[],
            controls: &["workers"],
        },
];

/// The scene with this key.
pub fn get(key: &str) -> Option<&'static Scene> {
    SCENES.iter().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scene_has_a_preset_and_both_languages() {
        let scenes = all();
        let mut keys: Vec<&str> = scenes.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), scenes.len(), "duplicate keys");
        for s in scenes {
            assert!(sim::presets::get(s.preset).is_some(), "{}: no preset {}", s.key, s.preset);
            let texts = [s.title, s.text, s.notice, s.question, s.reveal, s.choices[0], s.choices[1], s.choices[2]];
            for (ko, en) in texts {
                assert!(!ko.trim().is_empty() && !en.trim().is_empty(), "{}", s.key);
            }
            assert!(s.answer < 3);
            assert!(s.key.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn every_control_a_scene_lists_exists() {
        for s in all() {
            for key in s.controls {
                let known = crate::model::Num::from_name(key).is_some()
                    || crate::components::control_panel::OTHER_CONTROLS.contains(key);
                assert!(known, "{}: no control {key}", s.key);
            }
        }
    }

    #[test]
    fn every_preset_but_the_other_benchmark_rows_has_a_scene() {
        let used: Vec<&str> = all().iter().map(|s| s.preset).collect();
        for key in sim::presets::keys() {
            let covered = used.contains(&key.as_str()) || key.starts_with("post-benchmark") || key == "asyncio-sleep";
            assert!(covered, "preset {key} has no scene");
        }
    }
}
