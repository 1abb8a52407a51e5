//! The embedding API: pure by default, explicit file access, warnings as
//! data, extra builtins, search paths, strict and lazy results, errors.

use tvix_eval::value::BuiltinDef;
use tvix_eval::{Error, ErrorKind, Evaluation, Value, WarningKind};

fn assert_send_sync<T: Send + Sync + 'static>() {}

#[test]
fn errors_are_send_and_sync() {
    assert_send_sync::<Error>();
    assert_send_sync::<ErrorKind>();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-api-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

#[test]
fn evaluation_is_pure_unless_file_access_is_allowed() {
    let dir = temp_dir("pure");
    std::fs::write(dir.join("other.nix"), "{ answer = 42; }").expect("write file");
    let main = dir.join("main.nix");
    let source = "(import ./other.nix).answer";

    let pure = Evaluation::builder()
        .source_file(&main)
        .build()
        .evaluate(source);
    assert!(pure.value.is_none());
    assert!(matches!(
        pure.errors[0].kind,
        ErrorKind::AccessForbidden { .. }
    ));

    let allowed = Evaluation::builder()
        .source_file(&main)
        .file_access(true)
        .build()
        .evaluate(source);
    assert!(matches!(allowed.value, Some(Value::Integer(42))));
}

#[test]
fn environment_is_hidden_unless_impure() {
    std::env::set_var("TVIX_API_TEST_VAR", "visible");
    let src = r#"builtins.getEnv "TVIX_API_TEST_VAR""#;
    let pure = Evaluation::builder().build().evaluate(src);
    assert!(matches!(pure.value, Some(Value::String(ref s)) if s.as_bytes().is_empty()));
    let impure = Evaluation::builder().impure(true).build().evaluate(src);
    assert!(matches!(impure.value, Some(Value::String(ref s)) if s.as_bytes() == b"visible"));
}

#[test]
fn warnings_are_returned_as_data() {
    let result = Evaluation::builder()
        .build()
        .evaluate(r#"builtins.trace "hello" 1"#);
    assert!(matches!(result.value, Some(Value::Integer(1))));
    assert_eq!(result.warnings.len(), 1);
    assert!(matches!(&result.warnings[0].kind, WarningKind::Trace(m) if m == "hello"));
}

#[test]
fn extra_builtins_are_callable() {
    let double = BuiltinDef::sync("double", 1, "Doubles an integer.", |args| {
        Ok(Value::Integer(args[0].as_int()? * 2))
    });
    let result = Evaluation::builder()
        .builtin(double)
        .build()
        .evaluate("builtins.double 21 + __double 1");
    assert!(matches!(result.value, Some(Value::Integer(44))));
}

#[test]
fn search_path_entries_resolve_angle_brackets() {
    let dir = temp_dir("search");
    std::fs::create_dir_all(dir.join("lib")).expect("directory");
    std::fs::write(dir.join("lib/default.nix"), "{ name = \"lib\"; }").expect("write file");
    let result = Evaluation::builder()
        .search_path_entry(Some("mylib".into()), dir.join("lib"))
        .file_access(true)
        .build()
        .evaluate("(import <mylib>).name");
    let value = result
        .value
        .clone()
        .unwrap_or_else(|| panic!("{}", result.render_errors(false)));
    assert!(matches!(value, Value::String(ref s) if s.as_bytes() == b"lib"));
}

#[test]
fn strict_results_are_fully_evaluated_and_lazy_ones_are_not() {
    let src = "{ a = builtins.length [ 1 2 ]; }";
    let strict = Evaluation::builder()
        .build()
        .evaluate(src)
        .value
        .expect("a value");
    let Value::Attrs(attrs) = strict else {
        panic!("expected a set")
    };
    assert!(matches!(
        attrs.get_str("a").and_then(Value::forced),
        Some(Value::Integer(2))
    ));

    let lazy = Evaluation::builder()
        .strict(false)
        .build()
        .evaluate(src)
        .value
        .expect("a value");
    let Value::Attrs(attrs) = lazy else {
        panic!("expected a set")
    };
    assert!(matches!(attrs.get_str("a"), Some(Value::Thunk(t)) if !t.is_evaluated()));
}

#[test]
fn several_parse_errors_are_reported_at_once() {
    let result = Evaluation::builder().build().evaluate("{ a = ; b = ; }");
    assert!(result.value.is_none());
    assert!(result.errors.len() >= 2, "got {:?}", result.errors);
    assert!(result
        .errors
        .iter()
        .all(|e| matches!(e.kind, ErrorKind::Parse(_)) && e.span.is_some()));
}

#[test]
fn rendered_errors_point_at_the_source() {
    let result = Evaluation::builder()
        .build()
        .evaluate("let x = 1; in x + \"a\"");
    let rendered = result.render_errors(false);
    assert!(rendered.contains("(string):1:15"), "{rendered}");
    assert!(rendered.contains("let x = 1; in x + \"a\""), "{rendered}");
}

#[test]
fn try_eval_catches_throw_and_assert_only() {
    let caught = Evaluation::builder().build().evaluate(
        "[ (builtins.tryEval (throw \"x\")).success (builtins.tryEval (assert false; 1)).success ]",
    );
    let Some(Value::List(list)) = caught.value else {
        panic!("{}", caught.render_errors(false))
    };
    assert!(list
        .iter()
        .all(|v| matches!(v.forced(), Some(Value::Bool(false)))));

    let not_caught = Evaluation::builder()
        .build()
        .evaluate("builtins.tryEval (abort \"x\")");
    assert!(matches!(not_caught.errors[0].kind, ErrorKind::Abort(_)));
}
