//! Attribute positions through the embedding API: an embedder can find
//! where in the source an attribute of the result was written.

use tvix_eval::{Evaluation, SourceLocation, Value};

#[test]
fn attributes_of_the_result_know_where_they_were_written() {
    let source = "let base = { port = 80; };\nin base // {\n  host = \"example.org\";\n  tls.enable = true;\n}\n";
    let result = Evaluation::builder()
        .source_file("/config/service.nix")
        .build()
        .evaluate(source);
    let Some(Value::Attrs(attrs)) = &result.value else {
        panic!("expected a set: {}", result.render_errors(false));
    };
    let at = |line, column| SourceLocation {
        file: "/config/service.nix".into(),
        line,
        column,
    };
    let locate = |set: &tvix_eval::NixAttrs, name: &str| {
        set.position(name.as_bytes())
            .and_then(|pos| result.locate(pos))
    };
    assert_eq!(locate(attrs, "port"), Some(at(1, 14)));
    assert_eq!(locate(attrs, "host"), Some(at(3, 3)));
    assert_eq!(locate(attrs, "tls"), Some(at(4, 3)));
    let Some(Value::Attrs(tls)) = attrs.get(b"tls").and_then(|v| v.forced()) else {
        panic!("tls is a set");
    };
    // As in Nix, a nested attribute is positioned at the start of its path.
    assert_eq!(locate(&tls, "enable"), Some(at(4, 3)));
    assert_eq!(attrs.position(b"missing"), None);
}

#[test]
fn attributes_built_by_builtins_have_no_position() {
    let result = Evaluation::builder()
        .build()
        .evaluate("builtins.mapAttrs (n: v: v + 1) { a = 1; }");
    let Some(Value::Attrs(attrs)) = &result.value else {
        panic!("expected a set");
    };
    assert_eq!(attrs.position(b"a"), None);
}
