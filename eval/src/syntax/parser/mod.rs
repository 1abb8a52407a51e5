//! The parser: tokens to the syntax tree ([`super::ast`]), by recursive
//! descent for the nesting constructs and an operator stack for the
//! operators, following the grammar and the precedences of C++ Nix's
//! parser (`parser.y`).
//!
//! This module owns the cursor over the tokens, node allocation, error
//! reporting and recovery, and the limits: brackets nested at most
//! [`MAX_BRACKET_DEPTH`] deep, at most [`MAX_CHAIN`] arguments in one
//! application or names in one attribute path, and a bound on the
//! recursion of the parser itself (chains of `let`, `with`, `assert`,
//! `if` and lambdas are parsed in loops, not recursively). Deeper input
//! stops the parse with an error. The other files parse expressions
//! (`expr.rs`), bindings and function patterns (`bindings.rs`), and
//! strings and paths (`strings.rs`).
//!
//! After a syntax error, the parser reports nothing more until it has
//! found its feet again: at the next binding of a set or `let` (the
//! tokens up to the next `;` are skipped), so that mistakes in separate
//! bindings are all reported at once.

mod bindings;
mod expr;
mod strings;

use super::ast::{Ast, ExprId, Node, NodeKind, Range};
use super::lexer::Lexer;
use super::token::{Span, Token, TokenKind};
use super::{SyntaxError, SyntaxErrorKind};

/// Deepest bracket nesting accepted (`(`, `[`, `{`, `${`).
pub const MAX_BRACKET_DEPTH: usize = 2_000;

/// Most arguments in one application, and most names in one attribute
/// path (the compiler handles each as a nested structure).
pub const MAX_CHAIN: usize = 5_000;

/// Deepest recursion of the parser (nesting of constructs that are not
/// brackets: `assert assert ...; ...;`, `a.b or c.d or ...`).
const MAX_RECURSION: usize = 10_000;

/// Tokens the lexer makes in one go.
const CHUNK: usize = 512;

pub(super) struct Parser<'s> {
    lexer: Lexer<'s>,
    /// The current token: an index into the lexer's tokens (earlier
    /// ones are dropped from time to time).
    at: usize,
    /// How many tokens were taken (to tell whether a loop made progress).
    pos: usize,
    /// The last token taken.
    last: Option<Token>,
    ast: Ast<'s>,
    errors: Vec<SyntaxError>,
    /// After an error, until the parser finds its feet again: report
    /// nothing.
    recovering: bool,
    /// A limit was exceeded: the parse stops (every token reads as the
    /// end of the file).
    aborted: bool,
    recursion: usize,
    brackets: usize,
    scratch: Scratch,
}

/// Stacks the entries of lists, bindings, ... are collected on while
/// nested ones are parsed; a finished sequence moves to its side table
/// in one piece.
#[derive(Default)]
struct Scratch {
    items: Vec<ExprId>,
    parts: Vec<super::ast::Part>,
    names: Vec<super::ast::AttrName>,
    bindings: Vec<super::ast::Binding>,
    formals: Vec<super::ast::Formal>,
}

/// Moves `scratch[mark..]` to the end of `table`, as a range of it.
fn finish_range<T>(scratch: &mut Vec<T>, mark: usize, table: &mut Vec<T>) -> Range<T> {
    let start = table.len();
    let len = scratch.len().saturating_sub(mark);
    table.extend(scratch.drain(mark.min(scratch.len())..));
    Range::new(start, len)
}

