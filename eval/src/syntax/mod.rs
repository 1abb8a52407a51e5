//! The front end: Nix source to a syntax tree.
//!
//! Our own lexer ([`lexer`]) and parser ([`parser`]) rather than rnix:
//! the compiler needs neither a lossless tree nor the text of trivia,
//! and a compact tree in a few vectors ([`ast`]) parses large files
//! several times faster, frees without recursion, and keeps to C++
//! Nix's grammar where rnix departs from it (`f x: x`, `a.''b''`,
//! `inherit ${x};`, integers beyond 64 bits, a carriage return ending a
//! comment; the differential test `tests/parser_differential.rs` holds
//! rnix as the reference and lists the differences). [`sexpr`]
//! renders a tree as an S-expression, for tests and debugging.

pub mod ast;
pub mod lexer;
mod parser;
pub mod sexpr;
pub mod token;

pub use ast::{
    Ast, AttrKind, AttrName, BinaryOp, Binding, ExprId, Formal, Node, NodeKind, Param, Part,
    PathKind, Range, Text,
};
pub use parser::{MAX_BRACKET_DEPTH, MAX_CHAIN};
pub use token::{Span, Token, TokenKind};

/// Deepest syntax tree the compiler accepts (long operator chains nest
/// deeply; the parser builds them without recursion).
pub const MAX_TREE_DEPTH: usize = 100_000;

/// What kind of problem a [`SyntaxError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// The source does not follow the grammar (or has an invalid
    /// number, a path with a trailing slash, ...).
    Syntax,
    /// Brackets or expressions nested beyond the limits.
    NestingTooDeep,
    /// An application or attribute path beyond [`MAX_CHAIN`].
    TooLong,
}

/// An error found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What kind of error it is.
    pub kind: SyntaxErrorKind,
    /// Where in the source the error is.
    pub span: Span,
    /// The whole message (`syntax error, unexpected ';'`).
    pub message: String,
    /// Whether the source ended too early (the end of the file was
    /// unexpected, or a comment is not closed): more input may fix it.
    pub at_end: bool,
}

impl SyntaxError {
    pub(crate) fn syntax(span: Span, message: String) -> Self {
        SyntaxError {
            kind: SyntaxErrorKind::Syntax,
            span,
            message,
            at_end: false,
        }
    }
}

/// A parsed source: the tree, its root (none if there is no
/// expression at all) and the errors, in source order.
pub struct Parsed<'s> {
    /// The syntax tree; nodes exist for the parts that did parse.
    pub ast: Ast<'s>,
    /// The whole expression, if the source has one.
    pub root: Option<ExprId>,
    /// The lexer's and the parser's errors, in source order; empty on success.
    pub errors: Vec<SyntaxError>,
}

/// Parses `source`.
pub fn parse(source: &str) -> Parsed<'_> {
    if u32::try_from(source.len()).is_err() {
        return Parsed {
            ast: Ast::new("", 0),
            root: None,
            errors: vec![SyntaxError {
                kind: SyntaxErrorKind::TooLong,
                span: Span::default(),
                message: "the source is larger than 4 GiB".to_string(),
                at_end: false,
            }],
        };
    }
    let parser = parser::Parser::new(source);
    let (ast, root, errors) = parser.parse_file();
    Parsed { ast, root, errors }
}

/// The tokens of `source` (without whitespace and comments), ending
/// with [`TokenKind::Eof`].
pub fn tokenize(source: &str) -> Vec<Token> {
    lexer::lex(source).tokens
}

/// The first `n` tokens of `source` (fewer if it ends sooner), without
/// lexing the rest.
pub fn first_tokens(source: &str, n: usize) -> Vec<Token> {
    let mut lexer = lexer::Lexer::new(source);
    lexer.fill(n);
    let mut tokens = lexer.tokens;
    tokens.truncate(n);
    tokens
}

#[cfg(test)]
mod tests;
