//! Literal data compiled as data: a list or a non-recursive set whose
//! elements are, recursively, numbers, strings without interpolation,
//! `true`, `false`, `null`, and such lists and sets (with one static name
//! per binding and no `inherit`) is built once, while compiling, and
//! becomes one constant. Evaluating it copies a reference; its lists and
//! sets are marked as holding nothing to evaluate, so forcing it deeply
//! does not even walk it. The attributes keep the positions the
//! bytecode would give them (the start of their binding), so
//! `unsafeGetAttrPos` and error carets do not change.
//!
//! Which nodes qualify is found in one pass over the tree (children
//! come before their parents), so deciding costs nothing per node.
//! Attribute names are interned, as all names of a program are.
//! `true`, `false` and `null` are names: they qualify only where they
//! resolve to the builtins (`let true = 1; in [ true ]` is not data).
//! What can still fail while building (repeated names, which merge or
//! are errors; NUL bytes in strings) leaves the node to the bytecode,
//! which reports or merges as usual; the nodes on the way to the
//! failure are not tried again.

use super::scope::Resolved;
use super::Compiler;
use crate::syntax::{Ast, AttrKind, Binding, ExprId, NodeKind};
use crate::value::{NixAttrs, NixList, SourcePos, Value};
use codemap::Span;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Const {
    No,
    /// Data without names.
    Pure,
    /// Data if `true`, `false` and `null` are the builtins here.
    WithGlobals,
}

impl Const {
    fn and(self, other: Const) -> Const {
        match (self, other) {
            (Const::No, _) | (_, Const::No) => Const::No,
            (Const::WithGlobals, _) | (_, Const::WithGlobals) => Const::WithGlobals,
            _ => Const::Pure,
        }
    }
}

/// For each node of a tree, whether it is constant data.
pub(crate) struct Constness {
    kinds: Vec<Const>,
}

impl Constness {
    pub(crate) fn of(ast: &Ast) -> Constness {
        let mut kinds = vec![Const::No; ast.nodes().len()];
        for i in 0..kinds.len() {
            let id = ExprId::from_index(i);
            let kind_of = |e: ExprId| kinds.get(e.index()).copied().unwrap_or(Const::No);
            let kind = match *ast.kind(id) {
                NodeKind::Int(_) | NodeKind::Float(_) => Const::Pure,
                NodeKind::Str(parts) if ast.is_literal(parts) => Const::Pure,
                NodeKind::Var => match ast.source_text(ast.span(id)) {
                    "true" | "false" | "null" => Const::WithGlobals,
                    _ => Const::No,
                },
                NodeKind::Negate(operand) => match ast.kind(operand) {
                    NodeKind::Int(_) | NodeKind::Float(_) => Const::Pure,
                    _ => Const::No,
                },
                NodeKind::Paren(inner) => kind_of(inner),
                NodeKind::List(items) => ast
                    .items(items)
                    .iter()
                    .fold(Const::Pure, |acc, &item| acc.and(kind_of(item))),
                NodeKind::AttrSet {
                    rec: false,
                    bindings,
                } => {
                    ast.bindings(bindings)
                        .iter()
                        .fold(Const::Pure, |acc, binding| match *binding {
                            Binding::Value { path, value, .. } => match ast.names(path) {
                                [name] if matches!(name.kind, AttrKind::Static(_)) => {
                                    acc.and(kind_of(value))
                                }
                                _ => Const::No,
                            },
                            Binding::Inherit { .. } => Const::No,
                        })
                }
                _ => Const::No,
            };
            kinds[i] = kind;
        }
        Constness { kinds }
    }

    fn get(&self, id: ExprId) -> Const {
        self.kinds.get(id.index()).copied().unwrap_or(Const::No)
    }

    fn give_up(&mut self, id: ExprId) {
        if let Some(kind) = self.kinds.get_mut(id.index()) {
            *kind = Const::No;
        }
    }
}

impl<'a> Compiler<'a> {
    /// Emits `expr` (a list or a set) as one constant if it is data;
    /// false if it is not, and nothing was emitted.
    pub(super) fn compile_constant(&mut self, expr: ExprId, span: Span) -> bool {
        match self.constants.get(expr) {
            Const::No => return false,
            Const::Pure => {}
            Const::WithGlobals => {
                let builtins_here = [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ]
                .into_iter()
                .all(|(name, expected)| match self.resolve(name) {
                    Resolved::Global(value) => same_scalar(&value, &expected),
                    _ => false,
                });
                if !builtins_here {
                    return false;
                }
            }
        }
        match self.build_constant(expr) {
            Some(value) => {
                self.emit_constant(value, span);
                true
            }
            None => false,
        }
    }

