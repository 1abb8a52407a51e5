//! Parsing expressions: functions, `assert`, `with`, `let`, `if`, the
//! operators, application, selection and the simple expressions.
//!
//! The grammar levels are those of C++ Nix: `expr` (functions and the
//! keyword forms, whose bodies extend as far as possible), operators,
//! application (`f a b`, left-associative), selection (`e.a.b or d`, and
//! the legacy `e or`, a call of the variable `or`), and simple
//! expressions. Operators are parsed with an explicit stack, in these
//! precedences (lowest first):
//!
//! | operators | associativity |
//! |---|---|
//! | `\|>` and `<\|` (not mixed) | left, right |
//! | `->` | right |
//! | `\|\|` | left |
//! | `&&` | left |
//! | `==` `!=` | none |
//! | `<` `>` `<=` `>=` | none |
//! | `//` | right |
//! | `!` (prefix) | |
//! | `+` `-` | left |
//! | `*` `/` | left |
//! | `++` | right |
//! | `?` (postfix, with an attribute path) | none |
//! | `-` (prefix) | |

use super::{Parser, MAX_CHAIN};
use crate::syntax::ast::{BinaryOp, Binding, ExprId, NodeKind, Param, ParamRef, Range};
use crate::syntax::token::{Span, TokenKind};
use crate::syntax::SyntaxErrorKind;

/// Precedence of `!`.
const NOT: u8 = 7;
/// Precedence of `?`.
const HAS_ATTR: u8 = 11;
/// Precedence of prefix `-`.
const NEGATE: u8 = 12;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Assoc {
    Left,
    Right,
    None,
}

/// An operator waiting for its right operand.
#[derive(Clone, Copy)]
enum Pending {
    Binary(BinaryOp, u8),
    Not(u32),
    Negate(u32),
}

impl Pending {
    fn precedence(self) -> u8 {
        match self {
            Pending::Binary(_, p) => p,
            Pending::Not(_) => NOT,
            Pending::Negate(_) => NEGATE,
        }
    }
}

fn binary_operator(kind: TokenKind) -> Option<(BinaryOp, u8, Assoc)> {
    use Assoc::*;
    use BinaryOp as B;
    Some(match kind {
        TokenKind::PipeInto => (B::PipeRight, 0, Left),
        TokenKind::PipeFrom => (B::PipeLeft, 0, Right),
        TokenKind::Impl => (B::Implication, 1, Right),
        TokenKind::Or => (B::Or, 2, Left),
        TokenKind::And => (B::And, 3, Left),
        TokenKind::Eq => (B::Equal, 4, None),
        TokenKind::Neq => (B::NotEqual, 4, None),
        TokenKind::Less => (B::Less, 5, None),
        TokenKind::Greater => (B::More, 5, None),
        TokenKind::Leq => (B::LessOrEq, 5, None),
        TokenKind::Geq => (B::MoreOrEq, 5, None),
        TokenKind::Update => (B::Update, 6, Right),
        TokenKind::Plus => (B::Add, 8, Left),
        TokenKind::Minus => (B::Sub, 8, Left),
        TokenKind::Star => (B::Mul, 9, Left),
        TokenKind::Slash => (B::Div, 9, Left),
        TokenKind::Concat => (B::Concat, 10, Right),
        _ => return Option::None,
    })
}

/// A form whose body is parsed after it (`x:`, `assert c;`, ...), kept
/// while the body is parsed in the same loop.
enum Wrapper {
    Lambda(Param),
    Assert(ExprId),
    With(ExprId),
    Let(Range<Binding>),
    If(ExprId, ExprId),
}

