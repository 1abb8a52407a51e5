//! A syntax tree as an S-expression, normalised so that trees from
//! another parser can be rendered alike and compared (the differential
//! test against rnix): adjacent literal pieces of strings are joined and
//! empty ones dropped, static attribute names are quoted strings
//! however written, numbers are written as Rust writes them.
//!
//! `(int 1)`, `(float 0.5)`, `(uri "a:b")`, `(str "a" (interp E))`,
//! `(path-rel "./a/" (interp E))`, `(spath "<p>")`, `(var x)`,
//! `(curpos)`, `(select E ("a" (dyn E)) D)`, `(has E ("a"))`,
//! `(apply F A)`, `(not E)`, `(neg E)`, `(op "+" L R)`, `(if C T E)`,
//! `(assert C B)`, `(with N B)`, `(let (BINDING...) B)`,
//! `(legacy-let BINDING...)`, `(set BINDING...)`, `(rec-set ...)`,
//! `(list E...)`, `(lambda x B)`,
//! `(lambda (pattern (x (y D)) ... @z) B)`, `(paren E)`, `(error)`;
//! a binding is `(= ("a" "b") E)` or `(inherit (from E) "a" "b")`.

use super::ast::{
    Ast, AttrKind, AttrName, Binding, ExprId, NodeKind, Param, Part, PathKind, Range,
};

/// Renders the tree below `root`.
pub fn render(ast: &Ast, root: ExprId) -> String {
    let mut out = String::new();
    expr(ast, root, &mut out);
    out
}

/// A string as a quoted literal.
pub fn quote(text: &str) -> String {
    format!("{text:?}")
}

fn expr(ast: &Ast, id: ExprId, out: &mut String) {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || expr_inner(ast, id, out))
}

fn expr_inner(ast: &Ast, id: ExprId, out: &mut String) {
    let text = |id: ExprId| ast.source_text(ast.span(id));
    match *ast.kind(id) {
        NodeKind::Int(i) => out.push_str(&format!("(int {i})")),
        NodeKind::Float(f) => out.push_str(&format!("(float {f:?})")),
        NodeKind::Uri => out.push_str(&format!("(uri {})", quote(text(id)))),
        NodeKind::Str(parts) => {
            out.push_str("(str");
            pieces(ast, parts, out);
            out.push(')');
        }
        NodeKind::Path(kind, parts) => {
            out.push_str(match kind {
                PathKind::Absolute => "(path-abs",
                PathKind::Relative => "(path-rel",
                PathKind::Home => "(path-home",
            });
            pieces(ast, parts, out);
            out.push(')');
        }
        NodeKind::SearchPath => out.push_str(&format!("(spath {})", quote(text(id)))),
        NodeKind::Var => out.push_str(&format!("(var {})", text(id))),
        NodeKind::CurPos => out.push_str("(curpos)"),
        NodeKind::Select { set, path, default } => {
            out.push_str("(select ");
            expr(ast, set, out);
            out.push(' ');
            attr_path(ast, path, out);
            if let Some(default) = default {
                out.push(' ');
                expr(ast, default, out);
            }
            out.push(')');
        }
        NodeKind::HasAttr { set, path } => {
            out.push_str("(has ");
            expr(ast, set, out);
            out.push(' ');
            attr_path(ast, path, out);
            out.push(')');
        }
        NodeKind::Apply { func, arg, .. } => list(ast, "apply", &[func, arg], out),
        NodeKind::Not(e) => list(ast, "not", &[e], out),
        NodeKind::Negate(e) => list(ast, "neg", &[e], out),
        NodeKind::Binary { op, lhs, rhs } => {
            out.push_str(&format!("(op {} ", quote(op.symbol())));
            expr(ast, lhs, out);
            out.push(' ');
            expr(ast, rhs, out);
            out.push(')');
        }
        NodeKind::If {
            cond,
            then,
            otherwise,
        } => list(ast, "if", &[cond, then, otherwise], out),
        NodeKind::Assert { cond, body } => list(ast, "assert", &[cond, body], out),
        NodeKind::With { namespace, body } => list(ast, "with", &[namespace, body], out),
        NodeKind::Let { bindings: b, body } => {
            out.push_str("(let (");
            bindings(ast, b, out);
            out.push_str(") ");
            expr(ast, body, out);
            out.push(')');
        }
        NodeKind::LegacyLet(b) => {
            out.push_str("(legacy-let");
            if !b.is_empty() {
                out.push(' ');
            }
            bindings(ast, b, out);
            out.push(')');
        }
        NodeKind::AttrSet { rec, bindings: b } => {
            out.push_str(if rec { "(rec-set" } else { "(set" });
            if !b.is_empty() {
                out.push(' ');
            }
            bindings(ast, b, out);
            out.push(')');
        }
        NodeKind::List(items) => list(ast, "list", ast.items(items), out),
        NodeKind::Lambda { param, body } => {
            out.push_str("(lambda ");
            match ast.param(param) {
                Param::Ident(name) => out.push_str(ast.source_text(name)),
                Param::Pattern {
                    formals,
                    ellipsis,
                    bind,
                    ..
                } => {
                    out.push_str("(pattern (");
                    for (i, formal) in ast.formals(formals).iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        match formal.default {
                            Some(default) => {
                                out.push('(');
                                out.push_str(ast.source_text(formal.name));
                                out.push(' ');
                                expr(ast, default, out);
                                out.push(')');
                            }
                            None => out.push_str(ast.source_text(formal.name)),
                        }
                    }
                    out.push(')');
                    if ellipsis {
                        out.push_str(" ...");
                    }
                    if let Some(bind) = bind {
                        out.push_str(" @");
                        out.push_str(ast.source_text(bind));
                    }
                    out.push(')');
                }
            }
            out.push(' ');
            expr(ast, body, out);
            out.push(')');
        }
        NodeKind::Paren(e) => list(ast, "paren", &[e], out),
        NodeKind::Error => out.push_str("(error)"),
    }
}

