//! Parsing strings, indented strings and path literals into their
//! pieces, with C++ Nix's escapes and its stripping of indentation.
//!
//! In `"..."`, `\n`, `\r` and `\t` are control characters and `\x` is
//! `x`. In `''...''`, `''$` is `$`, `'''` is `''` and `''\x` is `x` as
//! in `"..."`; the indentation of the least indented line that is not
//! empty is removed from every line, where a line's indentation ends at
//! its first character that is not a space, at an interpolation or at
//! an escape, and a last line of spaces only is dropped. Pieces without
//! escapes stay spans of the source.

use super::{finish_range, Parser};
use crate::syntax::ast::{ExprId, NodeKind, Part, PathKind, Text};
use crate::syntax::token::{Span, TokenKind};

/// A piece of an indented string before its indentation is stripped.
enum IndPiece {
    /// Text whose leading spaces are indentation.
    Text(Span),
    /// An escape (or a lone `$` or `'`): its decoded text.
    Escape(String),
    Interpolation(ExprId),
}

/// `s` with Nix's string escapes decoded.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(c) => out.push(c),
                None => {}
            },
            '\r' => {
                // CR and CR LF end a line as LF does.
                out.push('\n');
                if chars.as_str().starts_with('\n') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out
}

impl Parser<'_> {
    /// `${ expr }`
    fn parse_interpolation(&mut self) -> ExprId {
        self.open_bracket();
        let expr = self.parse_expr();
        self.close_bracket(TokenKind::RBrace);
        expr
    }

    /// `"..."`
    pub(super) fn parse_string(&mut self) -> ExprId {
        let start = self.bump().span.start;
        let mark = self.scratch.parts.len();
        loop {
            match self.peek() {
                TokenKind::StrText => {
                    let span = self.bump().span;
                    let raw = self.ast.source_text(span);
                    let text = if memchr::memchr2(b'\\', b'\r', raw.as_bytes()).is_some() {
                        let decoded = unescape(raw);
                        self.decoded(&decoded)
                    } else {
                        Text::Source(span)
                    };
                    self.scratch.parts.push(Part::Literal(text));
                }
                TokenKind::DollarCurly => {
                    let expr = self.parse_interpolation();
                    self.scratch.parts.push(Part::Interpolation(expr));
                }
                TokenKind::Quote => {
                    self.bump();
                    break;
                }
                _ => {
                    self.unexpected(Some("'\"'"));
                    break;
                }
            }
        }
        let parts = finish_range(&mut self.scratch.parts, mark, &mut self.ast.parts);
        let span = self.span_from(start);
        self.node(NodeKind::Str(parts), span)
    }

    /// `''...''`
    pub(super) fn parse_ind_string(&mut self) -> ExprId {
        let start = self.bump().span.start;
        let mut pieces = Vec::new();
        loop {
            let token = self.token(0);
            match token.kind {
                TokenKind::IndText => {
                    self.bump();
                    pieces.push(IndPiece::Text(token.span));
                }
                TokenKind::IndEscape => {
                    self.bump();
                    let raw = self.ast.source_text(token.span);
                    let text = match raw {
                        "''$" => "$".to_string(),
                        "'''" => "''".to_string(),
                        _ => match raw.strip_prefix("''") {
                            Some(escaped) => unescape(escaped),
                            None => raw.to_string(),
                        },
                    };
                    pieces.push(IndPiece::Escape(text));
                }
                TokenKind::DollarCurly => {
                    let expr = self.parse_interpolation();
                    pieces.push(IndPiece::Interpolation(expr));
                }
                TokenKind::IndClose => {
                    self.bump();
                    break;
                }
                _ => {
                    self.unexpected(Some("\"''\""));
                    break;
                }
            }
        }
        let mark = self.scratch.parts.len();
        self.strip_indentation(&pieces);
        let parts = finish_range(&mut self.scratch.parts, mark, &mut self.ast.parts);
        let span = self.span_from(start);
        self.node(NodeKind::Str(parts), span)
    }

    /// Pushes the pieces of an indented string with the indentation
    /// removed, as C++ Nix's `stripIndentation` does.
    fn strip_indentation(&mut self, pieces: &[IndPiece]) {
        let source = self.ast.source;
        fn text_of<'a>(source: &'a str, piece: &'a IndPiece) -> Option<(&'a str, bool)> {
            match piece {
                IndPiece::Text(span) => Some((source.get(span.range()).unwrap_or(""), true)),
                IndPiece::Escape(text) => Some((text.as_str(), false)),
                IndPiece::Interpolation(_) => None,
            }
        }
        // The least indentation of a line with something on it.
        let mut at_line_start = true;
        let mut min_indent = usize::MAX;
        let mut indent = 0usize;
        for piece in pieces {
            let Some((text, true)) = text_of(source, piece) else {
                // Interpolations and escapes end the indentation.
                if at_line_start {
                    at_line_start = false;
                    min_indent = min_indent.min(indent);
                }
                continue;
            };
            for b in text.bytes() {
                if at_line_start {
                    match b {
                        b' ' => indent += 1,
                        b'\n' => indent = 0,
                        _ => {
                            at_line_start = false;
                            min_indent = min_indent.min(indent);
                        }
                    }
                } else if b == b'\n' {
                    at_line_start = true;
                    indent = 0;
                }
            }
        }
        // Remove it from every line.
        at_line_start = true;
        let mut dropped = 0usize;
        let count = pieces.len();
        for (i, piece) in pieces.iter().enumerate() {
            let Some((text, _)) = text_of(source, piece) else {
                at_line_start = false;
                dropped = 0;
                if let IndPiece::Interpolation(expr) = piece {
                    self.scratch.parts.push(Part::Interpolation(*expr));
                }
                continue;
            };
            let mut out: Vec<u8> = Vec::with_capacity(text.len());
            for b in text.bytes() {
                if at_line_start {
                    match b {
                        b' ' => {
                            if dropped >= min_indent {
                                out.push(b);
                            }
                            dropped += 1;
                        }
                        b'\n' => {
                            dropped = 0;
                            out.push(b);
                        }
                        _ => {
                            at_line_start = false;
                            dropped = 0;
                            out.push(b);
                        }
                    }
                } else {
                    out.push(b);
                    if b == b'\n' {
                        at_line_start = true;
                    }
                }
            }
            if i + 1 == count {
                // A last line of spaces only is dropped.
                if let Some(newline) = out.iter().rposition(|&b| b == b'\n') {
                    if out[newline + 1..].iter().all(|&b| b == b' ') {
                        out.truncate(newline + 1);
                    }
                }
            }
            if !out.is_empty() {
                // Only ASCII spaces were removed: still UTF-8.
                let text = String::from_utf8_lossy(&out);
                let text = self.decoded(&text);
                self.scratch.parts.push(Part::Literal(text));
            }
        }
    }

    /// A path literal: its first piece, then pieces and interpolations.
    pub(super) fn parse_path(&mut self) -> ExprId {
        let first = self.bump();
        let kind = if first.kind == TokenKind::HomePath {
            PathKind::Home
        } else if self.ast.source_text(first.span).starts_with('/') {
            PathKind::Absolute
        } else {
            PathKind::Relative
        };
        let mark = self.scratch.parts.len();
        self.scratch
            .parts
            .push(Part::Literal(Text::Source(first.span)));
        let mut interpolated = false;
        loop {
            let token = self.token(0);
            match token.kind {
                TokenKind::PathPiece => {
                    self.bump();
                    self.scratch
                        .parts
                        .push(Part::Literal(Text::Source(token.span)));
                }
                TokenKind::DollarCurly => {
                    interpolated = true;
                    let expr = self.parse_interpolation();
                    self.scratch.parts.push(Part::Interpolation(expr));
                }
                TokenKind::PathEnd => {
                    // Pieces without an interpolation (`./a//b`) are not
                    // a path in C++ Nix's grammar.
                    if !interpolated && self.scratch.parts.len() - mark > 1 {
                        self.unexpected(Some("'${'"));
                    }
                    self.bump();
                    break;
                }
                _ => {
                    self.unexpected(Some("end of path"));
                    break;
                }
            }
        }
        let parts = finish_range(&mut self.scratch.parts, mark, &mut self.ast.parts);
        let span = self.span_from(first.span.start);
        self.node(NodeKind::Path(kind, parts), span)
    }
}
