//! The API a REPL builds on: `Session` (variables, laziness, imports,
//! errors), `is_incomplete`, and the interrupt flag of
//! `EvaluationBuilder::interrupt`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tvix_eval::{is_incomplete, ErrorKind, Evaluation, Session, Value};

fn session() -> Session {
    Evaluation::builder()
        .file_access(true)
        .session()
        .expect("a session starts")
}

fn int(value: Result<Value, Vec<tvix_eval::Error>>) -> i64 {
    match value {
        Ok(Value::Integer(i)) => i,
        Ok(other) => panic!("not an integer: {other:?}"),
        Err(errors) => panic!("failed: {}", errors[0]),
    }
}

#[test]
fn variables_are_lazy_and_seen_by_later_sources() {
    let mut session = session();
    let broken = session.thunk("throw \"only when used\"").expect("compiles");
    session.bind("broken", broken);
    let x = session.thunk("20").expect("compiles");
    session.bind("x", x);
    let y = session.thunk("x + 1").expect("compiles");
    session.bind("y", y);
    assert_eq!(int(session.evaluate("y * 2")), 42);
    // A new `x` is seen by new sources only.
    let x = session.thunk("x * 10").expect("compiles");
    session.bind("x", x);
    assert_eq!(int(session.evaluate("x + y")), 221);
    let errors = session.evaluate("broken").expect_err("throws");
    assert!(matches!(&errors[0].kind, ErrorKind::Throw(m) if m == "only when used"));
    // The session goes on after an error.
    assert_eq!(int(session.evaluate("1 + 1")), 2);
}

#[test]
fn variables_shadow_builtins_and_can_be_cleared() {
    let mut session = session();
    session.bind("map", Value::Integer(1));
    assert_eq!(int(session.evaluate("map + 1")), 2);
    assert_eq!(
        int(session.evaluate("builtins.length (builtins.map (x: x) [ 1 2 ])")),
        2
    );
    let attrs = match session.evaluate("{ a = 1; b = 2; }") {
        Ok(Value::Attrs(attrs)) => attrs,
        _ => panic!("a set"),
    };
    session.bind_all(&attrs);
    assert_eq!(int(session.evaluate("a + b")), 3);
    assert_eq!(session.variables().len(), 3);
    session.clear_variables();
    let errors = session.evaluate("a").expect_err("a is gone");
    assert!(matches!(&errors[0].kind, ErrorKind::UndefinedVariable(n) if n == "a"));
    assert!(session.global_names().iter().any(|n| n == "builtins"));
}

#[test]
fn evaluate_stops_at_the_top_level_and_force_goes_one_level_further() {
    let mut session = session();
    let value = session.evaluate("{ a = 1 + 1; b = throw \"lazy\"; }");
    let Ok(Value::Attrs(attrs)) = value else {
        panic!("a set");
    };
    let a = attrs.get_str("a").expect("a").clone();
    assert!(matches!(session.force(&a), Ok(Value::Integer(2))));
    let b = attrs.get_str("b").expect("b").clone();
    assert!(matches!(session.force(&b), Err(e) if matches!(e.kind, ErrorKind::Throw(_))));
}

#[test]
fn files_are_imported_called_with_defaults_and_read_again_when_forgotten() {
    let dir = std::env::temp_dir().join(format!("tvix-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let file = dir.join("config.nix");
    std::fs::write(&file, "{ port ? 80 }: { inherit port; }").expect("write");
    let mut session = session();
    let loaded = session
        .import(&file)
        .and_then(|f| session.call_with_defaults(f));
    let Ok(Value::Attrs(attrs)) = loaded else {
        panic!("a set");
    };
    let port = attrs.get_str("port").expect("port").clone();
    assert!(matches!(session.force(&port), Ok(Value::Integer(80))));

    std::fs::write(&file, "{ port = 81; }").expect("write");
    let cached = session.import(&file);
    assert!(
        matches!(cached, Ok(Value::Closure(_))),
        "imports are cached"
    );
    session.forget_imports();
    assert!(matches!(session.import(&file), Ok(Value::Attrs(_))));

    let arg_session = Evaluation::builder()
        .file_access(true)
        .arg_expr("port", "8080")
        .session()
        .expect("a session starts");
    let mut arg_session = arg_session;
    std::fs::write(&file, "{ port ? 80 }: port").expect("write");
    let called = arg_session
        .import(&file)
        .and_then(|f| arg_session.call_with_defaults(f));
    assert!(matches!(called, Ok(Value::Integer(8080))));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_with_an_argument_that_does_not_compile_does_not_start() {
    let error = Evaluation::builder()
        .arg_expr("a", "1 +")
        .session()
        .err()
        .expect("fails");
    assert!(error.contains("syntax error"), "{error}");
    assert!(error.contains("(arg a)"), "{error}");
}

#[test]
fn errors_render_with_their_source() {
    let mut session = session();
    let errors = session.evaluate("1 + \"a\"").expect_err("fails");
    let rendered = session.render_error(&errors[0], false);
    assert!(
        rendered.contains("cannot add a string to an integer"),
        "{rendered}"
    );
    assert!(rendered.contains("(string):1:1"), "{rendered}");
}

#[test]
fn incomplete_input_is_told_apart_from_wrong_input() {
    assert!(is_incomplete("let a = 1;"));
    assert!(is_incomplete("{ a = \"open"));
    assert!(!is_incomplete("let a = 1; in a"));
    assert!(!is_incomplete("{ a = ; }"));
}

/// Runs for hours on a flat stack and in little memory (four nested
/// `foldl'`), so that only the interrupt can end it, however fast the machine.
const ENDLESS: &str = "let l = builtins.genList (x: x) 1000; \
     step = a: _: a + 1; \
     nest = f: a: _: builtins.foldl' f a l; \
     in builtins.foldl' (nest (nest (nest step))) 0 l";

#[test]
fn a_set_interrupt_flag_stops_the_evaluation_and_try_eval_cannot_catch_it() {
    let flag = Arc::new(AtomicBool::new(false));
    let setter = {
        let flag = flag.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            flag.store(true, Ordering::SeqCst);
        })
    };
    let start = Instant::now();
    let result = Evaluation::builder()
        .interrupt(flag.clone())
        .build()
        .evaluate(&format!("builtins.tryEval ({ENDLESS})"));
    let _ = setter.join();
    assert!(start.elapsed() < Duration::from_secs(60));
    assert!(result.value.is_none());
    assert!(matches!(result.errors[0].kind, ErrorKind::Interrupted));
    assert_eq!(result.errors[0].kind.to_string(), "interrupted by the user");
    assert!(!result.errors[0].kind.is_catchable());

    // Cleared, the same flag lets a session evaluate again.
    let mut session = Evaluation::builder()
        .interrupt(flag.clone())
        .session()
        .expect("a session starts");
    let interrupted = session.evaluate("let f = n: if n == 0 then 0 else f (n - 1); in f 10");
    assert!(matches!(
        &interrupted.expect_err("flag set")[0].kind,
        ErrorKind::Interrupted
    ));
    flag.store(false, Ordering::SeqCst);
    assert_eq!(
        int(session.evaluate("let f = n: if n == 0 then 0 else f (n - 1); in f 10")),
        0
    );
}
