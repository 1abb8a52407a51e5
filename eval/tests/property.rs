//! Property tests: any expression built from the grammar of Nix (with
//! the builtins most likely to be abused) either evaluates or fails with
//! an error that renders; the evaluator never panics, and the command
//! line never dies by a signal or a panic (exit status 0 or 1 only).

use proptest::prelude::*;
use std::process::Command;
use std::time::Duration;
use tvix_eval::{Evaluation, Limits};

/// Leaves: literals and the few names in scope.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        (-1000i64..1000).prop_map(|i| i.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        "[a-z\\\\\"${}' \n]{0,8}".prop_map(|s| format!("{s:?}")),
        Just("''a${\"b\"}c''".to_string()),
        Just("null".to_string()),
        Just("true".to_string()),
        Just("x".to_string()),
        Just("y".to_string()),
        Just("builtins".to_string()),
        Just("./p".to_string()),
        Just("<nixpkgs>".to_string()),
        Just("{ }".to_string()),
        Just("[ ]".to_string()),
    ]
}

const UNARY: &[&str] = &[
    "builtins.length",
    "builtins.attrNames",
    "builtins.toJSON",
    "builtins.fromJSON",
    "builtins.toString",
    "builtins.typeOf",
    "builtins.tryEval",
    "builtins.deepSeq x",
    "builtins.head",
    "builtins.tail",
    "builtins.isAttrs",
    "builtins.toXML",
    "builtins.fromTOML",
    "builtins.listToAttrs",
    "builtins.concatLists",
    "builtins.stringLength",
    "builtins.hashString \"sha256\"",
    "builtins.split \"a\"",
    "builtins.match \".*\"",
    "builtins.genList (i: i)",
    "builtins.abort",
    "throw",
    "builtins.seq x",
    "builtins.functionArgs",
    "builtins.unsafeGetAttrPos \"a\"",
    "import",
    "builtins.readFile",
    "builtins.toPath",
    "builtins.baseNameOf",
    "builtins.parseDrvName",
    "builtins.splitVersion",
    "builtins.sort builtins.lessThan",
];

const BINARY: &[&str] = &[
    "+", "-", "*", "/", "++", "//", "==", "!=", "<", ">=", "&&", "||", "->",
];

/// Expressions, up to a modest depth.
fn expr() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            (inner.clone(), 0..BINARY.len(), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {} {b})", BINARY[op])),
            (0..UNARY.len(), inner.clone()).prop_map(|(f, a)| format!("({} {a})", UNARY[f])),
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[ {} ]", items.join(" "))),
            prop::collection::vec(("[a-c]", inner.clone()), 0..4).prop_map(|fields| {
                let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k} = {v};")).collect();
                format!("{{ {} }}", body.join(" "))
            }),
            (inner.clone(), inner.clone())
                .prop_map(|(v, body)| format!("(let x = {v}; y = x; in {body})")),
            (inner.clone(), inner.clone()).prop_map(|(body, arg)| format!("((x: {body}) {arg})")),
            (inner.clone(), inner.clone())
                .prop_map(|(body, arg)| format!("(({{ x ? 1, ... }}: {body}) {arg})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("(if {c} then {t} else {e})")),
            (inner.clone(), "[a-c]").prop_map(|(s, k)| format!("({s}.{k} or {s})")),
            (inner.clone(), inner.clone()).prop_map(|(s, e)| format!("(with {s}; {e})")),
            (inner.clone(), inner.clone()).prop_map(|(c, e)| format!("(assert {c}; {e})")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("\"${{{a}}}${{toString {b}}}\"")),
            // Recursion through the arguments, bounded by the step budget.
            Just("(let f = n: f (n + 1); in f 0)".to_string()),
            Just("(let x = { a = x; }; in x)".to_string()),
        ]
    })
}

fn limits() -> Limits {
    Limits::default()
        .with_max_steps(100_000)
        .with_max_memory(64 << 20)
        .with_deadline(Duration::from_secs(2))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_expression_evaluates_or_fails_with_an_error(source in expr()) {
        let result = Evaluation::builder()
            .limits(limits())
            .max_call_depth(10_000)
            .build()
            .evaluate(&source);
        match &result.value {
            Some(_) => prop_assert!(result.errors.is_empty(), "{source}"),
            None => {
                prop_assert!(!result.errors.is_empty(), "no value and no error: {source}");
                prop_assert!(!result.render_errors(true).is_empty());
            }
        }
    }
}

proptest! {
    // Each case starts a process: fewer of them.
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn the_command_line_exits_with_0_or_1(source in expr()) {
        let output = Command::new(env!("CARGO_BIN_EXE_tvix-eval"))
            .args(["--eval", "--strict", "--max-steps", "100000", "--max-memory", "64M",
                   "--max-time", "2", "-E", &source])
            .output()
            .expect("tvix-eval runs");
        let code = output.status.code();
        prop_assert!(
            matches!(code, Some(0) | Some(1)),
            "exit {:?} for {source}: {}", code, String::from_utf8_lossy(&output.stderr)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(!stderr.contains("panicked"), "{source}: {stderr}");
    }
}
