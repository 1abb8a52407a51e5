//! Compiling literals: numbers, negation, URIs (and their lint), strings
//! with interpolation, and paths (relative, absolute, `~/`, `<...>`,
//! interpolated, and the lints of path literals).

use super::{Compiler, LintLevel};
use crate::bytecode::{BinOp, Op};
use crate::errors::{ErrorKind, WarningKind};
use crate::paths::canonicalise;
use crate::syntax::{ExprId, NodeKind, Part, PathKind, Range};
use crate::value::Value;
use codemap::Span;
use std::path::PathBuf;

/// A piece of a string or path being compiled.
enum Piece {
    Literal(String),
    Interpolation(ExprId),
}

impl Compiler<'_> {
    pub(super) fn compile_literal(&mut self, expr: ExprId, span: Span) {
        let value = match *self.ast.kind(expr) {
            NodeKind::Int(i) => Value::Integer(i),
            NodeKind::Float(f) => Value::Float(f),
            NodeKind::Uri => {
                let text = self.ast.source_text(self.ast.span(expr));
                self.lint_uri(text, span);
                Value::string(text)
            }
            _ => Value::Null,
        };
        self.emit_constant(value, span);
    }

    /// Applies the URL lint to the URI literal `text`.
    pub(super) fn lint_uri(&mut self, text: &str, span: Span) {
        let level = self.options.lint_url_literals;
        self.lint(level, WarningKind::UrlLiteral(text.to_string()), span);
    }

    /// Reports `warning` as the lint `level` asks: not at all, as a
    /// warning, or as a compile error.
    fn lint(&mut self, level: LintLevel, warning: WarningKind, span: Span) {
        match level {
            LintLevel::Allow => {}
            LintLevel::Warn => self.warn(warning, span),
            LintLevel::Fatal => match warning.fatal_lint_message() {
                Some(message) => self.error(ErrorKind::Compile(message), span),
                None => self.warn(warning, span),
            },
        }
    }

    /// `-x`: Nix reads it as `__sub 0 x`, so `-0.0` is `0.0` and negating
    /// the smallest integer is an overflow in subtraction. A number literal
    /// is negated at once (it is never negative, so this cannot overflow).
    pub(super) fn compile_negation(&mut self, operand: ExprId, span: Span) {
        match *self.ast.kind(operand) {
            NodeKind::Int(i) => return self.emit_constant(Value::Integer(0 - i), span),
            NodeKind::Float(f) => return self.emit_constant(Value::Float(0.0 - f), span),
            _ => {}
        }
        self.emit_constant(Value::Integer(0), span);
        self.compile_expr(operand);
        self.emit(Op::Binary(BinOp::Sub), span);
    }

    pub(super) fn compile_string(&mut self, parts: Range<Part>, span: Span) {
        if let Some(text) = self.ast.literal_str(parts) {
            self.check_nul(&text, span);
            return self.emit_constant(Value::string(text.as_ref()), span);
        }
        let mut pieces = self.pieces(parts);
        if matches!(pieces.first(), Some(Piece::Interpolation(_))) {
            // A path as the first part means a path literal (which copies
            // nothing to the store): a string starts with a string.
            pieces.insert(0, Piece::Literal(String::new()));
        }
        let n = self.compile_pieces(pieces, span);
        self.emit(Op::Interpolate(n), span);
    }

    fn pieces(&self, parts: Range<Part>) -> Vec<Piece> {
        self.ast
            .parts(parts)
            .iter()
            .map(|part| match *part {
                Part::Literal(text) => Piece::Literal(self.ast.text(text).to_string()),
                Part::Interpolation(expr) => Piece::Interpolation(expr),
            })
            .collect()
    }

    /// Nix strings cannot contain NUL bytes.
    pub(super) fn check_nul(&mut self, text: &str, span: Span) {
        if memchr::memchr(0, text.as_bytes()).is_some() {
            let shown = text.replace('\0', "\u{2400}");
            self.error(
                ErrorKind::Compile(format!("input string '{shown}' cannot be represented as Nix string because it contains null bytes")),
                span,
            );
        }
    }

    fn compile_pieces(&mut self, pieces: Vec<Piece>, span: Span) -> u32 {
        let mut n = 0;
        for piece in pieces {
            match piece {
                Piece::Literal(l) => {
                    self.check_nul(&l, span);
                    self.emit_constant(Value::string(l), span)
                }
                Piece::Interpolation(expr) => self.compile_expr(expr),
            }
            n += 1;
        }
        n
    }

    /// `<name>` is `__findFile __nixPath "name"`.
    pub(super) fn compile_search_path(&mut self, expr: ExprId, span: Span) {
        let text = self.ast.source_text(self.ast.span(expr));
        let name = text.trim_start_matches('<').trim_end_matches('>');
        self.emit_constant(Value::string(name), span);
        self.emit_variable("__nixPath", span);
        self.emit_variable("__findFile", span);
        self.emit(Op::Call, span);
        self.emit(Op::Call, span);
    }

    pub(super) fn compile_path(&mut self, kind: PathKind, parts: Range<Part>, span: Span) {
        let mut pieces = self.pieces(parts);
        // Make the leading literal absolute.
        if let Some(Piece::Literal(first)) = pieces.first_mut() {
            let absolute = match kind {
                PathKind::Home => {
                    self.lint_absolute_path(first, span);
                    let Some(home) = self.options.home.as_deref() else {
                        let message =
                            format!("the path '{first}' can not be resolved in pure mode");
                        return self.error(ErrorKind::Compile(message), span);
                    };
                    format!("{home}/{}", first.trim_start_matches("~/"))
                }
                PathKind::Relative => {
                    self.lint_relative_path(first, span);
                    format!("{}/{}", self.dir.display(), first)
                }
                PathKind::Absolute => {
                    self.lint_absolute_path(first, span);
                    first.clone()
                }
            };
            *first = absolute;
        }
        if let [Piece::Literal(text)] = pieces.as_slice() {
            let path = canonicalise(&PathBuf::from(text));
            return self.emit_constant(Value::path(path), span);
        }
        // The leading literal is a path, as written (a trailing slash
        // kept): the interpolation then copies nothing to the store.
        let mut n = 0;
        if let Some(Piece::Literal(first)) = pieces.first() {
            let path = Value::path(PathBuf::from(first.as_str()));
            self.emit_constant(path, span);
            pieces.remove(0);
            n = 1;
        }
        n += self.compile_pieces(pieces, span);
        self.emit(Op::Interpolate(n), span);
        self.emit(Op::ToPath, span);
    }

    fn lint_relative_path(&mut self, text: &str, span: Span) {
        if !text.starts_with("./") && !text.starts_with("../") {
            let level = self.options.lint_short_path_literals;
            self.lint(level, WarningKind::ShortPathLiteral(text.to_string()), span);
        }
    }

    /// The lint of absolute and home (`~/`) path literals.
    fn lint_absolute_path(&mut self, text: &str, span: Span) {
        let level = self.options.lint_absolute_path_literals;
        self.lint(
            level,
            WarningKind::AbsolutePathLiteral(text.to_string()),
            span,
        );
    }
}
