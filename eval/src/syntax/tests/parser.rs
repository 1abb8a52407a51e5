//! Trees of expressions: precedence, associativity and the grammar's
//! corners, as C++ Nix parses them (checked with `nix-instantiate
//! --parse`).

use super::tree;

#[track_caller]
fn check(source: &str, expected: &str) {
    assert_eq!(tree(source), expected, "{source}");
}

#[test]
fn precedence_and_associativity() {
    check("1 + 2 * 3", r#"(op "+" (int 1) (op "*" (int 2) (int 3)))"#);
    check("1 - 2 - 3", r#"(op "-" (op "-" (int 1) (int 2)) (int 3))"#);
    check(
        "a ++ b ++ c",
        r#"(op "++" (var a) (op "++" (var b) (var c)))"#,
    );
    check(
        "a // b // c",
        r#"(op "//" (var a) (op "//" (var b) (var c)))"#,
    );
    check(
        "a -> b -> c",
        r#"(op "->" (var a) (op "->" (var b) (var c)))"#,
    );
    check(
        "a || b && c",
        r#"(op "||" (var a) (op "&&" (var b) (var c)))"#,
    );
    check(
        "a == b || c",
        r#"(op "||" (op "==" (var a) (var b)) (var c))"#,
    );
    check(
        "a < b == c",
        r#"(op "==" (op "<" (var a) (var b)) (var c))"#,
    );
    check(
        "a // b == c",
        r#"(op "==" (op "//" (var a) (var b)) (var c))"#,
    );
    check(
        "a + b // c",
        r#"(op "//" (op "+" (var a) (var b)) (var c))"#,
    );
    check(
        "a ++ b * c",
        r#"(op "*" (op "++" (var a) (var b)) (var c))"#,
    );
    check("a ++ b ? c", r#"(op "++" (var a) (has (var b) ("c")))"#);
    check("f a b", "(apply (apply (var f) (var a)) (var b))");
    check(
        "f a.b c",
        r#"(apply (apply (var f) (select (var a) ("b"))) (var c))"#,
    );
    check(
        "a |> f |> g",
        r#"(op "|>" (op "|>" (var a) (var f)) (var g))"#,
    );
    check(
        "g <| f <| a",
        r#"(op "<|" (var g) (op "<|" (var f) (var a)))"#,
    );
    check(
        "a |> f -> b",
        r#"(op "|>" (var a) (op "->" (var f) (var b)))"#,
    );
}

#[test]
fn prefix_operators() {
    // `!` is looser than `+` but tighter than `==`; `-` is the tightest.
    check("!a + b", r#"(not (op "+" (var a) (var b)))"#);
    check("!a == b", r#"(op "==" (not (var a)) (var b))"#);
    check("!a ? b", r#"(not (has (var a) ("b")))"#);
    check(
        "a + !b + c",
        r#"(op "+" (var a) (not (op "+" (var b) (var c))))"#,
    );
    check("-a ? b", r#"(has (neg (var a)) ("b"))"#);
    check("-a * b", r#"(op "*" (neg (var a)) (var b))"#);
    check("- a.b", r#"(neg (select (var a) ("b")))"#);
    check("- f x", "(neg (apply (var f) (var x)))");
    check("a - -b", r#"(op "-" (var a) (neg (var b)))"#);
    check("f -1", r#"(op "-" (var f) (int 1))"#);
    check("--1", "(neg (neg (int 1)))");
    check("!!a", "(not (not (var a)))");
    check("a == !b", r#"(op "==" (var a) (not (var b)))"#);
}

#[test]
fn select_and_or() {
    check("a.b.c", r#"(select (var a) ("b" "c"))"#);
    check("a.b or c", r#"(select (var a) ("b") (var c))"#);
    check(
        "a.b or c.d or e",
        r#"(select (var a) ("b") (select (var c) ("d") (var e)))"#,
    );
    check(
        "a.b or 1 + 2",
        r#"(op "+" (select (var a) ("b") (int 1)) (int 2))"#,
    );
    check("-a.b or 1", r#"(neg (select (var a) ("b") (int 1)))"#);
    check(
        r#"a."b c".${d}"#,
        r#"(select (var a) ("b c" (dyn (var d))))"#,
    );
    check(r#"a.${"b"}.${("c")}"#, r#"(select (var a) ("b" "c"))"#);
    check(
        r#"a."${b}""#,
        r#"(select (var a) ((dyn (str (interp (var b))))))"#,
    );
    check("a.or", r#"(select (var a) ("or"))"#);
    check(
        "a ? b.${c}.\"d\"",
        r#"(has (var a) ("b" (dyn (var c)) "d"))"#,
    );
    check("a ? or", r#"(has (var a) ("or"))"#);
    // `e or` calls a variable `or`.
    check("f or", "(apply (var f) (var or))");
    check("map or [ ]", "(apply (apply (var map) (var or)) (list))");
    check("f x or", "(apply (var f) (apply (var x) (var or)))");
    check("[ x or ]", "(list (apply (var x) (var or)))");
    check("x: x.5", "(lambda x (apply (var x) (float 0.5)))");
}

#[test]
fn functions_and_keyword_forms() {
    check("x: y: x", "(lambda x (lambda y (var x)))");
    check(
        "{ a, b ? 1, ... }: a",
        "(lambda (pattern (a (b (int 1))) ...) (var a))",
    );
    check("{ a }@args: a", "(lambda (pattern (a) @args) (var a))");
    check("args@{ a, }: a", "(lambda (pattern (a) @args) (var a))");
    check("{ }: 1", "(lambda (pattern ()) (int 1))");
    check("{ ... }: 1", "(lambda (pattern () ...) (int 1))");
    check(
        "{ a ? x: x }: a",
        "(lambda (pattern ((a (lambda x (var x))))) (var a))",
    );
    check("assert a; b", "(assert (var a) (var b))");
    check("with a; b", "(with (var a) (var b))");
    check(
        "if a then b else if c then d else e",
        "(if (var a) (var b) (if (var c) (var d) (var e)))",
    );
    check("let a = 1; in a", r#"(let ((= ("a") (int 1))) (var a))"#);
    check("let in 1", "(let () (int 1))");
    check("let { body = 1; }", r#"(legacy-let (= ("body") (int 1)))"#);
    check(
        "x: assert x; with x; let a = x; in if a then a else x",
        r#"(lambda x (assert (var x) (with (var x) (let ((= ("a") (var x))) (if (var a) (var a) (var x))))))"#,
    );
    check("__curPos", "(curpos)");
}

#[test]
fn sets_and_lists() {
    check("{ }", "(set)");
    check("rec { a = 1; }", r#"(rec-set (= ("a") (int 1)))"#);
    check(
        r#"{ a.b = 1; "c" = 2; ${d} = 3; or = 4; }"#,
        r#"(set (= ("a" "b") (int 1)) (= ("c") (int 2)) (= ((dyn (var d))) (int 3)) (= ("or") (int 4)))"#,
    );
    check(
        r#"{ inherit a "b" or; inherit (x) c; }"#,
        r#"(set (inherit "a" "b" "or") (inherit (from (var x)) "c"))"#,
    );
    check(
        "{ a = 1; } // { }",
        r#"(op "//" (set (= ("a") (int 1))) (set))"#,
    );
    check(
        "[ 1 (f x) a.b { } ]",
        r#"(list (int 1) (paren (apply (var f) (var x))) (select (var a) ("b")) (set))"#,
    );
}
