//! Compiling bindings: `let`, attribute sets (plain and `rec`), `inherit`,
//! nested attribute paths merged as C++ Nix merges them, and the formals
//! of functions.
//!
//! Recursive scopes compile in two passes. Pass one pushes one stack slot
//! per binding: constants and plain `inherit`s (which see only the outer
//! scope) directly, everything else as an empty placeholder. Then the
//! names are declared, and pass two compiles each remaining value, which
//! may capture any binding of the scope, and fills its placeholder.

use super::expr::Key;
use super::scope::Resolved;
use super::Compiler;
use crate::bytecode::{AttrTable, Op};
use crate::errors::ErrorKind;
use crate::syntax::{Ast, AttrKind, Binding as Entry, ExprId, NodeKind, Range};
use crate::value::{SourcePos, Value};
use codemap::Span;
use std::collections::HashMap;

/// The value side of one binding.
enum Binding {
    Expr(ExprId),
    /// `inherit name;`: the name in the enclosing scope.
    Inherit,
    /// `inherit (source) name;`: index into the set's sources.
    InheritFrom(usize),
    /// A set made of nested attribute paths (`a.b = 1; a.c = 2;`).
    Nested(Nested),
}

/// The bindings of one attribute set, `let` or nested path.
#[derive(Default)]
struct Nested {
    statics: Vec<(String, Binding, Span)>,
    /// Position of each static name in `statics`.
    index: HashMap<String, usize>,
    dynamics: Vec<(ExprId, Binding, Span)>,
    /// The `inherit (source)` expressions.
    sources: Vec<ExprId>,
    rec: bool,
}

impl Nested {
    fn push_static(&mut self, name: String, binding: Binding, span: Span) {
        self.index.insert(name.clone(), self.statics.len());
        self.statics.push((name, binding, span));
    }
}