fn list(ast: &Ast, head: &str, items: &[ExprId], out: &mut String) {
    out.push('(');
    out.push_str(head);
    for item in items {
        out.push(' ');
        expr(ast, *item, out);
    }
    out.push(')');
}

/// Pieces of a string or path: literals joined, empty ones dropped.
fn pieces(ast: &Ast, parts: Range<Part>, out: &mut String) {
    let mut literal = String::new();
    for part in ast.parts(parts) {
        match part {
            Part::Literal(text) => literal.push_str(ast.text(*text)),
            Part::Interpolation(e) => {
                if !literal.is_empty() {
                    out.push(' ');
                    out.push_str(&quote(&literal));
                    literal.clear();
                }
                out.push_str(" (interp ");
                expr(ast, *e, out);
                out.push(')');
            }
        }
    }
    if !literal.is_empty() {
        out.push(' ');
        out.push_str(&quote(&literal));
    }
}

fn attr_name(ast: &Ast, name: &AttrName, out: &mut String) {
    match name.kind {
        AttrKind::Static(text) => out.push_str(&quote(ast.text(text))),
        AttrKind::Dynamic(e) => list(ast, "dyn", &[e], out),
    }
}

fn attr_path(ast: &Ast, path: Range<AttrName>, out: &mut String) {
    out.push('(');
    for (i, name) in ast.names(path).iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        attr_name(ast, name, out);
    }
    out.push(')');
}

fn bindings(ast: &Ast, range: Range<Binding>, out: &mut String) {
    for (i, binding) in ast.bindings(range).iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match *binding {
            Binding::Value { path, value, .. } => {
                out.push_str("(= ");
                attr_path(ast, path, out);
                out.push(' ');
                expr(ast, value, out);
                out.push(')');
            }
            Binding::Inherit { from, names, .. } => {
                out.push_str("(inherit");
                if let Some(from) = from {
                    out.push_str(" (from ");
                    expr(ast, from, out);
                    out.push(')');
                }
                for name in ast.names(names) {
                    out.push(' ');
                    attr_name(ast, name, out);
                }
                out.push(')');
            }
        }
    }
}
