//! The global scope is C++ Nix's: of the names in `builtins` (and
//! `builtins`, `true`, `false`, `null`), exactly those listed in
//! `global_scope.exp` are bound without the `builtins.` prefix. The list is
//! what `nix-instantiate` 2.8 binds (each name evaluated alone), plus
//! `break`, which Nix binds since 2.9. Every other builtin is bound as
//! `__NAME` instead.

use tvix_eval::{Evaluation, Value};

fn evaluates(source: &str) -> bool {
    let result = Evaluation::builder().strict(false).build().evaluate(source);
    result.errors.is_empty() && result.value.is_some()
}

#[test]
fn names_bound_without_prefix_are_nix_s() {
    let result = Evaluation::builder()
        .build()
        .evaluate("builtins.attrNames builtins");
    let Some(Value::List(names)) = result.value else {
        panic!("attrNames builtins: {:?}", result.errors);
    };
    let mut candidates: Vec<String> = names
        .iter()
        .map(|n| match n.forced() {
            Some(Value::String(s)) => s.to_string(),
            other => panic!("not a name: {other:?}"),
        })
        .collect();
    candidates.extend(["builtins", "true", "false", "null"].map(String::from));
    let mut bound: Vec<String> = candidates
        .iter()
        .filter(|name| evaluates(name))
        .cloned()
        .collect();
    bound.sort();
    bound.dedup();
    let expected = include_str!("global_scope.exp");
    let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(bound, expected);
    // Each name is bound either as itself or as `__NAME`, as in Nix:
    // `__map`, `__builtins` and `__true` are undefined there.
    for name in candidates.iter().filter(|n| !n.starts_with("__")) {
        let prefixed = format!("__{name}");
        let unprefixed = expected.contains(&name.as_str());
        assert_eq!(
            evaluates(&prefixed),
            !unprefixed,
            "{prefixed} bound: {}",
            !unprefixed
        );
    }
}