impl Compiler<'_> {
    fn collect_entries(&mut self, bindings: Range<Entry>, into: &mut Nested) {
        for entry in self.ast.bindings(bindings) {
            match *entry {
                Entry::Inherit { from, names, .. } => self.collect_inherit(from, names, into),
                Entry::Value { path, value, span } => {
                    let span = self.span_at(span);
                    let keys = self.attrpath_keys(path);
                    self.insert_path(into, keys, value, span, String::new());
                }
            }
        }
    }

    fn collect_inherit(
        &mut self,
        from: Option<ExprId>,
        names: Range<crate::syntax::AttrName>,
        into: &mut Nested,
    ) {
        let source = from.map(|expr| {
            into.sources.push(expr);
            into.sources.len() - 1
        });
        for attr in self.ast.names(names) {
            let span = self.span_at(attr.span);
            // The parser lets only static names through.
            let AttrKind::Static(name) = attr.kind else {
                continue;
            };
            let name = self.ast.text(name).to_string();
            if into.index.contains_key(&name) {
                self.error(ErrorKind::DuplicateAttribute(name), span);
                continue;
            }
            let binding = match source {
                Some(idx) => Binding::InheritFrom(idx),
                None => Binding::Inherit,
            };
            into.push_static(name, binding, span);
        }
    }

    /// Adds `keys = value` to `into`, merging nested sets.
    fn insert_path(
        &mut self,
        into: &mut Nested,
        mut keys: Vec<Key>,
        value: ExprId,
        span: Span,
        prefix: String,
    ) {
        if keys.is_empty() {
            return;
        }
        let first = keys.remove(0);
        let rest = keys;
        let name = match first {
            Key::Dynamic(key) => {
                let binding = if rest.is_empty() {
                    Binding::Expr(value)
                } else {
                    let mut nested = Nested::default();
                    self.insert_path(&mut nested, rest, value, span, prefix);
                    Binding::Nested(nested)
                };
                into.dynamics.push((key, binding, span));
                return;
            }
            Key::Static(name) => name,
        };
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let Some(index) = into.index.get(&name).copied() else {
            let binding = if rest.is_empty() {
                Binding::Expr(value)
            } else {
                let mut nested = Nested::default();
                self.insert_path(&mut nested, rest, value, span, path);
                Binding::Nested(nested)
            };
            into.push_static(name, binding, span);
            return;
        };
        let value_set = self.set_literal(value);
        // Only sets (written as nested paths or `{ }` literals) merge.
        if rest.is_empty() && value_set.is_none() {
            self.error(ErrorKind::DuplicateAttribute(path), span);
            return;
        }
        if !self.make_mergeable(&mut into.statics[index].1) {
            self.error(ErrorKind::DuplicateAttribute(path), span);
            return;
        }
        let mut existing = std::mem::replace(&mut into.statics[index].1, Binding::Inherit);
        if let Binding::Nested(nested) = &mut existing {
            if rest.is_empty() {
                if let Some((rec, bindings)) = value_set {
                    nested.rec |= rec;
                    self.collect_entries(bindings, nested);
                }
            } else {
                self.insert_path(nested, rest, value, span, path);
            }
        }
        into.statics[index].1 = existing;
    }

    /// The recursiveness and bindings of a set literal (in parentheses or
    /// not), which merges with nested attribute paths as in C++ Nix.
    fn set_literal(&self, expr: ExprId) -> Option<(bool, Range<Entry>)> {
        match *self.ast.kind(self.unparen(expr)) {
            NodeKind::AttrSet { rec, bindings } => Some((rec, bindings)),
            _ => None,
        }
    }

    /// Turns a `{ }` literal binding into a nested set; false if the
    /// binding cannot take more attributes.
    fn make_mergeable(&mut self, binding: &mut Binding) -> bool {
        match binding {
            Binding::Nested(_) => true,
            Binding::Expr(expr) => {
                let Some((rec, bindings)) = self.set_literal(*expr) else {
                    return false;
                };
                let mut nested = Nested {
                    rec,
                    ..Nested::default()
                };
                self.collect_entries(bindings, &mut nested);
                *binding = Binding::Nested(nested);
                true
            }
            _ => false,
        }
    }

    /// Whether a set literal can be built eagerly (nothing forced): no
    /// name of its attribute paths is dynamic.
    pub(super) fn is_plain_attrset(&self, bindings: Range<Entry>) -> bool {
        self.ast
            .bindings(bindings)
            .iter()
            .all(|entry| match *entry {
                Entry::Value { path, .. } => self
                    .ast
                    .names(path)
                    .iter()
                    .all(|name| matches!(name.kind, AttrKind::Static(_))),
                Entry::Inherit { .. } => true,
            })
    }

    pub(super) fn compile_attrset(&mut self, rec: bool, bindings: Range<Entry>, span: Span) {
        let mut nested = Nested {
            rec,
            ..Nested::default()
        };
        self.collect_entries(bindings, &mut nested);
        self.compile_set(nested, span);
    }

    pub(super) fn compile_let(&mut self, bindings: Range<Entry>, body: ExprId, span: Span) {
        let mut nested = Nested::default();
        self.collect_entries(bindings, &mut nested);
        for (_, _, key_span) in &nested.dynamics {
            self.error(
                ErrorKind::Compile("dynamic attributes not allowed in let".into()),
                *key_span,
            );
        }
        let count = self.compile_recursive_scope(&mut nested, false);
        self.compile_expr(body);
        self.close_scope(count, span);
    }

    pub(super) fn compile_legacy_let(&mut self, bindings: Range<Entry>, span: Span) {
        let mut nested = Nested {
            rec: true,
            ..Nested::default()
        };
        self.collect_entries(bindings, &mut nested);
        self.compile_set(nested, span);
        let body = self.constant_index(Value::string("body"));
        self.emit(Op::Select(body), span);
    }

    /// Emits the construction of a set.
    fn compile_set(&mut self, mut nested: Nested, span: Span) {
        let overrides = nested.rec && nested.statics.iter().any(|(n, _, _)| n == "__overrides");
        let scope_size = if nested.rec {
            let size = self.compile_recursive_scope(&mut nested, overrides);
            if overrides {
                self.emit_overrides(&nested, span);
            }
            size
        } else {
            let sources = std::mem::take(&mut nested.sources);
            for source in &sources {
                self.compile_thunked(*source, None);
                let name = self.synthetic_name("inherit");
                self.declare_top(Some(name), false);
            }
            sources.len()
        };
        let first_source_slot = self.ctx().locals.len() - scope_size;
        let mut count = 0;
        let mut positions = Vec::new();
        // Only static keys, all distinct: the keys stay in the table.
        let static_names: Vec<String> = nested.statics.iter().map(|(n, _, _)| n.clone()).collect();
        let key_order = if nested.dynamics.is_empty() {
            key_order(&static_names)
        } else {
            None
        };
        for (name, binding, key_span) in std::mem::take(&mut nested.statics) {
            positions.push(SourcePos::of_span(key_span));
            if key_order.is_none() {
                self.emit_constant(Value::string(name.as_str()), key_span);
            }
            if nested.rec {
                // The value is the scope's local of the same name.
                self.emit_static_lookup(&name, key_span);
            } else {
                self.compile_binding(binding, &name, key_span, first_source_slot);
            }
            count += 1;
        }
        for (key, binding, key_span) in std::mem::take(&mut nested.dynamics) {
            positions.push(SourcePos::of_span(key_span));
            self.compile_expr(key);
            self.emit(Op::AttrName, key_span);
            self.compile_binding(binding, "", key_span, first_source_slot);
            count += 1;
        }
        let chunk = &mut self.ctx().chunk;
        let table = chunk.attr_tables.len() as u32;
        let static_keys = key_order
            .iter()
            .flat_map(|order| order.iter())
            .map(|&i| (crate::value::intern(&static_names[i as usize]), i));
        chunk.attr_tables.push(AttrTable {
            positions: positions.into_boxed_slice(),
            static_keys: static_keys.collect(),
        });
        if key_order.is_some() {
            self.emit(Op::StaticAttrs(count, table), span);
        } else {
            self.emit(Op::Attrs(count, table), span);
        }
        if overrides {
            // Attributes only `__overrides` has are added too.
            self.emit_static_lookup("__overrides", span);
            self.emit(Op::Update, span);
        }
        self.close_scope(scope_size, span);
    }

    /// Fills the bindings that `__overrides` names with its values.
    fn emit_overrides(&mut self, nested: &Nested, span: Span) {
        let mut slots = Vec::new();
        let mut overrides_slot = 0;
        for (name, _, _) in &nested.statics {
            let Resolved::Local(slot) = self.resolve(name) else {
                continue;
            };
            if name == "__overrides" {
                overrides_slot = slot;
            } else {
                slots.push((
                    crate::value::NixString::from(name.as_str()),
                    Value::Integer(slot as i64),
                ));
            }
        }
        let table = self.constant_index(Value::Attrs(slots.into_iter().collect()));
        self.emit(Op::Overrides(overrides_slot, table), span);
    }

    /// Pushes one binding's value without evaluating anything.
    fn compile_binding(
        &mut self,
        binding: Binding,
        name: &str,
        span: Span,
        first_source_local: usize,
    ) {
        let binding_name = if name.is_empty() {
            None
        } else {
            Some(name.to_string())
        };
        match binding {
            Binding::Expr(expr) => self.compile_thunked(expr, binding_name),
            Binding::Inherit => self.compile_inherited(name, span),
            Binding::InheritFrom(source) => {
                let source_name = self.ctx().locals[first_source_local + source]
                    .name
                    .clone()
                    .unwrap_or_default();
                let name = name.to_string();
                self.compile_nested(true, &[], binding_name, None, span, move |c| {
                    c.emit_static_lookup(&source_name, span);
                    let idx = c.constant_index(Value::string(name));
                    c.emit(Op::Select(idx), span);
                });
            }
            Binding::Nested(nested) => {
                if nested.dynamics.is_empty() && !nested.rec {
                    self.compile_set(nested, span);
                } else {
                    self.compile_nested(true, &[], binding_name, None, span, move |c| {
                        c.compile_set(nested, span)
                    });
                }
            }
        }
    }

    /// `inherit name;`: a copy of a static binding, or a thunk for `with`.
    fn compile_inherited(&mut self, name: &str, span: Span) {
        match self.resolve(name) {
            Resolved::Dynamic(_) => {
                let name = name.to_string();
                self.compile_nested(true, &[], None, None, span, move |c| {
                    c.emit_variable(&name, span)
                });
            }
            _ => self.emit_static_lookup(name, span),
        }
    }

    /// Pushes and declares the bindings of a recursive scope (and the
    /// `inherit (source)` expressions, as hidden locals); returns how many
    /// locals it declared.
    /// With `all_placeholders`, every binding gets a placeholder (so that
    /// `__overrides` can replace any of them).
    fn compile_recursive_scope(&mut self, nested: &mut Nested, all_placeholders: bool) -> usize {
        let first_local = self.ctx().locals.len();
        let sources = std::mem::take(&mut nested.sources);
        // Pass one: a slot per source and per binding. The sources are
        // evaluated in the scope, so they are filled in pass two.
        for source in &sources {
            let span = self.span_of(*source);
            self.emit(Op::Placeholder, span);
            let name = self.synthetic_name("inherit");
            self.declare_top(Some(name), false);
        }
        // A binding that refers to no binding at or after its own position
        // is compiled in order, without a placeholder.
        let positions: HashMap<&str, usize> = nested
            .statics
            .iter()
            .enumerate()
            .map(|(i, (name, _, _))| (name.as_str(), i))
            .collect();
        let mut in_order = vec![false; nested.statics.len()];
        if !all_placeholders {
            for (i, (_, binding, _)) in nested.statics.iter().enumerate() {
                in_order[i] = !refers_to_any(self.ast, binding, &|name| {
                    positions.get(name).is_some_and(|&j| j >= i)
                });
            }
        }
        drop(positions);
        let mut needs_filling = Vec::new();
        for (i, entry) in nested.statics.iter_mut().enumerate() {
            let (name, binding, span) =
                std::mem::replace(entry, (String::new(), Binding::Inherit, self.file.span));
            let rest = match binding {
                // A plain `inherit` sees only the enclosing scope.
                Binding::Inherit => {
                    self.compile_inherited(&name, span);
                    Binding::Inherit
                }
                Binding::Expr(expr) if !all_placeholders && is_constant(self.ast, expr) => {
                    self.compile_expr(expr);
                    Binding::Inherit
                }
                binding if in_order[i] => {
                    self.compile_binding(binding, &name, span, first_local);
                    Binding::Inherit
                }
                binding => {
                    self.emit(Op::Placeholder, span);
                    needs_filling.push(i);
                    binding
                }
            };
            self.declare_top(Some(name.clone()), false);
            *entry = (name, rest, span);
        }
        // Pass two: fill in the placeholders.
        for (i, source) in sources.iter().enumerate() {
            let slot = self.ctx().locals[first_local + i].slot;
            self.compile_thunked_into(*source, None, slot);
        }
        for i in needs_filling {
            let (name, binding, span) = std::mem::replace(
                &mut nested.statics[i],
                (String::new(), Binding::Inherit, self.file.span),
            );
            let slot = self.ctx().locals[first_local + sources.len() + i].slot;
            match binding {
                Binding::Expr(expr) => self.compile_thunked_into(expr, Some(name.clone()), slot),
                other => {
                    self.compile_binding(other, &name, span, first_local);
                    self.emit(Op::Finalise(slot), span);
                }
            }
            nested.statics[i] = (name, Binding::Inherit, span);
        }
        sources.len() + nested.statics.len()
    }
}

