//! Resource limits (`EvaluationBuilder::limits`): each limit stops a
//! program that exceeds it and lets one that stays under it finish; the
//! budgets are exact for steps and memory; cancellation works from
//! another thread; `tryEval` cannot catch a limit; the evaluator is usable
//! again afterwards; resource bombs end in a clean error.

use std::thread;
use std::time::{Duration, Instant};
use tvix_eval::{
    CancelHandle, ErrorKind, Evaluation, EvaluationResult, Limit, Limits, Session, Value,
};

const ENDLESS: &str = "let f = n: f (n + 1); in f 0";
/// Runs for hours on a flat stack and in little memory: four nested
/// `foldl'` over a thousand elements. Time limits are tested with it, so
/// that the call-depth limit cannot end the program first on a fast machine.
const FLAT_ENDLESS: &str = "let l = builtins.genList (x: x) 1000; \
     step = a: _: a + 1; \
     nest = f: a: _: builtins.foldl' f a l; \
     in builtins.foldl' (nest (nest (nest step))) 0 l";
const COUNTDOWN: &str = "let f = n: if n == 0 then 0 else f (n - 1); in f 1000";
const STRINGS: &str = r#"builtins.stringLength (builtins.concatStringsSep "," (builtins.genList (x: "abcdefghij") 1000))"#;

fn eval(limits: Limits, src: &str) -> EvaluationResult {
    Evaluation::builder().limits(limits).build().evaluate(src)
}

fn int(result: &EvaluationResult) -> i64 {
    match (&result.value, result.errors.first()) {
        (Some(Value::Integer(i)), _) => *i,
        (_, Some(error)) => panic!("failed: {error}"),
        (other, None) => panic!("not an integer: {other:?}"),
    }
}

fn error(result: &EvaluationResult) -> &ErrorKind {
    match result.errors.first() {
        Some(error) => &error.kind,
        None => panic!("expected an error, got {:?}", result.value),
    }
}

/// The smallest budget in `0..=high` that `src` evaluates within,
/// checking that every smaller budget fails with the limit `budget` makes.
fn threshold(src: &str, high: u64, budget: impl Fn(u64) -> Limits) -> u64 {
    let (mut low, mut high) = (0, high);
    assert!(
        eval(budget(high), src).value.is_some(),
        "{src} within {high}"
    );
    while low < high {
        let mid = low + (high - low) / 2;
        let result = eval(budget(mid), src);
        if result.value.is_some() {
            high = mid;
        } else {
            assert!(
                matches!(error(&result), ErrorKind::LimitExceeded(_)),
                "{:?}",
                error(&result)
            );
            low = mid + 1;
        }
    }
    low
}

#[test]
fn the_step_budget_is_exact() {
    let steps = threshold(COUNTDOWN, 1_000_000, |n| {
        Limits::default().with_max_steps(n)
    });
    // A thousand calls, each forcing its argument.
    assert!((1000..=5000).contains(&steps), "{steps} steps");
    assert_eq!(
        int(&eval(Limits::default().with_max_steps(steps), COUNTDOWN)),
        0
    );
    let result = eval(Limits::default().with_max_steps(steps - 1), COUNTDOWN);
    assert!(matches!(error(&result), ErrorKind::LimitExceeded(Limit::Steps(n)) if *n == steps - 1));
    assert_eq!(
        result.errors[0].kind.to_string(),
        format!("evaluation exceeded its step budget ({} steps)", steps - 1)
    );
    // The error points into the program.
    assert!(result.errors[0].span.is_some());
}

#[test]
fn an_endless_program_exceeds_the_step_budget() {
    let result = eval(Limits::default().with_max_steps(1_000_000), ENDLESS);
    assert!(matches!(
        error(&result),
        ErrorKind::LimitExceeded(Limit::Steps(1_000_000))
    ));
}

#[test]
fn the_memory_budget_is_exact() {
    let bytes = threshold(STRINGS, 100_000_000, |n| {
        Limits::default().with_max_memory(n as usize)
    });
    // A thousand list elements and the joined string of 10999 bytes.
    assert!((10_999..1_000_000).contains(&bytes), "{bytes} bytes");
    let limits = Limits::default().with_max_memory(bytes as usize);
    assert_eq!(int(&eval(limits, STRINGS)), 10_999);
    let result = eval(
        Limits::default().with_max_memory(bytes as usize - 1),
        STRINGS,
    );
    let message = result.errors[0].kind.to_string();
    assert!(
        message.starts_with("evaluation exceeded its memory budget ("),
        "{message}"
    );
}

#[test]
fn the_deadline_stops_an_endless_program() {
    let start = Instant::now();
    let result = eval(
        Limits::default().with_deadline(Duration::from_millis(200)),
        FLAT_ENDLESS,
    );
    assert!(matches!(
        error(&result),
        ErrorKind::LimitExceeded(Limit::Time(_))
    ));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // A short program finishes well within it.
    let limits = Limits::default().with_deadline(Duration::from_secs(10));
    assert_eq!(int(&eval(limits, COUNTDOWN)), 0);
}

#[test]
fn cancellation_from_another_thread() {
    let cancel = CancelHandle::new();
    let remote = cancel.clone();
    let canceller = thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        remote.cancel();
    });
    let evaluation = Evaluation::builder()
        .limits(Limits::default().with_cancel(cancel.clone()))
        .build();
    let start = Instant::now();
    let result = evaluation.evaluate(FLAT_ENDLESS);
    assert!(matches!(error(&result), ErrorKind::Interrupted));
    assert!(start.elapsed() < Duration::from_secs(5));
    canceller.join().expect("the canceller ends");
    // Reset, the same evaluation runs again.
    cancel.reset();
    assert_eq!(int(&evaluation.evaluate(COUNTDOWN)), 0);
}

