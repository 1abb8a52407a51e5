//! Syntax errors: messages in C++ Nix's words where it has them,
//! positions, several errors in separate bindings, and the limits.

use super::first_error;
use crate::syntax::{parse, SyntaxErrorKind};

#[track_caller]
fn check(source: &str, message: &str, at: u32) {
    assert_eq!(first_error(source), (message.to_string(), at), "{source}");
}

#[test]
fn messages_name_the_unexpected_token() {
    check("{ a = ; }", "syntax error, unexpected ';'", 6);
    check("&& true", "syntax error, unexpected '&&'", 0);
    check(
        "a.assert",
        "syntax error, unexpected 'assert', expecting identifier or 'or' or '${' or '\"'",
        2,
    );
    check(
        "{ a ... }",
        "syntax error, unexpected '...', expecting '.' or '='",
        4,
    );
    check(
        "if 1 else",
        "syntax error, unexpected 'else', expecting 'then'",
        5,
    );
    check(
        "{x, y : 1}: x",
        "syntax error, unexpected ':', expecting '}' or ','",
        6,
    );
    check(
        "a 1\"$",
        "syntax error, unexpected end of file, expecting '\"'",
        5,
    );
    check(
        "(\n# no content\n",
        "syntax error, unexpected end of file",
        15,
    );
    check(
        "{ a = 1; } }",
        "syntax error, unexpected '}', expecting end of file",
        11,
    );
    check("a == b == c", "syntax error, unexpected '=='", 7);
    check("a < b > c", "syntax error, unexpected '>'", 6);
    check("a ? b ? c", "syntax error, unexpected '?'", 6);
    check("a |> f <| b", "syntax error, unexpected '<|'", 7);
    check("let or = 1; in or", "syntax error, unexpected 'or'", 15);
    check("[ 1 -1 ]", "syntax error, unexpected '-', expecting ']'", 4);
    check(
        "./a//b",
        "syntax error, unexpected end of path, expecting '${'",
        6,
    );
    check("/nix/store/", "path has a trailing slash", 11);
    check(
        "99999999999999999999",
        "invalid integer '99999999999999999999'",
        0,
    );
    check("1.0e999", "invalid float '1.0e999'", 0);
    check("1.0e-320", "invalid float '1.0e-320'", 0);
    check(
        "{ inherit ${a}; }",
        "dynamic attributes not allowed in inherit",
        10,
    );
    check(
        "1 $ 2",
        "syntax error, unexpected invalid token, expecting end of file",
        2,
    );
    check("", "syntax error, unexpected end of file", 0);
    check("a /* open", "unterminated comment", 2);
}

#[test]
fn errors_in_separate_bindings_are_all_reported() {
    let parsed = parse("{\n  a = ;\n  b = 1;\n  c = (2 + );\n  d = 3\n}");
    let messages: Vec<_> = parsed
        .errors
        .iter()
        .map(|e| (e.message.as_str(), e.span.start))
        .collect();
    assert_eq!(
        messages,
        [
            ("syntax error, unexpected ';'", 8),
            ("syntax error, unexpected ')'", 30),
            ("syntax error, unexpected '}', expecting ';'", 41),
        ]
    );
}

#[test]
fn unexpected_end_of_file_is_marked() {
    for source in ["{", "(1 +", "\"abc", "''abc", "a.", "x: ", "/* open"] {
        let parsed = parse(source);
        assert!(parsed.errors[0].at_end, "{source}: {:?}", parsed.errors);
    }
    for source in ["{ a = ; ", "1 )", "$"] {
        let parsed = parse(source);
        assert!(!parsed.errors[0].at_end, "{source}: {:?}", parsed.errors);
    }
}

#[test]
fn limits() {
    let deep = format!("{}1{}", "[".repeat(3_000), "]".repeat(3_000));
    assert_eq!(parse(&deep).errors[0].kind, SyntaxErrorKind::NestingTooDeep);
    // Long chains parse without recursion (the compiler bounds depth).
    let chain = format!("0{}", " + 1".repeat(150_000));
    assert!(parse(&chain).errors.is_empty());
    let asserts = format!("{}1", "assert true; ".repeat(50_000));
    assert!(parse(&asserts).errors.is_empty());
    let application = format!("f {}", "1 ".repeat(6_000));
    assert_eq!(parse(&application).errors[0].kind, SyntaxErrorKind::TooLong);
    let path = format!("x.{}", vec!["a"; 6_000].join("."));
    assert_eq!(parse(&path).errors[0].kind, SyntaxErrorKind::TooLong);
    let nested_asserts = format!("{}1{}", "assert ".repeat(20_000), "; 1".repeat(20_000));
    assert_eq!(
        parse(&nested_asserts).errors[0].kind,
        SyntaxErrorKind::NestingTooDeep
    );
}
