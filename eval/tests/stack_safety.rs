//! The evaluator's Rust stack stays flat: million-deep recursion, nesting
//! and thunk chains evaluate, and runaway recursion ends in an error.

use tvix_eval::{ErrorKind, Evaluation, Value};

fn eval(src: &str) -> Result<Value, ErrorKind> {
    let result = Evaluation::builder().build().evaluate(src);
    match result.value {
        Some(v) => Ok(v),
        None => Err(result.errors[0].kind.clone()),
    }
}

fn eval_int(src: &str) -> i64 {
    match eval(src) {
        Ok(Value::Integer(i)) => i,
        other => panic!("expected an integer from {src}, got {other:?}"),
    }
}

fn eval_bool(src: &str) -> bool {
    match eval(src) {
        Ok(Value::Bool(b)) => b,
        other => panic!("expected a Boolean from {src}, got {other:?}"),
    }
}

#[test]
fn non_tail_recursion_a_million_deep() {
    assert_eq!(
        eval_int("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000000"),
        1_000_000
    );
}

#[test]
fn accumulator_recursion_builds_a_million_thunks() {
    // `acc + 1` stays unforced until the end: a chain of a million thunks.
    assert_eq!(
        eval_int("let f = n: acc: if n == 0 then acc else f (n - 1) (acc + 1); in f 1000000 0"),
        1_000_000
    );
}

#[test]
fn nested_lists_a_million_deep_are_built_forced_compared_and_dropped() {
    let deep = "let f = n: if n == 0 then [] else [ (f (n - 1)) ]; in";
    assert!(eval_bool(&format!(
        "{deep} builtins.deepSeq (f 1000000) true"
    )));
    assert!(eval_bool(&format!("{deep} f 1000000 == f 1000000")));
    assert!(!eval_bool(&format!("{deep} f 1000000 == f 999999")));
    // Strict evaluation returns the whole structure; dropping it must not
    // recurse either.
    match eval(&format!("{deep} f 1000000")) {
        Ok(Value::List(l)) => assert_eq!(l.len(), 1),
        other => panic!("expected a list, got {other:?}"),
    }
}

#[test]
fn nested_sets_a_million_deep_are_forced_and_compared() {
    let deep = "let f = n: if n == 0 then {} else { a = f (n - 1); }; in";
    assert!(eval_bool(&format!(
        "{deep} builtins.deepSeq (f 1000000) true"
    )));
    assert!(eval_bool(&format!("{deep} f 1000000 == f 1000000")));
}

#[test]
fn self_application_hits_the_call_depth_limit() {
    let result = Evaluation::builder()
        .max_call_depth(100_000)
        .build()
        .evaluate("(x: x x) (x: x x)");
    assert!(result.value.is_none());
    assert!(matches!(
        result.errors[0].kind,
        ErrorKind::CallDepthExceeded(100_000)
    ));
}

/// The value of `src` evaluated with a call-depth limit, or its first
/// error.
fn eval_with_depth(src: &str, limit: usize) -> Result<Value, ErrorKind> {
    let result = Evaluation::builder()
        .max_call_depth(limit)
        .build()
        .evaluate(src);
    match result.value {
        Some(v) => Ok(v),
        None => Err(result.errors[0].kind.clone()),
    }
}

#[test]
fn recursion_through_a_builtin_counts_its_heavier_frames() {
    // A generator frame of a builtin call counts eight towards the call
    // depth (it takes about ten times a bytecode frame's memory), so a
    // runaway recursion through `deepSeq` (a generator builtin) stops at
    // a fifth of the levels a plain one reaches, before it has used much
    // memory.
    let through = |depth: u32| {
        format!(
            "let f = n: if n == {depth} then 0 else \
             builtins.deepSeq null (1 + f (n + 1)); in f 0"
        )
    };
    let eval_with = |src: &str| eval_with_depth(src, 100_000);
    // Two bytecode frames per level and one builtin frame: ten units.
    assert!(matches!(
        eval_with(&through(9_000)),
        Ok(Value::Integer(9_000))
    ));
    assert!(matches!(
        eval_with(&through(11_000)),
        Err(ErrorKind::CallDepthExceeded(100_000))
    ));
    // The same recursion without the builtin goes five times as deep.
    let plain = "let f = n: if n == 45000 then 0 else 1 + f (n + 1); in f 0";
    assert!(matches!(eval_with(plain), Ok(Value::Integer(45_000))));
}

