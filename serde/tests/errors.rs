//! Error messages, tested exactly: the path to the failing value, what
//! was expected and found, range and UTF-8 errors; the rendering of
//! positions and of evaluation errors.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::Debug;
use tvix_serde::{Category, from_str};

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Tls {
    port: u16,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Server {
    tls: Tls,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Root {
    server: Server,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Port {
    port: u16,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Servers {
    servers: Vec<Port>,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Strict {
    port: u16,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
enum Mode {
    Off,
    Port(u16),
    Tls { cert: String },
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct WithMode {
    mode: Mode,
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum Untagged {
    Number(u8),
    Text(String),
}

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Pair(u8, u8);

#[allow(dead_code)]
#[derive(Deserialize, Debug)]
struct Name {
    name: String,
}

/// Runs one case of the message table.
type MessageOf = fn(&str) -> String;

/// The `Display` of the error deserialising `src` into `T`, without the
/// source snippet that follows the first line when the position is known.
fn error<T: DeserializeOwned + Debug>(src: &str) -> String {
    match from_str::<T>(src) {
        Ok(value) => format!("no error, got {value:?}"),
        Err(e) => {
            assert_eq!(e.category(), Category::Data, "{src}: {e}");
            let shown = e.to_string();
            let first = shown.lines().next().unwrap_or("").to_string();
            first.strip_prefix("error: ").unwrap_or(&first).to_string()
        }
    }
}

#[test]
fn messages() {
    let long = "x".repeat(100);
    let long_src = format!(r#"{{ port = "{long}"; }}"#);
    let cases: Vec<(&str, MessageOf, &str)> = vec![
        // The path to the failing value.
        (
            "{ server.tls.port = 70000; }",
            error::<Root>,
            "server.tls.port: integer `70000` is out of range for u16",
        ),
        (
            r#"{ servers = [ { port = 1; } { port = "x"; } ]; }"#,
            error::<Servers>,
            r#"servers[1].port: invalid type: string "x", expected u16"#,
        ),
        (
            r#"{ "my host" = { port = true; }; }"#,
            error::<BTreeMap<String, Port>>,
            r#""my host".port: invalid type: boolean `true`, expected u16"#,
        ),
        (
            "[ [ 1 ] [ 2 300 ] ]",
            error::<Vec<Vec<u8>>>,
            "[1][1]: integer `300` is out of range for u8",
        ),
        (
            "{ server = { }; }",
            error::<Root>,
            "server: missing field `tls`",
        ),
        (
            "{ port = 1; prot = 2; }",
            error::<Strict>,
            "prot: unknown field `prot`, expected `port`",
        ),
        // Integer and float ranges name the value and the type.
        ("-129", error::<i8>, "integer `-129` is out of range for i8"),
        ("128", error::<i8>, "integer `128` is out of range for i8"),
        ("-1", error::<u8>, "integer `-1` is out of range for u8"),
        (
            "65536",
            error::<u16>,
            "integer `65536` is out of range for u16",
        ),
        (
            "2147483648",
            error::<i32>,
            "integer `2147483648` is out of range for i32",
        ),
        ("-1", error::<u32>, "integer `-1` is out of range for u32"),
        ("-1", error::<u64>, "integer `-1` is out of range for u64"),
        ("-1", error::<u128>, "integer `-1` is out of range for u128"),
        (
            "0",
            error::<std::num::NonZeroU8>,
            "invalid value: integer `0`, expected a nonzero u8",
        ),
        (
            "1.0e300",
            error::<f32>,
            "float `1e300` is out of range for f32",
        ),
        (
            "-1.0e39",
            error::<f32>,
            "float `-1e39` is out of range for f32",
        ),
        // Expected and found.
        (
            "1",
            error::<bool>,
            "invalid type: integer `1`, expected a boolean",
        ),
        (
            "1.5",
            error::<i64>,
            "invalid type: floating point `1.5`, expected i64",
        ),
        (
            "null",
            error::<String>,
            "invalid type: null, expected a string",
        ),
        (
            "[ 1 2 ]",
            error::<String>,
            "invalid type: list of 2 elements, expected a string",
        ),
        (
            "/etc",
            error::<u8>,
            "invalid type: path `/etc`, expected u8",
        ),
        (
            "{ a = 1; }",
            error::<Vec<u8>>,
            "invalid type: attribute set with 1 attribute, expected a sequence",
        ),
        (
            "[ ]",
            error::<Port>,
            "invalid type: list of 0 elements, expected struct Port",
        ),
        (
            "true",
            error::<()>,
            "invalid type: boolean `true`, expected unit",
        ),
        (
            r#""ab""#,
            error::<char>,
            r#"invalid value: string "ab", expected a string of one character"#,
        ),
        (
            r#""""#,
            error::<char>,
            r#"invalid value: string "", expected a string of one character"#,
        ),
        (
            "[ 1 2 3 ]",
            error::<(u8, u8)>,
            "invalid length 3, expected a tuple of size 2",
        ),
        (
            "[ 1 ]",
            error::<[u8; 2]>,
            "invalid length 1, expected an array of length 2",
        ),
        (
            r#"{ port = "x"; }"#,
            error::<BTreeMap<String, Option<u8>>>,
            r#"port: invalid type: string "x", expected u8"#,
        ),
        (
            long_src.as_str(),
            error::<Port>,
            r#"port: invalid type: string "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...", expected u16"#,
        ),
        // Map keys are parsed from attribute names.
        (
            "{ http = 1; }",
            error::<BTreeMap<u16, u8>>,
            r#"http: invalid value: attribute name "http", expected u16"#,
        ),
        (
            r#"{ "70000" = 1; }"#,
            error::<BTreeMap<u16, u8>>,
            r#""70000": invalid value: attribute name "70000", expected u16"#,
        ),
        // Enums.
        (
            r#"{ mode = "Fast"; }"#,
            error::<WithMode>,
            "mode: unknown variant `Fast`, expected one of `Off`, `Port`, `Tls`",
        ),
        (
            "{ mode = { Fast = 1; }; }",
            error::<WithMode>,
            "mode.Fast: unknown variant `Fast`, expected one of `Off`, `Port`, `Tls`",
        ),
        (
            "{ mode = { Off = 1; }; }",
            error::<WithMode>,
            "mode.Off: invalid type: integer `1`, expected null (the variant has no contents)",
        ),
        (
            r#"{ mode = { Port = "80"; }; }"#,
            error::<WithMode>,
            r#"mode.Port: invalid type: string "80", expected u16"#,
        ),
        (
            "{ mode = { Tls = { }; }; }",
            error::<WithMode>,
            "mode.Tls: missing field `cert`",
        ),
        (
            r#"{ mode = "Port"; }"#,
            error::<WithMode>,
            "mode: variant `Port` has contents and must be written as { Port = ...; }",
        ),
        (
            "{ mode = { Off = null; Port = 1; }; }",
            error::<WithMode>,
            r#"mode: invalid value: attribute set with 2 attributes, expected enum Mode written as "Variant" or { Variant = ...; }"#,
        ),
        (
            "{ mode = 3; }",
            error::<WithMode>,
            r#"mode: invalid type: integer `3`, expected enum Mode written as "Variant" or { Variant = ...; }"#,
        ),
        (
            "[ ]",
            error::<Untagged>,
            "data did not match any variant of untagged enum Untagged",
        ),
        // Functions say where they are.
        (
            "{ port = x: x; }",
            error::<Port>,
            "port: invalid type: function, expected u16",
        ),
        (
            "{ port = builtins.map; }",
            error::<Port>,
            "port: invalid type: built-in function `map`, expected u16",
        ),
        (
            "{ a = [ (x: x) ]; }",
            error::<serde_json::Value>,
            "a[0]: invalid type: function, expected any valid JSON value",
        ),
        // Strings that are not UTF-8.
        (
            r#"{ name = builtins.substring 0 1 "é"; }"#,
            error::<Name>,
            r#"name: invalid UTF-8 at byte 0 of string "\xC3", expected a string"#,
        ),
        (
            r#"{ name = "caf" + builtins.substring 0 1 "é"; }"#,
            error::<serde_json::Value>,
            r#"name: invalid UTF-8 at byte 3 of string "caf\xC3", expected any valid JSON value"#,
        ),
        (
            r#"{ ${builtins.substring 0 1 "é"} = 1; }"#,
            error::<BTreeMap<String, u8>>,
            r#""\xC3": invalid UTF-8 at byte 0 of string "\xC3", expected a string"#,
        ),
    ];
    let mut failures = Vec::new();
    for (src, run, expected) in cases {
        let actual = run(src);
        if actual != expected {
            failures.push(format!(
                "{src}\n  expected: {expected}\n    actual: {actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn nesting_is_limited() {
    let err = from_str::<serde_json::Value>("let x = { a = [ x ]; }; in x").unwrap_err();
    assert_eq!(err.message(), "values nested more than 128 levels deep");
    assert!(err.path().is_some_and(|p| p.starts_with("a[0].a[0].a[0]")));
}

#[test]
fn functions_point_at_their_definition() {
    let err = from_str::<Port>("{\n  port = { x, y }: x + y;\n}").unwrap_err();
    assert_eq!(err.path(), Some("port"));
    let location = err
        .location()
        .expect("a function knows where it is defined");
    assert_eq!(
        (location.file.as_str(), location.line, location.column),
        ("(string)", 2, 10)
    );
    assert_eq!(
        err.to_string(),
        [
            "error: port: invalid type: function, expected u16",
            " --> (string):2:10",
            "  |",
            "2 |   port = { x, y }: x + y;",
            "  |          ^^^^^^^^^^^^^^^",
        ]
        .join("\n")
    );
}

#[test]
fn evaluation_errors_keep_the_evaluator_rendering() {
    let err = from_str::<Port>("let f = x: x + 1; in { port = f true; }").unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert_eq!(err.message(), "cannot coerce a Boolean to a string");
    let location = err.location().expect("the evaluator knows where");
    assert_eq!((location.line, location.column), (1, 12));
    assert_eq!(
        err.to_string(),
        [
            "error: cannot coerce a Boolean to a string",
            " --> (string):1:12",
            "  |",
            "1 | let f = x: x + 1; in { port = f true; }",
            "  |            ^^^^^",
            "note: while calling 'f'",
            " --> (string):1:31",
            "  |",
            "1 | let f = x: x + 1; in { port = f true; }",
            "  |                               ^^^^^^",
            "note: while evaluating 'port'",
            " --> (string):1:31",
            "  |",
            "1 | let f = x: x + 1; in { port = f true; }",
            "  |                               ^^^^^^",
        ]
        .join("\n")
    );
}

#[test]
fn evaluation_errors_show_error_contexts() {
    let src = r#"{ port = builtins.addErrorContext "while reading the port" (throw "no port"); }"#;
    let err = from_str::<Port>(src).unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert_eq!(err.message(), "no port");
    assert_eq!(
        err.to_string(),
        [
            "error: no port",
            " --> (string):1:61",
            "  |",
            &format!("1 | {src}"),
            &format!("  |{}{}", " ".repeat(61), "^".repeat(15)),
            "",
            "… while reading the port",
            "",
            "note: while evaluating 'port'",
            " --> (string):1:10",
            "  |",
            &format!("1 | {src}"),
            &format!("  |{}{}", " ".repeat(10), "^".repeat(67)),
        ]
        .join("\n")
    );
}

#[test]
fn parse_errors_are_evaluation_errors() {
    let err = from_str::<Port>("{ port = ; }").unwrap_err();
    assert_eq!(err.category(), Category::Evaluation);
    assert!(err.to_string().starts_with("error: syntax error"), "{err}");
}

#[test]
fn errors_without_source_positions_are_one_line() {
    let err = tvix_serde::from_value::<Port>(&tvix_eval::Value::Integer(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `1`, expected struct Port"
    );
    assert_eq!(err.path(), None);
    assert_eq!(err.location(), None);
}

#[test]
fn errors_are_small_send_sync_and_static() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<tvix_serde::Error>();
    assert_eq!(
        std::mem::size_of::<tvix_serde::Error>(),
        std::mem::size_of::<usize>()
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> =
        Box::new(from_str::<u8>("300").unwrap_err());
    assert_eq!(boxed.to_string(), "integer `300` is out of range for u8");
}

/// Runs one case of the location table.
type LocationOf = fn(&str) -> Option<LineColumn>;

type LineColumn = (usize, usize);

/// `(line, column)` of the error deserialising `src` into `T`.
fn location<T: DeserializeOwned + Debug>(src: &str) -> Option<(usize, usize)> {
    let err = from_str::<T>(src).expect_err(src);
    err.location().map(|l| (l.line, l.column))
}

#[test]
fn locations_of_the_enclosing_attribute() {
    let cases: Vec<(&str, LocationOf, Option<LineColumn>)> = vec![
        // An attribute path defines its attributes where it begins.
        (
            "{\n  server.tls.port = 70000;\n}",
            location::<Root>,
            Some((2, 3)),
        ),
        (
            "{ server = { tls = {\n    port = -1; }; }; }",
            location::<Root>,
            Some((2, 5)),
        ),
        (
            "let port = true; in {\n  server.tls = { inherit port; };\n}",
            location::<Root>,
            Some((2, 26)),
        ),
        (
            "{ servers = [\n  { port = 1; }\n  { port = 2; }\n  \"x\"\n]; }",
            location::<Servers>,
            Some((1, 3)),
        ),
        (
            "{ servers = [ { port = 1; } ]; } // {\n  servers = [ { port = \"1\"; } ];\n}",
            location::<Servers>,
            Some((2, 17)),
        ),
        ("{\n  \"port\" = \"80\";\n}", location::<Port>, Some((2, 3))),
        (
            "{ server = {\n  tls = { };\n}; }",
            location::<Root>,
            Some((2, 3)),
        ),
        // `listToAttrs` gives its attributes the position of `value`, as
        // in C++ Nix; other builtins give none.
        (
            "builtins.listToAttrs [ { name = \"port\"; value = true; } ]",
            location::<Port>,
            Some((1, 41)),
        ),
        (
            "{ port = 1; } // builtins.fromJSON ''{\"port\": -1}''",
            location::<Port>,
            None,
        ),
        // The root value has none either.
        ("[ ]", location::<Port>, None),
    ];
    let mut failures = Vec::new();
    for (src, run, expected) in cases {
        let actual = run(src);
        if actual != expected {
            failures.push(format!(
                "{src}\n  expected: {expected:?}\n    actual: {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn attribute_errors_show_the_source_line_with_a_caret() {
    let err = from_str::<Root>("{\n  server.tls.port = 70000;\n}").unwrap_err();
    assert_eq!(err.path(), Some("server.tls.port"));
    assert_eq!(err.message(), "integer `70000` is out of range for u16");
    assert_eq!(
        err.to_string(),
        [
            "error: server.tls.port: integer `70000` is out of range for u16",
            " --> (string):2:3",
            "  |",
            "2 |   server.tls.port = 70000;",
            "  |   ^^^^^^^^^^^^^^^",
        ]
        .join("\n")
    );
    let err = from_str::<Port>("{\n  \"port\" = \"80\";\n}").unwrap_err();
    assert_eq!(
        err.to_string(),
        [
            r#"error: port: invalid type: string "80", expected u16"#,
            " --> (string):2:3",
            "  |",
            r#"2 |   "port" = "80";"#,
            "  |   ^^^^^^",
        ]
        .join("\n")
    );
}