    /// The value of a constant node; `None` (and the node and those
    /// below it on the way to the failure marked as not constant) when
    /// it cannot be built.
    fn build_constant(&mut self, expr: ExprId) -> Option<Value> {
        let value = stacker::maybe_grow(256 * 1024, 8 * 1024 * 1024, || {
            self.build_constant_inner(expr)
        });
        if value.is_none() {
            self.constants.give_up(expr);
        }
        value
    }

    fn build_constant_inner(&mut self, expr: ExprId) -> Option<Value> {
        let ast = self.ast;
        Some(match *ast.kind(expr) {
            NodeKind::Int(i) => Value::Integer(i),
            NodeKind::Float(f) => Value::Float(f),
            NodeKind::Str(parts) => {
                let text = ast.literal_str(parts)?;
                if memchr::memchr(0, text.as_bytes()).is_some() {
                    return None;
                }
                Value::string(text.as_ref())
            }
            NodeKind::Var => match ast.source_text(ast.span(expr)) {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => return None,
            },
            NodeKind::Negate(operand) => match *ast.kind(operand) {
                NodeKind::Int(i) => Value::Integer(0 - i),
                NodeKind::Float(f) => Value::Float(0.0 - f),
                _ => return None,
            },
            NodeKind::Paren(inner) => self.build_constant(inner)?,
            NodeKind::List(items) => {
                let items = ast.items(items);
                let mut values = Vec::with_capacity(items.len());
                for &item in items {
                    values.push(self.build_constant(item)?);
                }
                Value::List(NixList::from(values).mark_forced())
            }
            NodeKind::AttrSet {
                rec: false,
                bindings,
            } => {
                let bindings = ast.bindings(bindings);
                let mut entries = Vec::with_capacity(bindings.len());
                for binding in bindings {
                    let Binding::Value { path, value, span } = *binding else {
                        return None;
                    };
                    let [name] = ast.names(path) else {
                        return None;
                    };
                    let AttrKind::Static(name) = name.kind else {
                        return None;
                    };
                    let value = self.build_constant(value)?;
                    let pos = SourcePos::of_span(self.span_at(span));
                    entries.push((crate::value::intern(ast.text(name)), value, pos));
                }
                NixAttrs::from_unique_with_positions(entries)
                    .ok()
                    .map(|attrs| Value::Attrs(attrs.mark_forced()))?
            }
            _ => return None,
        })
    }
}

/// Whether two scalars (Booleans, null) are the same value.
fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::value::Value;
    use crate::Evaluation;

    fn strict(source: &str) -> Value {
        let result = Evaluation::builder().strict(true).build().evaluate(source);
        match result.value {
            Some(value) => value,
            None => panic!("{source}: {}", result.render_errors(false)),
        }
    }

    fn forced(value: &Value) -> bool {
        match value {
            Value::List(list) => list.is_forced(),
            Value::Attrs(attrs) => attrs.is_forced(),
            _ => false,
        }
    }

    #[test]
    fn constant_data_is_marked_for_deep_forcing_to_skip() {
        let data = strict("{ a = [ 1 { b = \"x\"; } ]; c = null; }");
        assert!(forced(&data));
        let Value::Attrs(attrs) = &data else {
            panic!("not a set");
        };
        let a = attrs.get(b"a").cloned();
        assert!(a.as_ref().is_some_and(forced));
    }

    #[test]
    fn data_with_computed_parts_is_not_marked_and_still_forced() {
        // The outer set holds a thunk; its constant list is marked.
        let value = strict("{ a = 1 + 1; b = [ 1 2 ]; }");
        let Value::Attrs(attrs) = &value else {
            panic!("not a set");
        };
        assert!(!attrs.is_forced());
        assert!(attrs.get(b"b").is_some_and(forced));
        let a = match attrs.get(b"a") {
            Some(Value::Thunk(thunk)) => thunk.value(),
            other => other.cloned(),
        };
        assert!(matches!(a, Some(Value::Integer(2))));
        // Shadowed `true` is no data: the list is built by bytecode.
        let list = strict("let true = 1 + 1; in [ true ]");
        assert!(!forced(&list));
    }
}
