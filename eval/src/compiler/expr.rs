//! Compiling expressions: the dispatch over node kinds, laziness (what
//! needs a thunk, speculation, leaf thunks computed at once), variables,
//! operators, selection, conditionals and `with`. Literals, strings and
//! paths are in `literals.rs`, functions in `functions.rs`, bindings in
//! `bindings.rs`, constant data in `constant.rs`.

use super::{Compiler, MAX_NESTING};
use crate::bytecode::{BinOp, Op};
use crate::errors::ErrorKind;
use crate::syntax::{AttrKind, AttrName, BinaryOp, ExprId, NodeKind, Range};
use crate::value::{SourceLocation, Value};
use codemap::Span;

/// A key of an attribute path: known at compile time, or an expression.
pub(super) enum Key {
    Static(String),
    Dynamic(ExprId),
}

/// The names of a path of static keys; `None` if one key is dynamic.
fn static_names(keys: &[Key]) -> Option<Vec<String>> {
    keys.iter()
        .map(|key| match key {
            Key::Static(name) => Some(name.clone()),
            Key::Dynamic(_) => None,
        })
        .collect()
}

impl Compiler<'_> {
    /// Compiles `expr`, leaving its value (maybe unforced) on the stack.
    pub(super) fn compile_expr(&mut self, expr: ExprId) {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            let span = self.span_of(expr);
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

    /// The expression inside any parentheses.
    pub(super) fn unparen(&self, mut expr: ExprId) -> ExprId {
        while let NodeKind::Paren(inner) = *self.ast.kind(expr) {
            expr = inner;
        }
        expr
    }

    /// Compiles `expr` so that nothing is evaluated yet: cheap forms
    /// directly, everything else as a thunk.
    pub(super) fn compile_thunked(&mut self, expr: ExprId, name: Option<String>) {
        self.compile_lazily(expr, name, true)
    }

    /// Compiles `expr` lazily; with `speculate`, cheap pure expressions
    /// are computed at once when their operands are already evaluated.
    pub(super) fn compile_lazily(&mut self, expr: ExprId, name: Option<String>, speculate: bool) {
        let expr = self.unparen(expr);
        let span = self.span_of(expr);
        if self.needs_thunk(expr) {
            let speculation = if speculate {
                self.emit_speculation(expr, span)
            } else {
                None
            };
            self.compile_nested(true, &[expr], name, None, span, |c| c.compile_expr(expr));
            if speculate {
                self.compute_leaf_at_once();
            }
            if let Some(jump) = speculation {
                self.patch_jump(jump);
            }
            return;
        }
        match *self.ast.kind(expr) {
            NodeKind::Lambda { param, body } => {
                self.compile_lambda(self.ast.param(param), body, name, span)
            }
            _ => self.compile_expr(expr),
        }
    }

    /// Compiles `expr` lazily into the placeholder in local `slot`.
    pub(super) fn compile_thunked_into(&mut self, expr: ExprId, name: Option<String>, slot: u32) {
        let span = self.span_of(expr);
        if self.needs_thunk(self.unparen(expr)) {
            self.compile_nested_into(true, Some(slot), &[expr], name, None, span, |c| {
                c.compile_expr(expr)
            });
        } else {
            self.compile_thunked(expr, name);
            self.emit(Op::Finalise(slot), span);
        }
    }

    /// Whether evaluating `expr` may do work, so that binding it lazily
    /// needs a thunk. Literals, functions, lists, plain sets and static
    /// variables are built or copied at once without evaluating anything.
    fn needs_thunk(&mut self, expr: ExprId) -> bool {
        match *self.ast.kind(expr) {
            NodeKind::Int(_)
            | NodeKind::Float(_)
            | NodeKind::Uri
            | NodeKind::List(_)
            | NodeKind::Lambda { .. } => false,
            NodeKind::Paren(inner) => self.needs_thunk(inner),
            NodeKind::Str(parts) => !self.ast.is_literal(parts),
            NodeKind::Var => {
                let name = self.ast.source_text(self.ast.span(expr));
                matches!(
                    self.resolve(name),
                    super::scope::Resolved::Dynamic(_) | super::scope::Resolved::Undefined
                )
            }
            NodeKind::AttrSet { rec, bindings } => rec || !self.is_plain_attrset(bindings),
            // A builtin function still gets a cell of its own (see
            // `fresh_cell`): `[ builtins.map ] == [ builtins.map ]` is false.
            NodeKind::Select { set, path, default } => !matches!(
                self.builtin_constant(set, path, default),
                Some(Value::Bool(_) | Value::Null)
            ),
            _ => true,
        }
    }

    /// `builtins.name` where `builtins` is the global set and has `name`:
    /// the builtin itself, known at compile time.
    fn builtin_constant(
        &mut self,
        set: ExprId,
        path: Range<AttrName>,
        default: Option<ExprId>,
    ) -> Option<Value> {
        if default.is_some() || *self.ast.kind(set) != NodeKind::Var {
            return None;
        }
        if self.ast.source_text(self.ast.span(set)) != "builtins" {
            return None;
        }
        let [AttrName {
            kind: AttrKind::Static(name),
            ..
        }] = self.ast.names(path)
        else {
            return None;
        };
        let name = self.ast.text(*name);
        let super::scope::Resolved::Global(Value::Attrs(builtins)) = self.resolve("builtins")
        else {
            return None;
        };
        match builtins.get(name.as_bytes()) {
            Some(value @ (Value::Builtin(_) | Value::Bool(_) | Value::Null)) => Some(value.clone()),
            _ => None,
        }
    }

    /// For a lazily bound expression that is pure and cheap (arithmetic or
    /// comparison of variables and numbers, selection of constant keys from
    /// a variable), emits code computing it at once when its operands are
    /// already evaluated; the thunk is created only when that fails.
    fn emit_speculation(&mut self, expr: ExprId, span: Span) -> Option<usize> {
        match *self.ast.kind(expr) {
            NodeKind::Binary { op, lhs, rhs } => {
                let op = BinOp::from_syntax(op)?;
                if !self.is_simple_operand(lhs) || !self.is_simple_operand(rhs) {
                    return None;
                }
                self.compile_expr(lhs);
                self.compile_expr(rhs);
                Some(self.emit_jump(Op::EagerOperator(op, 0), span))
            }
            NodeKind::Select {
                set,
                path,
                default: None,
            } => {
                if *self.ast.kind(set) != NodeKind::Var || !self.is_simple_operand(set) {
                    return None;
                }
                let mut names = Vec::new();
                for name in self.ast.names(path) {
                    match name.kind {
                        AttrKind::Static(text) => names.push(self.ast.text(text).to_string()),
                        AttrKind::Dynamic(_) => return None,
                    }
                }
                self.compile_expr(set);
                let path = self.key_path(names);
                Some(self.emit_jump(Op::EagerSelect(path, 0), span))
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
    fn is_simple_operand(&mut self, expr: ExprId) -> bool {
        use super::scope::Resolved;
        match *self.ast.kind(expr) {
            NodeKind::Var => {
                let name = self.ast.source_text(self.ast.span(expr));
                matches!(
                    self.resolve(name),
                    Resolved::Local(_) | Resolved::Upvalue(_) | Resolved::Global(_)
                )
            }
            NodeKind::Int(_) | NodeKind::Float(_) => true,
            _ => false,
        }
    }

    fn compile_expr_inner(&mut self, expr: ExprId) {
        let span = self.span_of(expr);
        match *self.ast.kind(expr) {
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Uri => {
                self.compile_literal(expr, span)
            }
            NodeKind::Str(parts) => self.compile_string(parts, span),
            NodeKind::Path(kind, parts) => self.compile_path(kind, parts, span),
            NodeKind::SearchPath => self.compile_search_path(expr, span),
            NodeKind::Var => {
                let name = self.ast.source_text(self.ast.span(expr));
                self.emit_variable(name, span);
            }
            NodeKind::Paren(inner) => self.compile_expr(inner),
            NodeKind::Apply { func, arg, .. } => {
                self.warn_cursed_or(arg);
                self.compile_thunked(arg, None);
                self.compile_expr(func);
                self.emit(Op::Call, span);
            }
            NodeKind::Assert { cond, body } => {
                self.compile_expr(cond);
                let text = self.ast.source_text(self.ast.span(cond));
                let text = self.constant_index(Value::string(text));
                self.emit(Op::Assert(text), self.span_of(cond));
                self.compile_expr(body);
            }
            NodeKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.compile_expr(cond);
                let to_else = self.emit_jump(Op::JumpIfFalse(0), self.span_of(cond));
                self.compile_expr(then);
                let to_end = self.emit_jump(Op::Jump(0), span);
                self.patch_jump(to_else);
                self.ctx().height -= 1;
                self.compile_expr(otherwise);
                self.patch_jump(to_end);
            }
            NodeKind::Select { set, path, default } => {
                self.compile_select(set, path, default, span)
            }
            NodeKind::HasAttr { set, path } => {
                self.compile_expr(set);
                let keys = self.attrpath_keys(path);
                let n = keys.len() as u32;
                match static_names(&keys) {
                    Some(names) => {
                        let path = self.key_path(names);
                        self.emit(Op::HasStaticAttrPath(path), span);
                    }
                    None => {
                        for key in keys {
                            self.emit_key(key, span);
                        }
                        self.emit(Op::HasAttrPath(n), span);
                    }
                }
            }
            NodeKind::List(items) => {
                if self.compile_constant(expr, span) {
                    return;
                }
                let mut n = 0;
                for &item in self.ast.items(items) {
                    self.warn_cursed_or(item);
                    // No speculation: list elements stay thunks, as
                    // `trace` and lazy printing show them in Nix.
                    self.compile_lazily(item, None, false);
                    n += 1;
                }
                self.emit(Op::List(n), span);
            }
            NodeKind::Binary { op, lhs, rhs } => self.compile_binop(op, lhs, rhs, span),
            NodeKind::Not(operand) => {
                self.compile_expr(operand);
                self.emit(Op::Invert, span);
            }
            NodeKind::Negate(operand) => self.compile_negation(operand, span),
            NodeKind::Lambda { param, body } => {
                self.compile_lambda(self.ast.param(param), body, None, span)
            }
            NodeKind::Let { bindings, body } => self.compile_let(bindings, body, span),
            NodeKind::LegacyLet(bindings) => self.compile_legacy_let(bindings, span),
            NodeKind::AttrSet { rec, bindings } => {
                if !rec && self.compile_constant(expr, span) {
                    return;
                }
                self.compile_attrset(rec, bindings, span)
            }
            NodeKind::With { namespace, body } => {
                self.compile_thunked(namespace, None);
                let name = self.synthetic_name("with");
                self.declare_top(Some(name), true);
                self.compile_expr(body);
                self.close_scope(1, span);
            }
            NodeKind::CurPos => {
                let location = SourceLocation::in_file(&self.file, span.low());
                self.emit_constant(location.to_value(), span);
            }
            NodeKind::Error => {
                self.error(ErrorKind::Parse("syntax error".into()), span);
                self.emit_constant(Value::Null, span);
            }
        }
    }

    fn compile_binop(&mut self, operator: BinaryOp, lhs: ExprId, rhs: ExprId, span: Span) {
        match operator {
            BinaryOp::And | BinaryOp::Or | BinaryOp::Implication => {
                self.compile_expr(lhs);
                if operator == BinaryOp::Implication {
                    self.emit(Op::Invert, span);
                }
                let jump = if operator == BinaryOp::And {
                    Op::JumpIfFalseKeep(0)
                } else {
                    Op::JumpIfTrueKeep(0)
                };
                let end = self.emit_jump(jump, span);
                self.compile_expr(rhs);
                self.emit(Op::AssertBool, span);
                self.patch_jump(end);
                return;
            }
            BinaryOp::PipeRight | BinaryOp::PipeLeft => {
                if !self.options.pipe_operators {
                    self.error(
                        ErrorKind::ExperimentalFeatureDisabled("pipe-operators"),
                        span,
                    );
                }
                let (f, arg) = if operator == BinaryOp::PipeRight {
                    (rhs, lhs)
                } else {
                    (lhs, rhs)
                };
                self.compile_thunked(arg, None);
                self.compile_expr(f);
                self.emit(Op::Call, span);
                return;
            }
            _ => {}
        }
        self.compile_expr(lhs);
        self.compile_expr(rhs);
        let op = match operator {
            BinaryOp::Concat => Op::Concat,
            BinaryOp::Update => Op::Update,
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

    fn compile_select(
        &mut self,
        set: ExprId,
        path: Range<AttrName>,
        default: Option<ExprId>,
        span: Span,
    ) {
        if let Some(builtin) = self.builtin_constant(set, path, default) {
            return self.emit_constant(builtin, span);
        }
        self.compile_expr(set);
        let keys = self.attrpath_keys(path);
        if let Some(default) = default {
            let n = keys.len() as u32;
            let skip = match static_names(&keys) {
                Some(names) => {
                    let path = self.key_path(names);
                    self.emit_jump(Op::SelectStaticPathOr(path, 0), span)
                }
                None => {
                    for key in keys {
                        self.emit_key(key, span);
                    }
                    self.emit_jump(Op::SelectPathOr(n, 0), span)
                }
            };
            self.warn_cursed_or(default);
            self.compile_expr(default);
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
                    self.compile_expr(expr);
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
                self.compile_expr(expr);
                self.emit(Op::Force, span);
            }
        }
    }

    /// The index of a new entry of the chunk's key paths.
    fn key_path(&mut self, names: Vec<String>) -> u32 {
        let path = names
            .iter()
            .map(|name| crate::value::intern(name))
            .collect();
        let chunk = &mut self.ctx().chunk;
        chunk.key_paths.push(path);
        (chunk.key_paths.len() - 1) as u32
    }

    /// The keys of an attribute path.
    pub(super) fn attrpath_keys(&mut self, path: Range<AttrName>) -> Vec<Key> {
        self.ast
            .names(path)
            .iter()
            .map(|name| self.attr_key(name))
            .collect()
    }

    pub(super) fn attr_key(&self, name: &AttrName) -> Key {
        match name.kind {
            AttrKind::Static(text) => Key::Static(self.ast.text(text).to_string()),
            AttrKind::Dynamic(expr) => Key::Dynamic(expr),
        }
    }
}