#[test]
fn recursion_through_error_context_ends_at_the_depth_limit() {
    // `addErrorContext` runs in a native frame, which counts one towards
    // the call depth like a bytecode frame (it is not much larger): three
    // frames per level here.
    let through = |depth: u32| {
        format!(
            "let f = n: if n == {depth} then 0 else \
             builtins.addErrorContext \"level\" (1 + f (n + 1)); in f 0"
        )
    };
    let eval_with = |src: &str| eval_with_depth(src, 100_000);
    assert!(matches!(
        eval_with(&through(30_000)),
        Ok(Value::Integer(30_000))
    ));
    assert!(matches!(
        eval_with(&through(40_000)),
        Err(ErrorKind::CallDepthExceeded(100_000))
    ));
}

#[test]
fn infinite_recursion_is_an_error() {
    assert!(matches!(
        eval("let x = x + 1; in x"),
        Err(ErrorKind::InfiniteRecursion)
    ));
}

#[test]
fn deeply_nested_source_fails_cleanly() {
    let src = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let result = Evaluation::builder().build().evaluate(&src);
    assert!(result.value.is_none());
    assert!(matches!(
        result.errors[0].kind,
        ErrorKind::NestingTooDeep(_)
    ));
}

#[test]
fn long_operator_chains_compile() {
    let src = format!("0{}", " + 1".repeat(50_000));
    assert_eq!(eval_int(&src), 50_000);
    // Beyond the tree-depth limit: an error, not a crash.
    let src = format!("0{}", " + 1".repeat(150_000));
    let result = Evaluation::builder().build().evaluate(&src);
    assert!(matches!(
        result.errors[0].kind,
        ErrorKind::NestingTooDeep(_)
    ));
}

#[test]
fn cyclic_values_compare_without_looping() {
    assert!(eval_bool("let x = { a = x; }; y = { a = y; }; in x == y"));
    assert!(!eval_bool(
        "let x = { a = x; b = 1; }; y = { a = y; b = 2; }; in x == y"
    ));
}

#[test]
fn absurd_list_sizes_are_errors() {
    let result = Evaluation::builder()
        .build()
        .evaluate("builtins.length (builtins.genList (x: x) 4000000000000)");
    assert!(result.value.is_none());
    assert!(result.errors[0].kind.to_string().contains("out of memory"));
}

#[test]
fn very_long_applications_and_attribute_paths_are_errors_not_hangs() {
    for src in [
        format!("f {}", "1 ".repeat(20_000)),
        format!("{{ {} = 1; }}", vec!["a"; 20_000].join(".")),
        format!("x: x.{}", vec!["a"; 20_000].join(".")),
    ] {
        let result = Evaluation::builder().build().evaluate(&src);
        assert!(
            matches!(result.errors[0].kind, ErrorKind::TooLong(_)),
            "{:?}",
            result.errors
        );
    }
    // Long lists and long inherit lists are fine.
    let list = format!("builtins.length [ {} ]", "1 ".repeat(20_000));
    assert_eq!(eval_int(&list), 20_000);
    let names: Vec<String> = (0..8_000).map(|i| format!("x{i}")).collect();
    let inherit = format!(
        "let s = {{ x7999 = 5; }}; in (let inherit (s) {}; in x7999)",
        names.join(" ")
    );
    assert_eq!(eval_int(&inherit), 5);
}
