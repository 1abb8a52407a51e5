//! Compiling expressions: literals, strings, paths, identifiers,
//! operators, selection, conditionals, functions and `with`.

use super::{Compiler, LintLevel, MAX_NESTING};
use crate::bytecode::{BinOp, Formals, Op};
use crate::errors::{ErrorKind, WarningKind};
use crate::paths::canonicalise;
use crate::value::{NixString, SourceLocation, SourcePos, Value};
use codemap::Span;
use rnix::ast::{self, AstToken, BinOpKind, Expr, InterpolPart, UnaryOpKind};
use rowan::ast::AstNode;
use std::path::PathBuf;

/// A key of an attribute path: known at compile time, or an expression.
pub(super) enum Key {
    Static(String),
    Dynamic(Expr),
}

impl Compiler<'_> {
    /// Compiles `expr`, leaving its value (maybe unforced) on the stack.
    pub(super) fn compile_expr(&mut self, expr: &Expr) {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let span = self.span_of(expr.syntax());
            if self.depth == MAX_NESTING + 1 {
                self.error(
                    ErrorKind::NestingTooDeep(format!("more than {MAX_NESTING} levels")),
                    span,
                );
            }
            self.emit_constant(Value::Null, span);
        } else {
            stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || {
                self.compile_expr_inner(expr)
            });
        }
        self.depth -= 1;
    }

    /// Compiles `expr` so that nothing is evaluated yet: cheap forms
    /// directly, everything else as a thunk.
    pub(super) fn compile_thunked(&mut self, expr: &Expr, name: Option<String>) {
        self.compile_lazily(expr, name, true)
    }

    /// Compiles `expr` lazily; with `speculate`, cheap pure expressions
    /// are computed at once when their operands are already evaluated.
    fn compile_lazily(&mut self, expr: &Expr, name: Option<String>, speculate: bool) {
        if let Expr::Paren(p) = expr {
            if let Some(inner) = p.expr() {
                return self.compile_lazily(&inner, name, speculate);
            }
        }
        let span = self.span_of(expr.syntax());
        if self.needs_thunk(expr) {
            let speculation = if speculate {
                self.emit_speculation(expr, span)
            } else {
                None
            };
            self.compile_nested(true, name, None, span, |c| c.compile_expr(expr));
            if speculate {
                self.compute_leaf_at_once();
            }
            if let Some(jump) = speculation {
                self.patch_jump(jump);
            }
            return;
        }
        match expr {
            Expr::Paren(p) => match p.expr() {
                Some(inner) => self.compile_lazily(&inner, name, speculate),
                None => self.emit_constant(Value::Null, span),
            },
            Expr::Lambda(lambda) => self.compile_lambda(lambda, name, span),
            _ => self.compile_expr(expr),
        }
    }

    /// Compiles `expr` lazily into the placeholder in local `slot`.
    pub(super) fn compile_thunked_into(&mut self, expr: &Expr, name: Option<String>, slot: u32) {
        let span = self.span_of(expr.syntax());
        if self.needs_thunk(expr) {
            self.compile_nested_into(true, Some(slot), name, None, span, |c| c.compile_expr(expr));
        } else {
            self.compile_thunked(expr, name);
            self.emit(Op::Finalise(slot), span);
        }
    }

    /// Whether evaluating `expr` may do work, so that binding it lazily
    /// needs a thunk. Literals, functions, lists, plain sets and static
    /// variables are built or copied at once without evaluating anything.
    fn needs_thunk(&mut self, expr: &Expr) -> bool {
        match expr {
            Expr::Literal(_) | Expr::List(_) | Expr::Lambda(_) => false,
            Expr::Paren(p) => match p.expr() {
                Some(inner) => self.needs_thunk(&inner),
                None => false,
            },
            Expr::Str(s) => !s
                .normalized_parts()
                .iter()
                .all(|p| matches!(p, InterpolPart::Literal(_))),
            Expr::Ident(ident) => {
                let text = ident_text(ident);
                matches!(
                    self.resolve(&text),
                    super::scope::Resolved::Dynamic(_) | super::scope::Resolved::Undefined
                )
            }
            Expr::AttrSet(set) => set.rec_token().is_some() || !self.is_plain_attrset(set),
            Expr::Select(select) => self.builtin_constant(select).is_none(),
            _ => true,
        }
    }

    /// `builtins.name` where `builtins` is the global set and has `name`:
    /// the builtin itself, known at compile time.
    fn builtin_constant(&mut self, select: &ast::Select) -> Option<Value> {
        if select.default_expr().is_some() {
            return None;
        }
        let Some(Expr::Ident(ident)) = select.expr() else {
            return None;
        };
        if ident_text(&ident) != "builtins" {
            return None;
        }
        let mut attrs = select.attrpath()?.attrs();
        let (Some(ast::Attr::Ident(name)), None) = (attrs.next(), attrs.next()) else {
            return None;
        };
        let super::scope::Resolved::Global(Value::Attrs(builtins)) = self.resolve("builtins")
        else {
            return None;
        };
        match builtins.get(ident_text(&name).as_bytes()) {
            Some(value @ (Value::Builtin(_) | Value::Bool(_) | Value::Null)) => Some(value.clone()),
            _ => None,
        }
    }

    /// For a lazily bound expression that is pure and cheap (arithmetic or
    /// comparison of variables and numbers, selection of constant keys from
    /// a variable), emits code computing it at once when its operands are
    /// already evaluated; the thunk is created only when that fails.
    fn emit_speculation(&mut self, expr: &Expr, span: Span) -> Option<usize> {
        match expr {
            Expr::BinOp(binop) => {
                let op = BinOp::from_syntax(binop.operator()?)?;
                let (lhs, rhs) = (binop.lhs()?, binop.rhs()?);
                if !self.is_simple_operand(&lhs) || !self.is_simple_operand(&rhs) {
                    return None;
                }
                self.compile_expr(&lhs);
                self.compile_expr(&rhs);
                Some(self.emit_jump(Op::EagerOperator(op, 0), span))
            }
            Expr::Select(select) if select.default_expr().is_none() => {
                let set = select.expr()?;
                if !matches!(&set, Expr::Ident(_)) || !self.is_simple_operand(&set) {
                    return None;
                }
                let mut names = Vec::new();
                for attr in select.attrpath()?.attrs() {
                    match attr {
                        ast::Attr::Ident(ident) => names.push(ident_text(&ident)),
                        _ => return None,
                    }
                }
                self.compile_expr(&set);
                let n = names.len() as u32;
                for name in names {
                    self.emit_constant(Value::string(name), span);
                }
                Some(self.emit_jump(Op::EagerSelect(n, 0), span))
            }
            _ => None,
        }
    }

    /// Turns the `MakeThunk` just emitted into `MakeValueOrThunk` when the
    /// thunk's code is a leaf: computing such code never fails, never loops
    /// and has no effect, so doing it at once cannot be told from doing it
    /// later, and saves building the thunk.
    fn compute_leaf_at_once(&mut self) {
        let chunk = &mut self.ctx().chunk;
        let Some(lambda) = chunk.lambdas.last() else {
            return;
        };
        if lambda.leaf.is_none() {
            return;
        }
        let Some(at) = chunk.code.len().checked_sub(1 + lambda.upvalue_count) else {
            return;
        };
        if let Some(Op::MakeThunk(idx)) = chunk.code.get(at).copied() {
            chunk.code[at] = Op::MakeValueOrThunk(idx);
        }
    }

    /// A variable bound statically, or a number: loading it evaluates nothing.
    fn is_simple_operand(&mut self, expr: &Expr) -> bool {
        use super::scope::Resolved;
        match expr {
            Expr::Ident(ident) => {
                let text = ident_text(ident);
                matches!(
                    self.resolve(&text),
                    Resolved::Local(_) | Resolved::Upvalue(_) | Resolved::Global(_)
                )
            }
            Expr::Literal(lit) => matches!(
                lit.kind(),
                ast::LiteralKind::Integer(_) | ast::LiteralKind::Float(_)
            ),
            _ => false,
        }
    }

    fn compile_expr_inner(&mut self, expr: &Expr) {
        let span = self.span_of(expr.syntax());
        match expr {
            Expr::Literal(lit) => self.compile_literal(lit, span),
            Expr::Str(s) => self.compile_string(s, span),
            Expr::PathAbs(_) | Expr::PathRel(_) | Expr::PathHome(_) | Expr::PathSearch(_) => {
                self.compile_path(expr, span)
            }
            Expr::Ident(ident) => {
                let text = ident_text(ident);
                self.emit_variable(&text, span);
            }
            Expr::Paren(p) => match p.expr() {
                Some(inner) => self.compile_expr(&inner),
                None => self.emit_constant(Value::Null, span),
            },
            Expr::Root(r) => match r.expr() {
                Some(inner) => self.compile_expr(&inner),
                None => self.emit_constant(Value::Null, span),
            },
            Expr::Apply(apply) => {
                let (Some(f), Some(arg)) = (apply.lambda(), apply.argument()) else {
                    return self.emit_constant(Value::Null, span);
                };
                if is_cursed_or(apply) {
                    let text = apply.syntax().text().to_string();
                    self.warn(WarningKind::CursedOr(format!("({text})")), span);
                }
                self.compile_thunked(&arg, None);
                self.compile_expr(&f);
                self.emit(Op::Call, span);
            }
            Expr::Assert(assert) => {
                let (Some(cond), Some(body)) = (assert.condition(), assert.body()) else {
                    return self.emit_constant(Value::Null, span);
                };
                self.compile_expr(&cond);
                let text = self.constant_index(Value::string(cond.syntax().text().to_string()));
                self.emit(Op::Assert(text), self.span_of(cond.syntax()));
                self.compile_expr(&body);
            }
            Expr::IfElse(ifelse) => {
                let (Some(cond), Some(then), Some(otherwise)) =
                    (ifelse.condition(), ifelse.body(), ifelse.else_body())
                else {
                    return self.emit_constant(Value::Null, span);
                };
                self.compile_expr(&cond);
                let to_else = self.emit_jump(Op::JumpIfFalse(0), self.span_of(cond.syntax()));
                self.compile_expr(&then);
                let to_end = self.emit_jump(Op::Jump(0), span);
                self.patch_jump(to_else);
                self.ctx().height -= 1;
                self.compile_expr(&otherwise);
                self.patch_jump(to_end);
            }
            Expr::Select(select) => self.compile_select(select, span),
            Expr::HasAttr(has) => {
                let (Some(set), Some(path)) = (has.expr(), has.attrpath()) else {
                    return self.emit_constant(Value::Null, span);
                };
                self.compile_expr(&set);
                let keys = self.attrpath_keys(&path);
                let n = keys.len() as u32;
                for key in keys {
                    self.emit_key(key, span);
                }
                self.emit(Op::HasAttrPath(n), span);
            }
            Expr::List(list) => {
                let mut n = 0;
                for item in list.items() {
                    // No speculation: list elements stay thunks, as
                    // `trace` and lazy printing show them in Nix.
                    self.compile_lazily(&item, None, false);
                    n += 1;
                }
                self.emit(Op::List(n), span);
            }
            Expr::BinOp(binop) => self.compile_binop(binop, span),
            Expr::UnaryOp(unary) => {
                let Some(operand) = unary.expr() else {
                    return self.emit_constant(Value::Null, span);
                };
                if unary.operator() == Some(UnaryOpKind::Invert) {
                    self.compile_expr(&operand);
                    self.emit(Op::Invert, span);
                } else {
                    self.compile_negation(&operand, span);
                }
            }
            Expr::Lambda(lambda) => self.compile_lambda(lambda, None, span),
            Expr::LetIn(let_in) => self.compile_let(let_in, span),
            Expr::LegacyLet(legacy) => self.compile_legacy_let(legacy, span),
            Expr::AttrSet(set) => self.compile_attrset(set, span),
            Expr::With(with) => {
                let (Some(namespace), Some(body)) = (with.namespace(), with.body()) else {
                    return self.emit_constant(Value::Null, span);
                };
                self.compile_thunked(&namespace, None);
                let name = self.synthetic_name("with");
                self.declare_top(Some(name), true);
                self.compile_expr(&body);
                self.close_scope(1, span);
            }
            Expr::CurPos(_) => {
                let location = SourceLocation::in_file(&self.file, span.low());
                self.emit_constant(location.to_value(), span);
            }
            Expr::Error(_) => {
                self.error(ErrorKind::Parse("unexpected input".into()), span);
                self.emit_constant(Value::Null, span);
            }
        }
    }

    /// `-x`: Nix reads it as `__sub 0 x`, so `-0.0` is `0.0` and negating
    /// the smallest integer is an overflow in subtraction. A number literal
    /// is negated at once (it is never negative, so this cannot overflow).
    fn compile_negation(&mut self, operand: &Expr, span: Span) {
        if let Expr::Literal(lit) = operand {
            let folded = match lit.kind() {
                ast::LiteralKind::Integer(i) => i.value().ok().map(|v| Value::Integer(0 - v)),
                ast::LiteralKind::Float(f) => f.value().ok().map(|v| Value::Float(0.0 - v)),
                _ => None,
            };
            if let Some(value) = folded {
                return self.emit_constant(value, span);
            }
        }
        self.emit_constant(Value::Integer(0), span);
        self.compile_expr(operand);
        self.emit(Op::Binary(BinOp::Sub), span);
    }

    fn compile_literal(&mut self, lit: &ast::Literal, span: Span) {
        let value = match lit.kind() {
            ast::LiteralKind::Integer(i) => match i.value() {
                Ok(v) => Value::Integer(v),
                Err(_) => {
                    self.error(
                        ErrorKind::Parse(format!("invalid integer '{}'", i.syntax().text())),
                        span,
                    );
                    Value::Null
                }
            },
            ast::LiteralKind::Float(f) => match f.value() {
                Ok(v) => Value::Float(v),
                Err(_) => {
                    self.error(
                        ErrorKind::Parse(format!("invalid float '{}'", f.syntax().text())),
                        span,
                    );
                    Value::Null
                }
            },
            ast::LiteralKind::Uri(u) => {
                let text = u.syntax().text().to_string();
                match self.options.lint_url_literals {
                    LintLevel::Allow => {}
                    LintLevel::Warn => self.warn(WarningKind::UrlLiteral(text.clone()), span),
                    LintLevel::Fatal => self.error(
                        ErrorKind::Compile(format!("URL literal '{text}' is deprecated")),
                        span,
                    ),
                }
                Value::string(text)
            }
        };
        self.emit_constant(value, span);
    }

    fn compile_string(&mut self, s: &ast::Str, span: Span) {
        let parts = s.normalized_parts();
        if parts.iter().all(|p| matches!(p, InterpolPart::Literal(_))) {
            let mut text = String::new();
            for part in &parts {
                if let InterpolPart::Literal(l) = part {
                    text.push_str(l);
                }
            }
            self.check_nul(&text, span);
            return self.emit_constant(Value::string(text), span);
        }
        let mut parts = parts;
        if matches!(parts.first(), Some(InterpolPart::Interpolation(_))) {
            // A path as the first part means a path literal (which copies
            // nothing to the store): a string starts with a string.
            parts.insert(0, InterpolPart::Literal(String::new()));
        }
        let n = self.compile_interpolation_parts(parts, span);
        self.emit(Op::Interpolate(n), span);
    }

    /// Nix strings cannot contain NUL bytes.
    fn check_nul(&mut self, text: &str, span: Span) {
        if text.contains('\0') {
            let shown = text.replace('\0', "\u{2400}");
            self.error(
                ErrorKind::Compile(format!("input string '{shown}' cannot be represented as Nix string because it contains null bytes")),
                span,
            );
        }
    }

    fn compile_interpolation_parts(&mut self, parts: Vec<InterpolPart<String>>, span: Span) -> u32 {
        let mut n = 0;
        for part in parts {
            match part {
                InterpolPart::Literal(l) => {
                    self.check_nul(&l, span);
                    self.emit_constant(Value::string(l), span)
                }
                InterpolPart::Interpolation(i) => match i.expr() {
                    Some(e) => self.compile_expr(&e),
                    None => self.emit_constant(Value::string(""), span),
                },
            }
            n += 1;
        }
        n
    }

    fn compile_path(&mut self, expr: &Expr, span: Span) {
        let parts = match expr {
            Expr::PathAbs(p) => p.parts(),
            Expr::PathRel(p) => p.parts(),
            Expr::PathHome(p) => p.parts(),
            Expr::PathSearch(p) => {
                let text = p.syntax().text().to_string();
                let name = text
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string();
                // `<name>` is `__findFile __nixPath "name"`.
                self.emit_constant(Value::string(name), span);
                self.emit_variable("__nixPath", span);
                self.emit_variable("__findFile", span);
                self.emit(Op::Call, span);
                self.emit(Op::Call, span);
                return;
            }
            _ => return,
        };
        let mut pieces: Vec<InterpolPart<String>> = parts
            .into_iter()
            .map(|p| match p {
                InterpolPart::Literal(l) => InterpolPart::Literal(l.text().to_string()),
                InterpolPart::Interpolation(i) => InterpolPart::Interpolation(i),
            })
            .collect();
        // Make the leading literal absolute.
        if let Some(InterpolPart::Literal(first)) = pieces.first_mut() {
            let absolute = match expr {
                Expr::PathHome(_) => {
                    self.lint_home_path(first, span);
                    let Some(home) = self.options.home.as_deref() else {
                        let message =
                            format!("the path '{first}' can not be resolved in pure mode");
                        return self.error(ErrorKind::Compile(message), span);
                    };
                    format!("{home}/{}", first.trim_start_matches("~/"))
                }
                Expr::PathRel(_) => {
                    self.lint_relative_path(first, span);
                    format!("{}/{}", self.dir.display(), first)
                }
                _ => {
                    self.lint_absolute_path(first, span);
                    first.clone()
                }
            };
            *first = absolute;
        }
        if pieces.len() == 1 {
            if let Some(InterpolPart::Literal(text)) = pieces.first() {
                let path = canonicalise(&PathBuf::from(text));
                return self.emit_constant(Value::path(path), span);
            }
        }
        // The leading literal is a path, as written (a trailing slash
        // kept): the interpolation then copies nothing to the store.
        let mut n = 0;
        if let Some(InterpolPart::Literal(first)) = pieces.first() {
            let path = Value::path(PathBuf::from(first.as_str()));
            self.emit_constant(path, span);
            pieces.remove(0);
            n = 1;
        }
        n += self.compile_interpolation_parts(pieces, span);
        self.emit(Op::Interpolate(n), span);
        self.emit(Op::ToPath, span);
    }

    fn lint_relative_path(&mut self, text: &str, span: Span) {
        if !text.starts_with("./") && !text.starts_with("../") {
            match self.options.lint_short_path_literals {
                LintLevel::Allow => {}
                LintLevel::Warn => self.warn(WarningKind::ShortPathLiteral(text.to_string()), span),
                LintLevel::Fatal => self.error(
                    ErrorKind::Compile(format!("relative path literal '{text}' should be prefixed by '.' for clarity: './{text}'")),
                    span,
                ),
            }
        }
    }

    fn lint_home_path(&mut self, text: &str, span: Span) {
        match self.options.lint_absolute_path_literals {
            LintLevel::Allow => {}
            LintLevel::Warn => self.warn(WarningKind::AbsolutePathLiteral(text.to_string()), span),
            LintLevel::Fatal => self.error(
                ErrorKind::Compile(format!("home path literals are not portable. Consider replacing path literal '{text}' by a string, relative path, or parameter")),
                span,
            ),
        }
    }

    fn lint_absolute_path(&mut self, text: &str, span: Span) {
        match self.options.lint_absolute_path_literals {
            LintLevel::Allow => {}
            LintLevel::Warn => self.warn(WarningKind::AbsolutePathLiteral(text.to_string()), span),
            LintLevel::Fatal => self.error(
                ErrorKind::Compile(format!("absolute path literals are not portable. Consider replacing path literal '{text}' by a string, relative path, or parameter")),
                span,
            ),
        }
    }

    fn compile_binop(&mut self, binop: &ast::BinOp, span: Span) {
        let (Some(lhs), Some(rhs), Some(operator)) = (binop.lhs(), binop.rhs(), binop.operator())
        else {
            return self.emit_constant(Value::Null, span);
        };
        match operator {
            BinOpKind::And | BinOpKind::Or | BinOpKind::Implication => {
                self.compile_expr(&lhs);
                if operator == BinOpKind::Implication {
                    self.emit(Op::Invert, span);
                }
                let jump = if operator == BinOpKind::And {
                    Op::JumpIfFalseKeep(0)
                } else {
                    Op::JumpIfTrueKeep(0)
                };
                let end = self.emit_jump(jump, span);
                self.compile_expr(&rhs);
                self.emit(Op::AssertBool, span);
                self.patch_jump(end);
                return;
            }
            BinOpKind::PipeRight | BinOpKind::PipeLeft => {
                if !self.options.pipe_operators {
                    self.error(
                        ErrorKind::ExperimentalFeatureDisabled("pipe-operators"),
                        span,
                    );
                }
                let (f, arg) = if operator == BinOpKind::PipeRight {
                    (rhs, lhs)
                } else {
                    (lhs, rhs)
                };
                self.compile_thunked(&arg, None);
                self.compile_expr(&f);
                self.emit(Op::Call, span);
                return;
            }
            _ => {}
        }
        self.compile_expr(&lhs);
        self.compile_expr(&rhs);
        let op = match operator {
            BinOpKind::Concat => Op::Concat,
            BinOpKind::Update => Op::Update,
            other => match BinOp::from_syntax(other) {
                Some(op) => Op::Binary(op),
                None => {
                    debug_assert!(false, "operator {other:?} reached the opcode table");
                    Op::Binary(BinOp::Equal)
                }
            },
        };
        self.emit(op, span);
    }

    fn compile_select(&mut self, select: &ast::Select, span: Span) {
        if let Some(builtin) = self.builtin_constant(select) {
            return self.emit_constant(builtin, span);
        }
        let (Some(set), Some(path)) = (select.expr(), select.attrpath()) else {
            return self.emit_constant(Value::Null, span);
        };
        self.compile_expr(&set);
        let keys = self.attrpath_keys(&path);
        if let Some(default) = select.default_expr() {
            let n = keys.len() as u32;
            for key in keys {
                self.emit_key(key, span);
            }
            let skip = self.emit_jump(Op::SelectPathOr(n, 0), span);
            self.compile_expr(&default);
            self.patch_jump(skip);
            return;
        }
        for key in keys {
            match key {
                Key::Static(name) => {
                    let idx = self.constant_index(Value::string(name));
                    self.emit(Op::Select(idx), span);
                }
                Key::Dynamic(expr) => {
                    self.compile_expr(&expr);
                    self.emit(Op::Force, span);
                    self.emit(Op::SelectDynamic, span);
                }
            }
        }
    }

    /// Pushes an attribute name (dynamic names are forced).
    pub(super) fn emit_key(&mut self, key: Key, span: Span) {
        match key {
            Key::Static(name) => self.emit_constant(Value::string(name), span),
            Key::Dynamic(expr) => {
                self.compile_expr(&expr);
                self.emit(Op::Force, span);
            }
        }
    }

    /// The keys of an attribute path.
    pub(super) fn attrpath_keys(&mut self, path: &ast::Attrpath) -> Vec<Key> {
        path.attrs().map(|attr| self.attr_key(&attr)).collect()
    }

    pub(super) fn attr_key(&mut self, attr: &ast::Attr) -> Key {
        match attr {
            ast::Attr::Ident(ident) => Key::Static(ident_text(ident)),
            ast::Attr::Str(s) => {
                let parts = s.normalized_parts();
                if parts.iter().all(|p| matches!(p, InterpolPart::Literal(_))) {
                    let mut text = String::new();
                    for part in parts {
                        if let InterpolPart::Literal(l) = part {
                            text.push_str(&l);
                        }
                    }
                    Key::Static(text)
                } else {
                    Key::Dynamic(Expr::Str(s.clone()))
                }
            }
            ast::Attr::Dynamic(d) => match d.expr() {
                Some(Expr::Str(s)) => self.attr_key(&ast::Attr::Str(s)),
                Some(e) => Key::Dynamic(e),
                None => Key::Static(String::new()),
            },
        }
    }

    pub(super) fn compile_lambda(
        &mut self,
        lambda: &ast::Lambda,
        name: Option<String>,
        span: Span,
    ) {
        let (Some(param), Some(body)) = (lambda.param(), lambda.body()) else {
            return self.emit_constant(Value::Null, span);
        };
        match param {
            ast::Param::IdentParam(p) => {
                let arg = p.ident().map(|i| ident_text(&i));
                self.compile_nested(false, name, None, span, |c| {
                    c.ctx().locals.push(super::scope::Local {
                        name: arg,
                        slot: 0,
                        is_with: false,
                    });
                    c.compile_expr(&body);
                });
            }
            ast::Param::Pattern(pattern) => {
                let mut arguments: Vec<(NixString, bool, Option<SourcePos>)> = pattern
                    .pat_entries()
                    .filter_map(|e| {
                        e.ident().map(|i| {
                            let pos = SourcePos::of_span(self.span_of(i.syntax()));
                            (NixString::from(ident_text(&i)), e.default().is_some(), pos)
                        })
                    })
                    .collect();
                arguments.sort_by(|a, b| a.0.cmp(&b.0));
                if let Some(pair) = arguments.windows(2).find(|w| w[0].0 == w[1].0) {
                    let name = pair[0].0.to_string();
                    self.error(
                        ErrorKind::Compile(format!("duplicate formal function argument '{name}'")),
                        span,
                    );
                }
                let formals = Formals {
                    positions: arguments.iter().map(|a| a.2).collect(),
                    arguments: arguments.into_iter().map(|(n, d, _)| (n, d)).collect(),
                    ellipsis: pattern.ellipsis_token().is_some(),
                    span: self.span_of(pattern.syntax()),
                };
                let bind = pattern
                    .pat_bind()
                    .and_then(|b| b.ident())
                    .map(|i| ident_text(&i));
                if let Some(bind) = &bind {
                    if formals
                        .arguments
                        .iter()
                        .any(|(n, _)| n.as_bytes() == bind.as_bytes())
                    {
                        self.error(
                            ErrorKind::Compile(format!(
                                "duplicate formal function argument '{bind}'"
                            )),
                            span,
                        );
                    }
                }
                self.compile_nested(false, name, Some(formals), span, |c| {
                    c.ctx().locals.push(super::scope::Local {
                        name: bind,
                        slot: 0,
                        is_with: false,
                    });
                    c.emit(Op::ValidateFormals, span);
                    let scope = c.compile_formals(&pattern);
                    c.compile_expr(&body);
                    c.close_scope(scope, span);
                });
            }
        }
    }
}

/// The text of an identifier (`or` is a valid identifier too).
/// `e or` (a call of `e` with the variable `or`) as a list element, an
/// argument or the default of a selection: C++ Nix warns that its meaning
/// will change (`or` will become an ordinary name). At the head of a call
/// (`map or [ ]`) or alone in parentheses it keeps its meaning.
fn is_cursed_or(apply: &ast::Apply) -> bool {
    let Some(Expr::Ident(arg)) = apply.argument() else {
        return false;
    };
    if ident_text(&arg) != "or" {
        return false;
    }
    let node = apply.syntax();
    let Some(parent) = node.parent() else {
        return false;
    };
    if let Some(list) = ast::List::cast(parent.clone()) {
        return list.items().any(|item| item.syntax() == node);
    }
    if let Some(outer) = ast::Apply::cast(parent.clone()) {
        return outer.argument().is_some_and(|a| a.syntax() == node);
    }
    if let Some(select) = ast::Select::cast(parent) {
        return select.default_expr().is_some_and(|d| d.syntax() == node);
    }
    false
}

pub(super) fn ident_text(ident: &ast::Ident) -> String {
    ident
        .ident_token()
        .map(|t| t.text().to_string())
        .unwrap_or_else(|| ident.syntax().text().to_string())
}