/// Whether any variable in `binding` satisfies `matches` (an
/// over-approximation: names bound in nested scopes count too).
fn refers_to_any(ast: &Ast, binding: &Binding, matches: &dyn Fn(&str) -> bool) -> bool {
    match binding {
        Binding::Expr(expr) => expr_refers(ast, *expr, matches),
        Binding::Inherit | Binding::InheritFrom(_) => false,
        Binding::Nested(nested) => {
            nested
                .statics
                .iter()
                .any(|(_, b, _)| refers_to_any(ast, b, matches))
                || nested.dynamics.iter().any(|(key, b, _)| {
                    expr_refers(ast, *key, matches) || refers_to_any(ast, b, matches)
                })
                || nested
                    .sources
                    .iter()
                    .any(|source| expr_refers(ast, *source, matches))
        }
    }
}

/// Whether a variable below `root`, or a name a plain `inherit` below it
/// takes from its scope, satisfies `matches`. Walks the tree with a work
/// list, not recursively.
fn expr_refers(ast: &Ast, root: ExprId, matches: &dyn Fn(&str) -> bool) -> bool {
    let mut unbounded = usize::MAX;
    refers_within(ast, root, matches, &mut unbounded)
}

/// [`expr_refers`], looking at no more than `budget` nodes (what it looks
/// at is taken off): `true` as well when the budget runs out first.
pub(super) fn refers_within(
    ast: &Ast,
    root: ExprId,
    matches: &dyn Fn(&str) -> bool,
    budget: &mut usize,
) -> bool {
    let mut work = vec![root];
    while let Some(id) = work.pop() {
        if *budget == 0 {
            return true;
        }
        *budget -= 1;
        let bindings = match *ast.kind(id) {
            NodeKind::Var => {
                if matches(ast.source_text(ast.span(id))) {
                    return true;
                }
                continue;
            }
            NodeKind::AttrSet { bindings, .. }
            | NodeKind::Let { bindings, .. }
            | NodeKind::LegacyLet(bindings) => Some(bindings),
            _ => None,
        };
        for entry in bindings.map_or(&[][..], |b| ast.bindings(b)) {
            if let Entry::Inherit {
                from: None, names, ..
            } = *entry
            {
                for name in ast.names(names) {
                    if let AttrKind::Static(text) = name.kind {
                        if matches(ast.text(text)) {
                            return true;
                        }
                    }
                }
            }
        }
        ast.for_each_child(id, |child| work.push(child));
    }
    false
}

/// Literals whose value needs no code to run.
fn is_constant(ast: &Ast, expr: ExprId) -> bool {
    match *ast.kind(expr) {
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Uri => true,
        NodeKind::Str(parts) => ast.is_literal(parts),
        NodeKind::Paren(inner) => is_constant(ast, inner),
        _ => false,
    }
}

/// The indices of `names` in the order of their bytes, if no two are equal.
fn key_order(names: &[String]) -> Option<Box<[u32]>> {
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|a, b| {
        names[*a as usize]
            .as_bytes()
            .cmp(names[*b as usize].as_bytes())
    });
    let distinct = order
        .windows(2)
        .all(|w| names[w[0] as usize] != names[w[1] as usize]);
    distinct.then(|| order.into_boxed_slice())
}
