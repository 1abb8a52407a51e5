//! Errors raised inside builtins, or by the functions they call, point at
//! the right place: the expression that failed inside a callback (a sort
//! comparator, a fold, a mapped function), else the call of the builtin.
//! The golden `.err` files hold C++ Nix's messages for the reader; these
//! tests check the rendered message and location of `tvix-eval` itself.

use std::process::Command;

/// Evaluates `expr` with `--strict`; returns its stderr, which must come
/// with exit code 1 and nothing on stdout.
fn error_of(expr: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_tvix-eval"))
        .args(["--eval", "--strict", "-E", expr])
        .env_remove("NIX_PATH")
        .output()
        .expect("tvix-eval runs");
    assert_eq!(output.status.code(), Some(1), "exit code for {expr}");
    assert!(output.stdout.is_empty(), "no output for {expr}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `expr` fails with `message` at 1-based `column` of its only line.
fn check(expr: &str, message: &str, column: usize) {
    let stderr = error_of(expr);
    assert!(
        stderr.starts_with(&format!("error: {message}\n")),
        "message for {expr}:\n{stderr}"
    );
    let location = format!("--> (string):1:{column}\n");
    assert!(stderr.contains(&location), "location for {expr}:\n{stderr}");
}

#[test]
fn comparator_errors_point_into_the_comparator() {
    check(
        "builtins.sort (a: b: a.x < b.x) [ { x = 1; } { } ]",
        "attribute 'x' missing",
        22,
    );
    check(
        "builtins.sort (a: b: throw \"no order\") [ 2 1 ]",
        "no order",
        22,
    );
}

#[test]
fn comparator_results_must_be_booleans() {
    check(
        "builtins.sort (a: b: 1) [ 2 1 ]",
        "value is an integer while a Boolean was expected",
        1,
    );
}

#[test]
fn callback_errors_point_into_the_callback() {
    check(
        "builtins.foldl' (acc: x: acc + x) 0 [ 1 \"a\" ]",
        "cannot add a string to an integer",
        26,
    );
    check("builtins.map (x: x.y) [ { } ]", "attribute 'y' missing", 18);
    check(
        "builtins.filter (x: x.y) [ { } ]",
        "attribute 'y' missing",
        21,
    );
    check(
        "builtins.mapAttrs (n: v: v + 1) { a = \"s\"; }",
        "cannot coerce an integer to a string",
        26,
    );
}

#[test]
fn argument_errors_point_at_the_call() {
    check(
        "builtins.elemAt [ 1 ] 5",
        "list index 5 is out of bounds",
        1,
    );
    check(
        "builtins.listToAttrs [ { name = \"a\"; } ]",
        "attribute 'value' missing for call to 'listToAttrs'",
        1,
    );
    check(
        "builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: [ { } ]; }",
        "attribute 'key' missing",
        1,
    );
    check(
        "builtins.match \"(\" \"a\"",
        "invalid regular expression '('",
        1,
    );
    check(
        "builtins.fromJSON \"18446744073709551615\"",
        "unsigned json number 18446744073709551615 outside of Nix integer range",
        1,
    );
}

#[test]
fn uncaught_errors_keep_their_message() {
    check(
        "builtins.tryEval (abort \"stop\")",
        "evaluation aborted with the following error message: 'stop'",
        19,
    );
    check(
        "builtins.tryEval (throw 1)",
        "cannot coerce an integer to a string",
        19,
    );
}

#[test]
fn builtins_answered_in_place_fail_at_their_call() {
    // Run where the argument lies (`length`, `head`, `attrNames`), the
    // errors are those of the ordinary call, at the call; an argument
    // that fails to evaluate fails where it is.
    check(
        "1 + builtins.length 1",
        "value is an integer while a list was expected",
        5,
    );
    check(
        "[ (builtins.head [ ]) ]",
        "list index 0 is out of bounds",
        4,
    );
    check(
        "builtins.attrNames [ ]",
        "value is a list while a set was expected",
        1,
    );
    check("builtins.isAttrs (throw \"not yet\")", "not yet", 19);
}
