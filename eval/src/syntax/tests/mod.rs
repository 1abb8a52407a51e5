//! Unit tests of the front end: tokens, trees (as S-expressions) and
//! syntax errors, with C++ Nix's behaviour as the reference.

mod errors;
mod lexer;
mod parser;
mod strings;

use super::{parse, sexpr};

/// The S-expression of `source`, which must parse.
fn tree(source: &str) -> String {
    let parsed = parse(source);
    assert!(
        parsed.errors.is_empty(),
        "{source:?} failed to parse: {:?}",
        parsed.errors
    );
    let root = parsed.root.expect("a root");
    sexpr::render(&parsed.ast, root)
}

/// The first error's message and its start, for `source`.
fn first_error(source: &str) -> (String, u32) {
    let parsed = parse(source);
    let error = parsed
        .errors
        .first()
        .unwrap_or_else(|| panic!("{source:?} parsed"));
    (error.message.clone(), error.span.start)
}

#[test]
fn nodes_stay_small() {
    // Large sources make millions of nodes and tokens.
    assert!(std::mem::size_of::<super::Node>() <= 32);
    assert!(std::mem::size_of::<super::Token>() <= 12);
}
