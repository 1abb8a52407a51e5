//! Files of literal data are read from their syntax tree, without
//! evaluating them (`tvix_eval::data`, `data_de.rs`). These tests hold
//! that road to the evaluated one: for random data (names in any order,
//! quoted and escaped strings, repeated names) and for every data file
//! of the language suite and of our own tests, `from_str` gives what
//! deserialising the evaluated value gives, success or failure.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use tvix_serde::tvix_eval::Evaluation;

#[path = "../../eval/tests/support/nix_files.rs"]
mod nix_files;

/// `source` loaded as a JSON value by the loader (which reads literal
/// data from the tree) and by deserialising the evaluated value.
fn both_roads(
    source: &str,
) -> (
    Result<serde_json::Value, String>,
    Result<serde_json::Value, String>,
) {
    let loaded = tvix_serde::from_str::<serde_json::Value>(source).map_err(|e| e.to_string());
    let result = Evaluation::builder().build().evaluate(source);
    let evaluated = match &result.value {
        Some(value) => {
            tvix_serde::from_value::<serde_json::Value>(value).map_err(|e| e.to_string())
        }
        None => Err(result.render_errors(false)),
    };
    (loaded, evaluated)
}

fn is_literal_data(source: &str) -> bool {
    Evaluation::builder()
        .build()
        .read_literal_data(source, |_| ())
        .is_some()
}

/// A tree of data to write as Nix.
#[derive(Debug, Clone)]
enum Tree {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Tree>),
    /// Names may repeat (an error, or a merge, when evaluated).
    Set(Vec<(String, Tree)>),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_-]{0,8}",
        "[ -~]{0,6}",
        Just("${".to_string()),
        Just("''".to_string()),
        Just("\\".to_string()),
        Just("ünï ☃".to_string()),
        Just("a\r\nb".to_string()),
        Just("if".to_string()),
        Just(String::new()),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        Just(Tree::Null),
        any::<bool>().prop_map(Tree::Bool),
        any::<i64>().prop_map(Tree::Int),
        (-1.0e6f64..1.0e6).prop_map(Tree::Float),
        text().prop_map(Tree::Str),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Tree::List),
            prop::collection::vec((prop_oneof![text(), Just("a".to_string())], inner), 0..6)
                .prop_map(Tree::Set),
        ]
    })
}

/// A Nix string literal of `s`, in either quoting style.
fn quoted(s: &str, indented: bool) -> String {
    if indented && !s.contains('\r') {
        let body = s
            .replace("''", "'''")
            .replace("${", "''${")
            .replace('\\', "''\\");
        return format!("''{body}''");
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write(tree: &Tree, out: &mut String, salt: &mut u64) {
    *salt = salt
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let pick = (*salt >> 33) % 4;
    match tree {
        Tree::Null => out.push_str("null"),
        Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Tree::Int(i) if *i < 0 => out.push_str(&format!("({i})")),
        Tree::Int(i) => out.push_str(&i.to_string()),
        Tree::Float(f) if pick == 0 => out.push_str(&format!("({f:e})")),
        Tree::Float(f) => out.push_str(&format!("({f:?})")),
        Tree::Str(s) => out.push_str(&quoted(s, pick == 1)),
        Tree::List(items) => {
            out.push_str("[ ");
            for item in items {
                write(item, out, salt);
                out.push_str(if pick == 2 { "\n  # note\n" } else { " " });
            }
            out.push(']');
        }
        Tree::Set(entries) => {
            out.push_str("{ ");
            for (name, value) in entries {
                let bare = name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && name != "if";
                if bare {
                    out.push_str(name);
                } else {
                    out.push_str(&quoted(name, false));
                }
                out.push_str(" = ");
                write(value, out, salt);
                out.push_str(";\n");
            }
            out.push('}');
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_data_reads_as_it_evaluates(data in tree(), salt in any::<u64>()) {
        let mut source = String::new();
        let mut salt = salt;
        write(&data, &mut source, &mut salt);
        let (loaded, evaluated) = both_roads(&source);
        match (&loaded, &evaluated) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", source),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{source}\nloaded: {loaded:?}\nevaluated: {evaluated:?}"),
        }
    }
}

#[test]
fn data_of_every_shape_is_read_from_the_tree() {
    for source in [
        "{ b = [ 1 (-2) 3.5 \"x\" ]; a = { c = null; \"d e\" = true; }; }",
        "[ ]",
        "''\n  indented\n''",
        "(-9223372036854775807)",
    ] {
        assert!(is_literal_data(source), "{source}");
        let (loaded, evaluated) = both_roads(source);
        assert_eq!(loaded, evaluated, "{source}");
        assert!(loaded.is_ok(), "{source}");
    }
}

#[test]
fn failures_of_literal_data_are_reported_as_evaluation_reports_them() {
    // A repeated name is not read from the tree: evaluation reports it.
    let repeated = tvix_serde::from_str::<serde_json::Value>("{ a = 1; a = 2; }").unwrap_err();
    assert!(
        repeated
            .to_string()
            .contains("attribute 'a' already defined"),
        "{repeated}"
    );
    // A type error in data read from the tree is reported by the
    // evaluated road, with the path and position of the value.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Config {
        port: u16,
    }
    let source = "{\n  port = 70000;\n}";
    assert!(is_literal_data(source));
    let error = tvix_serde::from_str::<Config>(source).unwrap_err();
    assert_eq!(error.path(), Some("port"));
    let location = error.location().expect("a position");
    assert_eq!((location.line, location.column), (2, 3));
}

fn corpus_dirs() -> Vec<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lang = std::env::var_os("NIX_LANG_TESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/nix-lang-tests"));
    vec![lang, manifest.join("../eval/tests"), manifest.join("tests")]
}

#[test]
fn data_files_of_the_test_corpora_read_as_they_evaluate() {
    let mut files = Vec::new();
    for dir in corpus_dirs() {
        if !dir.is_dir() {
            println!("{} is missing: its files are not compared", dir.display());
            continue;
        }
        nix_files::nix_files(&dir, &mut files);
    }
    let mut compared = 0;
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        if !is_literal_data(&source) {
            continue;
        }
        compared += 1;
        let (loaded, evaluated) = both_roads(&source);
        match (&loaded, &evaluated) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", file.display()),
            (Err(_), Err(_)) => {}
            _ => panic!("{}: {loaded:?} / {evaluated:?}", file.display()),
        }
    }
    println!("{compared} files of literal data compared");
    assert!(compared > 0);
}