impl Parser<'_> {
    /// `expr`: a function, `assert`, `with`, `let ... in`, `if`, or
    /// operators.
    pub(super) fn parse_expr(&mut self) -> ExprId {
        self.nested(|p| p.parse_expr_inner())
    }

    fn parse_expr_inner(&mut self) -> ExprId {
        // The forms in a row (`x: y: assert a; ...`) wrap the body in
        // reverse order: a loop, not a recursion.
        let mut wrappers: Vec<(Wrapper, u32)> = Vec::new();
        let body = loop {
            let start = self.span().start;
            let wrapper = match self.peek() {
                TokenKind::Ident if self.peek_at(1) == TokenKind::Colon => {
                    let name = self.bump().span;
                    self.bump();
                    Wrapper::Lambda(Param::Ident(name))
                }
                TokenKind::Ident if self.peek_at(1) == TokenKind::At => {
                    let name = self.bump().span;
                    self.bump();
                    let param = self.parse_pattern(Some(name));
                    self.expect(TokenKind::Colon);
                    Wrapper::Lambda(param)
                }
                TokenKind::LBrace if self.is_pattern() => {
                    let param = self.parse_pattern(None);
                    if !self.eat(TokenKind::Colon) {
                        self.unexpected(Some("':' or '@'"));
                    }
                    Wrapper::Lambda(param)
                }
                TokenKind::Assert => {
                    self.bump();
                    let cond = self.parse_expr();
                    self.expect(TokenKind::Semicolon);
                    Wrapper::Assert(cond)
                }
                TokenKind::With => {
                    self.bump();
                    let namespace = self.parse_expr();
                    self.expect(TokenKind::Semicolon);
                    Wrapper::With(namespace)
                }
                TokenKind::Let if self.peek_at(1) != TokenKind::LBrace => {
                    self.bump();
                    let bindings = self.parse_bindings(true);
                    self.expect(TokenKind::In);
                    Wrapper::Let(bindings)
                }
                TokenKind::If => {
                    self.bump();
                    let cond = self.parse_expr();
                    self.expect(TokenKind::Then);
                    let then = self.parse_expr();
                    self.expect(TokenKind::Else);
                    Wrapper::If(cond, then)
                }
                _ => break self.parse_operators(),
            };
            wrappers.push((wrapper, start));
            if self.aborted {
                break self.error_here();
            }
        };
        let mut body = body;
        while let Some((wrapper, start)) = wrappers.pop() {
            let span = self.ast.span(body);
            let span = Span {
                start,
                end: span.end.max(start),
            };
            let kind = match wrapper {
                Wrapper::Lambda(param) => {
                    let index = ParamRef(self.ast.params.len() as u32);
                    self.ast.params.push(param);
                    NodeKind::Lambda { param: index, body }
                }
                Wrapper::Assert(cond) => NodeKind::Assert { cond, body },
                Wrapper::With(namespace) => NodeKind::With { namespace, body },
                Wrapper::Let(bindings) => NodeKind::Let { bindings, body },
                Wrapper::If(cond, then) => NodeKind::If {
                    cond,
                    then,
                    otherwise: body,
                },
            };
            body = self.node(kind, span);
        }
        body
    }

    /// Whether the `{` here starts a function's pattern rather than a set.
    fn is_pattern(&mut self) -> bool {
        match self.peek_at(1) {
            TokenKind::RBrace => matches!(self.peek_at(2), TokenKind::Colon | TokenKind::At),
            TokenKind::Ellipsis => true,
            TokenKind::Ident => match self.peek_at(2) {
                TokenKind::Comma | TokenKind::Question => true,
                TokenKind::RBrace => matches!(self.peek_at(3), TokenKind::Colon | TokenKind::At),
                _ => false,
            },
            _ => false,
        }
    }

    /// Operators over applications.
    fn parse_operators(&mut self) -> ExprId {
        // Most expressions have no operator at all.
        let mut first = None;
        if !matches!(self.peek(), TokenKind::Not | TokenKind::Minus) {
            let operand = self.parse_application();
            let next = self.peek();
            if next != TokenKind::Question && binary_operator(next).is_none() {
                return operand;
            }
            first = Some(operand);
        }
        let mut operands: Vec<ExprId> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        'operand: loop {
            if first.is_none() {
                loop {
                    let start = self.span().start;
                    match self.peek() {
                        TokenKind::Not => pending.push(Pending::Not(start)),
                        TokenKind::Minus => pending.push(Pending::Negate(start)),
                        _ => break,
                    }
                    self.bump();
                }
            }
            let operand = match first.take() {
                Some(operand) => operand,
                None => self.parse_application(),
            };
            operands.push(operand);
            loop {
                let kind = self.peek();
                if kind == TokenKind::Question {
                    self.reduce(&mut operands, &mut pending, |p| p > HAS_ATTR);
                    self.bump();
                    let path = self.parse_attr_path();
                    let set = operands.pop().unwrap_or_else(|| self.error_here());
                    let span = self.span_from(self.ast.span(set).start);
                    let node = self.node(NodeKind::HasAttr { set, path }, span);
                    operands.push(node);
                    if self.peek() == TokenKind::Question {
                        // `?` does not associate.
                        self.unexpected(None);
                    }
                    continue;
                }
                let Some((op, precedence, assoc)) = binary_operator(kind) else {
                    break 'operand;
                };
                self.reduce(&mut operands, &mut pending, |p| p > precedence);
                if let Some(Pending::Binary(top, top_precedence)) = pending.last() {
                    // `a == b == c`, `a |> f <| x`: a syntax error.
                    let clash = *top_precedence == precedence
                        && (assoc == Assoc::None || (precedence == 0 && *top != op));
                    if clash {
                        self.unexpected(None);
                    }
                }
                self.reduce(&mut operands, &mut pending, |p| {
                    p == precedence && assoc != Assoc::Right
                });
                pending.push(Pending::Binary(op, precedence));
                self.bump();
                continue 'operand;
            }
        }
        self.reduce(&mut operands, &mut pending, |_| true);
        operands.pop().unwrap_or_else(|| self.error_here())
    }

    /// Applies the pending operators whose precedence satisfies `applies`,
    /// from the top of the stack.
    fn reduce(
        &mut self,
        operands: &mut Vec<ExprId>,
        pending: &mut Vec<Pending>,
        applies: impl Fn(u8) -> bool,
    ) {
        while let Some(&top) = pending.last() {
            if !applies(top.precedence()) {
                break;
            }
            pending.pop();
            let Some(rhs) = operands.pop() else {
                return;
            };
            let rhs_span = self.ast.span(rhs);
            let (kind, start) = match top {
                Pending::Not(start) => (NodeKind::Not(rhs), start),
                Pending::Negate(start) => (NodeKind::Negate(rhs), start),
                Pending::Binary(op, _) => {
                    let Some(lhs) = operands.pop() else {
                        operands.push(rhs);
                        return;
                    };
                    let start = self.ast.span(lhs).start;
                    (NodeKind::Binary { op, lhs, rhs }, start)
                }
            };
            let span = Span {
                start,
                end: rhs_span.end.max(start),
            };
            let node = self.node(kind, span);
            operands.push(node);
        }
    }

    /// Whether the current token starts a simple expression (an argument
    /// of an application or an element of a list).
    pub(super) fn starts_simple(&mut self) -> bool {
        match self.peek() {
            TokenKind::Ident
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Quote
            | TokenKind::IndOpen
            | TokenKind::Path
            | TokenKind::HomePath
            | TokenKind::SearchPath
            | TokenKind::Uri
            | TokenKind::LParen
            | TokenKind::LBrace
            | TokenKind::LBracket
            | TokenKind::Rec => true,
            TokenKind::Let => self.peek_at(1) == TokenKind::LBrace,
            _ => false,
        }
    }

    /// `f a b`: selections applied one after the other.
    fn parse_application(&mut self) -> ExprId {
        let mut function = self.parse_select();
        let start = self.ast.span(function).start;
        let mut count = 0;
        while self.starts_simple() {
            count += 1;
            if count > MAX_CHAIN {
                let span = self.span();
                self.abort(
                    SyntaxErrorKind::TooLong,
                    span,
                    format!("an application has more than {MAX_CHAIN} arguments"),
                );
                break;
            }
            let arg = self.parse_select();
            let span = self.span_from(start);
            function = self.node(
                NodeKind::Apply {
                    func: function,
                    arg,
                    legacy_or: false,
                },
                span,
            );
        }
        function
    }

    /// `e.a.b`, `e.a.b or default`, `e or` (a call of `or`), or `e`.
    pub(super) fn parse_select(&mut self) -> ExprId {
        let simple = self.parse_simple();
        let start = self.ast.span(simple).start;
        match self.peek() {
            TokenKind::Dot => {
                self.bump();
                let path = self.parse_attr_path();
                let default = if self.eat(TokenKind::OrKw) {
                    Some(self.nested(|p| p.parse_select()))
                } else {
                    None
                };
                let span = self.span_from(start);
                self.node(
                    NodeKind::Select {
                        set: simple,
                        path,
                        default,
                    },
                    span,
                )
            }
            TokenKind::OrKw => {
                let or = self.bump().span;
                let var = self.node(NodeKind::Var, or);
                let span = self.span_from(start);
                self.node(
                    NodeKind::Apply {
                        func: simple,
                        arg: var,
                        legacy_or: true,
                    },
                    span,
                )
            }
            _ => simple,
        }
    }

    fn parse_simple(&mut self) -> ExprId {
        let token = self.token(0);
        let span = token.span;
        match token.kind {
            TokenKind::Ident => {
                self.bump();
                if self.ast.source_text(span) == "__curPos" {
                    self.node(NodeKind::CurPos, span)
                } else {
                    self.node(NodeKind::Var, span)
                }
            }
            TokenKind::Int => {
                self.bump();
                let text = self.ast.source_text(span);
                let value = match text.parse::<i64>() {
                    Ok(value) => value,
                    Err(_) => {
                        self.semantic_error(span, format!("invalid integer '{text}'"));
                        0
                    }
                };
                self.node(NodeKind::Int(value), span)
            }
            TokenKind::Float => {
                self.bump();
                let text = self.ast.source_text(span);
                let value = match parse_float(text) {
                    Some(value) => value,
                    None => {
                        self.semantic_error(span, format!("invalid float '{text}'"));
                        0.0
                    }
                };
                self.node(NodeKind::Float(value), span)
            }
            TokenKind::Uri => {
                self.bump();
                self.node(NodeKind::Uri, span)
            }
            TokenKind::SearchPath => {
                self.bump();
                self.node(NodeKind::SearchPath, span)
            }
            TokenKind::Quote => self.parse_string(),
            TokenKind::IndOpen => self.parse_ind_string(),
            TokenKind::Path | TokenKind::HomePath => self.parse_path(),
            TokenKind::LParen => self.nested(|p| {
                p.open_bracket();
                let inner = p.parse_expr();
                p.close_bracket(TokenKind::RParen);
                let span = p.span_from(span.start);
                p.node(NodeKind::Paren(inner), span)
            }),
            TokenKind::LBracket => self.nested(|p| p.parse_list()),
            TokenKind::LBrace => self.nested(|p| {
                let bindings = p.parse_braced_bindings();
                let span = p.span_from(span.start);
                p.node(
                    NodeKind::AttrSet {
                        rec: false,
                        bindings,
                    },
                    span,
                )
            }),
            TokenKind::Rec => {
                self.bump();
                if self.peek() != TokenKind::LBrace {
                    self.unexpected(Some("'{'"));
                    return self.error_node(span);
                }
                self.nested(|p| {
                    let bindings = p.parse_braced_bindings();
                    let span = p.span_from(span.start);
                    p.node(
                        NodeKind::AttrSet {
                            rec: true,
                            bindings,
                        },
                        span,
                    )
                })
            }
            TokenKind::Let if self.peek_at(1) == TokenKind::LBrace => {
                self.bump();
                self.nested(|p| {
                    let bindings = p.parse_braced_bindings();
                    let span = p.span_from(span.start);
                    p.node(NodeKind::LegacyLet(bindings), span)
                })
            }
            _ => {
                self.unexpected(None);
                self.error_node(Span {
                    start: span.start,
                    end: span.start,
                })
            }
        }
    }

    /// `[ a b c ]`: the elements are selections.
    fn parse_list(&mut self) -> ExprId {
        let start = self.open_bracket().span.start;
        let mark = self.scratch.items.len();
        while self.starts_simple() {
            let item = self.parse_select();
            self.scratch.items.push(item);
        }
        self.close_bracket(TokenKind::RBracket);
        let items = super::finish_range(&mut self.scratch.items, mark, &mut self.ast.items);
        let span = self.span_from(start);
        self.node(NodeKind::List(items), span)
    }
}

/// A float as C++ Nix reads it (`strtod`): out of range is an error, as
/// is a non-zero number too small to represent.
fn parse_float(text: &str) -> Option<f64> {
    let value = text.parse::<f64>().ok()?;
    if value.is_infinite() {
        return None;
    }
    if value == 0.0 || value.is_subnormal() {
        let mantissa = text.split(['e', 'E']).next().unwrap_or("");
        if mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            return None;
        }
    }
    Some(value)
}