#[test]
fn try_eval_cannot_catch_a_limit() {
    let caught = |limits: Limits, src: &str| {
        let result = eval(limits, &format!("(builtins.tryEval ({src})).success"));
        assert!(
            matches!(error(&result), ErrorKind::LimitExceeded(_)),
            "{src}: {:?}",
            result.value
        );
    };
    caught(Limits::default().with_max_steps(100_000), ENDLESS);
    caught(
        Limits::default().with_deadline(Duration::from_millis(100)),
        FLAT_ENDLESS,
    );
    caught(
        Limits::default().with_max_memory(1 << 20),
        "builtins.genList (x: x) 1000000",
    );
}

#[test]
fn an_evaluation_is_reusable_after_each_limit() {
    let limits = Limits::default()
        .with_max_steps(1_000_000)
        .with_max_memory(10 << 20);
    let evaluation = Evaluation::builder().limits(limits).build();
    for src in [ENDLESS, "builtins.genList (x: x) 10000000"] {
        assert!(matches!(
            error(&evaluation.evaluate(src)),
            ErrorKind::LimitExceeded(_)
        ));
        assert_eq!(int(&evaluation.evaluate(COUNTDOWN)), 0);
    }
}

#[test]
fn a_session_starts_each_evaluation_with_the_full_budget() {
    let mut session: Session = Evaluation::builder()
        .limits(
            Limits::default()
                .with_max_steps(5_000)
                .with_max_memory(100_000),
        )
        .session()
        .expect("a session starts");
    let steps_exceeded = session.evaluate(ENDLESS).expect_err("endless");
    assert!(matches!(
        steps_exceeded[0].kind,
        ErrorKind::LimitExceeded(Limit::Steps(5_000))
    ));
    // Each of these takes most of the budget, which is given again.
    for _ in 0..5 {
        let value = session.evaluate(COUNTDOWN).expect("within the budget");
        assert!(matches!(value, Value::Integer(0)));
        let value = session
            .evaluate(r#"builtins.stringLength (builtins.concatStringsSep "" (builtins.genList (x: "abcdefghij") 300))"#)
            .expect("within the budget");
        assert!(matches!(value, Value::Integer(3000)));
    }
    let memory_exceeded = session
        .evaluate("builtins.genList (x: x) 1000000")
        .expect_err("too big");
    assert!(matches!(
        memory_exceeded[0].kind,
        ErrorKind::LimitExceeded(Limit::Memory(100_000))
    ));
    let value = session.evaluate("1 + 1").expect("usable again");
    assert!(matches!(value, Value::Integer(2)));
}

#[test]
fn untrusted_limits_stop_runaway_programs() {
    let limits = Limits::untrusted();
    assert_eq!(limits.max_steps, Some(100_000_000));
    assert_eq!(limits.max_memory, Some(256 << 20));
    assert_eq!(limits.deadline, Some(Duration::from_secs(10)));
    let result = eval(limits.clone(), r#"{ name = "web"; port = 80; }.port"#);
    assert_eq!(int(&result), 80);
    let result = eval(limits, "builtins.genList (x: [ x x x x ]) 100000000");
    assert!(matches!(
        error(&result),
        ErrorKind::LimitExceeded(Limit::Memory(_))
    ));
}

/// Resource bombs end in a limit error at once, before the memory is
/// allocated.
#[test]
fn resource_bombs_end_cleanly() {
    let limits = || Limits::default().with_max_memory(200 << 20);
    let bombs = [
        "builtins.genList (x: [ x x x x ]) 100000000",
        // Doubling a string 40 times: a TiB.
        r#"let d = s: s + s; in builtins.stringLength (builtins.foldl' (s: _: d s) "x" (builtins.genList (x: x) 40))"#,
        r#"let d = s: "${s}${s}"; in builtins.stringLength (builtins.foldl' (s: _: d s) "x" (builtins.genList (x: x) 40))"#,
        // Joining 10^8 strings.
        r#"builtins.stringLength (builtins.concatStringsSep "," (builtins.genList (x: "abc") 100000000))"#,
        // Joining fewer, longer strings: the list fits, the result not.
        r#"let s = builtins.concatStringsSep "" (builtins.genList (x: "0123456789") 100000); in builtins.stringLength (builtins.concatStringsSep s (builtins.genList (x: s) 1000))"#,
        // Replacing every byte by a long string.
        r#"let s = builtins.concatStringsSep "" (builtins.genList (x: "0123456789") 100000); in builtins.stringLength (builtins.replaceStrings [ "0" "1" "2" ] [ s s s ] s)"#,
        // Concatenating lists, with `++` and `concatLists`.
        "let d = l: l ++ l; in builtins.length (builtins.foldl' (l: _: d l) [ 1 ] (builtins.genList (x: x) 40))",
        "let d = l: builtins.concatLists [ l l ]; in builtins.length (builtins.foldl' (l: _: d l) [ 1 ] (builtins.genList (x: x) 40))",
    ];
    for bomb in bombs {
        let start = Instant::now();
        let result = eval(limits(), bomb);
        assert!(
            matches!(error(&result), ErrorKind::LimitExceeded(Limit::Memory(_))),
            "{bomb}: {:?}",
            result.errors.first()
        );
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{bomb}: {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn runaway_recursion_ends_in_a_call_depth_error_by_default() {
    for src in [r#"let f = n: "x" + f (n + 1); in f 0"#, "(x: x x) (x: x x)"] {
        let start = Instant::now();
        let result = Evaluation::builder().build().evaluate(src);
        assert!(
            matches!(error(&result), ErrorKind::CallDepthExceeded(_)),
            "{src}: {:?}",
            result.errors.first()
        );
        assert!(start.elapsed() < Duration::from_secs(10), "{src}");
    }
}
