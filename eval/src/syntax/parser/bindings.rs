//! Parsing bindings (of sets, `rec` sets, `let` and `let { }`),
//! attribute paths and names, `inherit`, and the argument patterns of
//! functions (`{ a, b ? 1, ... } @ args`).
//!
//! An attribute name is static when it is known while parsing: an
//! identifier, `or`, a string without interpolation, or `${ }` of such a
//! string, as in C++ Nix. `inherit` takes static names only.

use super::{finish_range, Parser, MAX_CHAIN};
use crate::syntax::ast::{
    AttrKind, AttrName, Binding, ExprId, Formal, NodeKind, Param, Part, Range, Text,
};
use crate::syntax::token::{Span, TokenKind};
use crate::syntax::SyntaxErrorKind;

impl Parser<'_> {
    /// `{ bindings }`, from the opening brace to the closing one.
    pub(super) fn parse_braced_bindings(&mut self) -> Range<Binding> {
        self.open_bracket();
        let bindings = self.parse_bindings(false);
        if !self.eat(TokenKind::RBrace) {
            self.unexpected(Some("'}'"));
        }
        self.brackets = self.brackets.saturating_sub(1);
        bindings
    }

    /// Bindings up to `}` (or `in`, when `in_let`), not taking it. A
    /// binding with an error is skipped up to its `;`, and the next one
    /// is parsed (and its errors reported) as usual.
    pub(super) fn parse_bindings(&mut self, in_let: bool) -> Range<Binding> {
        let mark = self.scratch.bindings.len();
        loop {
            let before = self.pos;
            match self.peek() {
                TokenKind::RBrace | TokenKind::Eof => break,
                TokenKind::In if in_let => break,
                TokenKind::Inherit => self.parse_inherit(),
                TokenKind::Ident | TokenKind::OrKw | TokenKind::Quote | TokenKind::DollarCurly => {
                    self.parse_binding()
                }
                _ => self.unexpected(Some(if in_let {
                    "an attribute or 'in'"
                } else {
                    "an attribute or '}'"
                })),
            }
            if self.recovering {
                let ended =
                    self.pos > before && self.last.map(|t| t.kind) == Some(TokenKind::Semicolon);
                if ended {
                    self.recovering = false;
                } else {
                    self.synchronise(in_let);
                }
            }
            if self.pos == before || self.aborted {
                break;
            }
        }
        finish_range(&mut self.scratch.bindings, mark, &mut self.ast.bindings)
    }

    /// `a.b.c = value;`
    fn parse_binding(&mut self) {
        let start = self.span().start;
        let path = self.parse_attr_path();
        if !self.eat(TokenKind::Assign) {
            self.unexpected(Some("'.' or '='"));
            return;
        }
        let value = self.parse_expr();
        self.expect(TokenKind::Semicolon);
        let span = self.span_from(start);
        self.scratch
            .bindings
            .push(Binding::Value { path, value, span });
    }

    /// `inherit a b;` or `inherit (from) a b;`
    fn parse_inherit(&mut self) {
        let start = self.bump().span.start;
        let from = if self.peek() == TokenKind::LParen {
            self.open_bracket();
            let from = self.parse_expr();
            self.close_bracket(TokenKind::RParen);
            Some(from)
        } else {
            None
        };
        let mark = self.scratch.names.len();
        while matches!(
            self.peek(),
            TokenKind::Ident | TokenKind::OrKw | TokenKind::Quote | TokenKind::DollarCurly
        ) {
            let Some(name) = self.parse_attr_name() else {
                break;
            };
            if let AttrKind::Dynamic(_) = name.kind {
                self.semantic_error(
                    name.span,
                    "dynamic attributes not allowed in inherit".to_string(),
                );
                continue;
            }
            self.scratch.names.push(name);
        }
        let names = finish_range(&mut self.scratch.names, mark, &mut self.ast.names);
        self.expect(TokenKind::Semicolon);
        let span = self.span_from(start);
        self.scratch
            .bindings
            .push(Binding::Inherit { from, names, span });
    }

    /// `a.b."c".${d}`: one name or more.
    pub(super) fn parse_attr_path(&mut self) -> Range<AttrName> {
        let mark = self.scratch.names.len();
        while let Some(name) = self.parse_attr_name() {
            self.scratch.names.push(name);
            if self.scratch.names.len() - mark > MAX_CHAIN {
                let span = self.span();
                self.abort(
                    SyntaxErrorKind::TooLong,
                    span,
                    format!("an attribute path has more than {MAX_CHAIN} components"),
                );
                break;
            }
            if !self.eat(TokenKind::Dot) {
                break;
            }
        }
        finish_range(&mut self.scratch.names, mark, &mut self.ast.names)
    }

    /// One attribute name, or an error.
    fn parse_attr_name(&mut self) -> Option<AttrName> {
        let token = self.token(0);
        match token.kind {
            TokenKind::Ident | TokenKind::OrKw => {
                self.bump();
                Some(AttrName {
                    kind: AttrKind::Static(Text::Source(token.span)),
                    span: token.span,
                })
            }
            TokenKind::Quote => {
                let string = self.parse_string();
                let span = self.ast.span(string);
                Some(AttrName {
                    kind: self.attr_kind(string),
                    span,
                })
            }
            TokenKind::DollarCurly => {
                self.open_bracket();
                let expr = self.parse_expr();
                self.close_bracket(TokenKind::RBrace);
                let span = self.span_from(token.span.start);
                Some(AttrName {
                    kind: self.attr_kind(expr),
                    span,
                })
            }
            _ => {
                self.unexpected(Some("identifier or 'or' or '${' or '\"'"));
                None
            }
        }
    }

    /// A name is static when the expression is a string without
    /// interpolations (in parentheses or not).
    fn attr_kind(&mut self, expr: ExprId) -> AttrKind {
        let mut inner = expr;
        while let NodeKind::Paren(e) = *self.ast.kind(inner) {
            inner = e;
        }
        let NodeKind::Str(range) = *self.ast.kind(inner) else {
            return AttrKind::Dynamic(expr);
        };
        let single = match self.ast.parts(range) {
            [] => Some(Text::Decoded { start: 0, end: 0 }),
            [Part::Literal(text)] => Some(*text),
            _ => None,
        };
        if let Some(text) = single {
            return AttrKind::Static(text);
        }
        match self.ast.literal_string(range) {
            Some(joined) => AttrKind::Static(self.decoded(&joined)),
            None => AttrKind::Dynamic(expr),
        }
    }

    /// Adds decoded text to the tree.
    pub(super) fn decoded(&mut self, text: &str) -> Text {
        let start = self.ast.decoded.len() as u32;
        self.ast.decoded.push_str(text);
        Text::Decoded {
            start,
            end: self.ast.decoded.len() as u32,
        }
    }

    /// `{ a, b ? 1, ... }`, and `@ name` after it unless `bind` is the
    /// name already given before it.
    pub(super) fn parse_pattern(&mut self, bind: Option<Span>) -> Param {
        let open = self.token(0);
        if open.kind != TokenKind::LBrace {
            self.unexpected(Some("'{'"));
            return Param::Pattern {
                formals: Range::new(0, 0),
                ellipsis: false,
                bind,
                span: open.span,
            };
        }
        self.open_bracket();
        let mark = self.scratch.formals.len();
        let mut ellipsis = false;
        loop {
            match self.peek() {
                TokenKind::RBrace => break,
                TokenKind::Ellipsis => {
                    self.bump();
                    ellipsis = true;
                    break;
                }
                TokenKind::Ident => {
                    let name = self.bump().span;
                    let default = if self.eat(TokenKind::Question) {
                        Some(self.parse_expr())
                    } else {
                        None
                    };
                    let span = self.span_from(name.start);
                    self.scratch.formals.push(Formal {
                        name,
                        default,
                        span,
                    });
                    if !self.eat(TokenKind::Comma) {
                        if self.peek() != TokenKind::RBrace {
                            self.unexpected(Some("'}' or ','"));
                        }
                        break;
                    }
                }
                _ => {
                    self.unexpected(None);
                    break;
                }
            }
        }
        self.close_bracket(TokenKind::RBrace);
        let formals = finish_range(&mut self.scratch.formals, mark, &mut self.ast.formals);
        let span = self.span_from(open.span.start);
        let bind = match bind {
            Some(bind) => Some(bind),
            None if self.eat(TokenKind::At) => {
                let name = self.token(0);
                if self.expect(TokenKind::Ident) {
                    Some(name.span)
                } else {
                    None
                }
            }
            None => None,
        };
        Param::Pattern {
            formals,
            ellipsis,
            bind,
            span,
        }
    }
}