impl<'s> Parser<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        // Data has about a node for 25 bytes, code one for 20.
        let ast = Ast::new(source, source.len() / 16);
        Parser {
            lexer: Lexer::new(source),
            at: 0,
            pos: 0,
            last: None,
            ast,
            errors: Vec::new(),
            recovering: false,
            aborted: false,
            recursion: 0,
            brackets: 0,
            scratch: Scratch::default(),
        }
    }

    /// Parses the whole source: one expression, then the end.
    pub(super) fn parse_file(mut self) -> (Ast<'s>, Option<ExprId>, Vec<SyntaxError>) {
        let root = if self.peek() == TokenKind::Eof && !self.aborted {
            self.unexpected(None);
            None
        } else {
            Some(self.parse_expr())
        };
        if self.peek() != TokenKind::Eof {
            self.unexpected(Some("end of file"));
        }
        let mut errors = self.errors;
        errors.append(&mut self.lexer.errors);
        // Report in source order.
        errors.sort_by_key(|e| e.span.start);
        (self.ast, root, errors)
    }

    // The cursor.

    /// The token `n` ahead; after the end of the file (or an abort),
    /// the end of the file.
    #[inline(always)]
    fn token(&mut self, n: usize) -> Token {
        match self.lexer.tokens.get(self.at + n) {
            Some(token) => *token,
            None => self.token_after_refill(n),
        }
    }

    #[cold]
    #[inline(never)]
    fn token_after_refill(&mut self, n: usize) -> Token {
        self.refill(n);
        let tokens = &self.lexer.tokens;
        match tokens.get(self.at + n).or_else(|| tokens.last()) {
            Some(token) => *token,
            None => Token {
                kind: TokenKind::Eof,
                span: Span::new(self.ast.source.len(), self.ast.source.len()),
            },
        }
    }

    /// Drops the tokens taken and has the lexer make more, at least up
    /// to `n` ahead (or the end).
    #[cold]
    fn refill(&mut self, n: usize) {
        let taken = self.at.min(self.lexer.tokens.len());
        self.lexer.tokens.drain(..taken);
        self.at = 0;
        self.lexer.fill(n + CHUNK);
    }

    #[inline(always)]
    fn peek(&mut self) -> TokenKind {
        self.token(0).kind
    }

    fn peek_at(&mut self, n: usize) -> TokenKind {
        self.token(n).kind
    }

    fn span(&mut self) -> Span {
        self.token(0).span
    }

    /// The end of the last token taken.
    fn last_end(&self) -> u32 {
        self.last.map_or(0, |token| token.span.end)
    }

    #[inline(always)]
    fn bump(&mut self) -> Token {
        let token = self.token(0);
        if token.kind != TokenKind::Eof {
            self.at += 1;
            self.pos += 1;
            self.last = Some(token);
        }
        token
    }

    fn eat(&mut self, kind: TokenKind) -> bool {
        if self.peek() == kind {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Takes a token of `kind`, or reports what was expected.
    fn expect(&mut self, kind: TokenKind) -> bool {
        if self.eat(kind) {
            return true;
        }
        self.unexpected(Some(kind.describe()));
        false
    }

    // Errors.

    /// An error that is not a syntax error in the grammar's sense (an
    /// invalid number, a duplicate formal): reported even while
    /// recovering, and recovery does not start.
    fn semantic_error(&mut self, span: Span, message: String) {
        self.errors.push(SyntaxError::syntax(span, message));
    }

    /// Reports the current token as unexpected.
    fn unexpected(&mut self, expecting: Option<&str>) {
        let token = self.token(0);
        match token.kind {
            // The lexer has said what is wrong.
            TokenKind::Error => self.recovering = true,
            kind => {
                let mut message = format!("syntax error, unexpected {}", kind.describe());
                if let Some(expecting) = expecting {
                    message.push_str(", expecting ");
                    message.push_str(expecting);
                }
                let at_end = kind == TokenKind::Eof;
                if !self.recovering {
                    let mut error = SyntaxError::syntax(token.span, message);
                    error.at_end = at_end;
                    self.errors.push(error);
                }
                self.recovering = true;
            }
        }
    }

    /// Stops the parse: a limit was exceeded.
    fn abort(&mut self, kind: SyntaxErrorKind, span: Span, message: String) {
        if !self.aborted {
            self.errors.push(SyntaxError {
                kind,
                span,
                message,
                at_end: false,
            });
        }
        self.aborted = true;
        self.recovering = true;
        // Every token reads as the end of the file from now on.
        self.lexer.stop();
        self.at = 0;
    }

    /// Runs `parse` one level deeper, on a stack that grows as needed.
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> T) -> T {
        self.recursion += 1;
        if self.recursion > MAX_RECURSION {
            let span = self.span();
            self.abort(
                SyntaxErrorKind::NestingTooDeep,
                span,
                format!("more than {MAX_RECURSION} nested expressions"),
            );
        }
        // A level takes a few hundred bytes of stack: looking at the
        // stack every eighth level, with room for more than eight, is
        // enough.
        let result = if self.recursion.is_multiple_of(8) {
            stacker::maybe_grow(256 * 1024, 2 * 1024 * 1024, || parse(self))
        } else {
            parse(self)
        };
        self.recursion -= 1;
        result
    }

    /// Takes an opening bracket, counting the nesting.
    fn open_bracket(&mut self) -> Token {
        self.brackets += 1;
        if self.brackets > MAX_BRACKET_DEPTH {
            let span = self.span();
            self.abort(
                SyntaxErrorKind::NestingTooDeep,
                span,
                format!("brackets nested more than {MAX_BRACKET_DEPTH} levels deep"),
            );
        }
        self.bump()
    }

    /// Expects the closing bracket `kind` of an opening one.
    fn close_bracket(&mut self, kind: TokenKind) -> bool {
        self.brackets = self.brackets.saturating_sub(1);
        self.expect(kind)
    }

    /// Skips to the end of a binding: past the next `;`, or up to a `}`
    /// (or `in` when `in_let`), whichever comes first outside brackets.
    fn synchronise(&mut self, in_let: bool) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Semicolon if depth == 0 => {
                    self.bump();
                    self.recovering = false;
                    return;
                }
                TokenKind::RBrace if depth == 0 => return,
                TokenKind::In if depth == 0 && in_let => return,
                TokenKind::LParen
                | TokenKind::LBracket
                | TokenKind::LBrace
                | TokenKind::DollarCurly => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
            self.bump();
        }
    }

    // Nodes.

    fn node(&mut self, kind: NodeKind, span: Span) -> ExprId {
        let id = ExprId(self.ast.nodes.len() as u32);
        self.ast.nodes.push(Node { kind, span });
        id
    }

    /// An error node at the current token.
    fn error_here(&mut self) -> ExprId {
        let span = self.span();
        self.error_node(span)
    }

    /// A node for what could not be parsed.
    fn error_node(&mut self, span: Span) -> ExprId {
        self.node(NodeKind::Error, span)
    }

    fn span_from(&self, start: u32) -> Span {
        Span {
            start,
            end: self.last_end().max(start),
        }
    }
}
