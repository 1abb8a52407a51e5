//! rnix's syntax tree rendered as the S-expressions of
//! `tvix_eval::syntax::sexpr`, normalised the same way: adjacent literal
//! pieces joined and empty ones dropped, static attribute names quoted
//! however written (`a`, `"a"`, `${"a"}`, `${("a")}`).

use rnix::ast::{self, AstToken, BinOpKind, Expr, HasEntry, InterpolPart, UnaryOpKind};
use rowan::ast::AstNode;
use tvix_eval::syntax::sexpr::quote;

pub fn render(root: &ast::Root) -> String {
    let mut out = String::new();
    match root.expr() {
        Some(e) => expr(&e, &mut out),
        None => out.push_str("(error)"),
    }
    out
}

fn opt(e: Option<Expr>, out: &mut String) {
    match e {
        Some(e) => expr(&e, out),
        None => out.push_str("(error)"),
    }
}

fn list(head: &str, items: &[Option<Expr>], out: &mut String) {
    out.push('(');
    out.push_str(head);
    for item in items {
        out.push(' ');
        opt(item.clone(), out);
    }
    out.push(')');
}

fn ident(i: &ast::Ident) -> String {
    i.syntax().text().to_string()
}

fn symbol(op: BinOpKind) -> &'static str {
    use BinOpKind::*;
    match op {
        Concat => "++",
        Update => "//",
        Add => "+",
        Sub => "-",
        Mul => "*",
        Div => "/",
        And => "&&",
        Equal => "==",
        Implication => "->",
        Less => "<",
        LessOrEq => "<=",
        More => ">",
        MoreOrEq => ">=",
        NotEqual => "!=",
        Or => "||",
        PipeRight => "|>",
        PipeLeft => "<|",
    }
}

/// Literal pieces joined, empty ones dropped.
fn pieces<T>(
    parts: impl IntoIterator<Item = InterpolPart<T>>,
    text: impl Fn(&T) -> String,
    out: &mut String,
) {
    let mut literal = String::new();
    for part in parts {
        match part {
            InterpolPart::Literal(t) => literal.push_str(&text(&t)),
            InterpolPart::Interpolation(i) => {
                if !literal.is_empty() {
                    out.push(' ');
                    out.push_str(&quote(&literal));
                    literal.clear();
                }
                out.push_str(" (interp ");
                opt(i.expr(), out);
                out.push(')');
            }
        }
    }
    if !literal.is_empty() {
        out.push(' ');
        out.push_str(&quote(&literal));
    }
}

/// The text of a string without interpolations.
fn literal_string(s: &ast::Str) -> Option<String> {
    let mut text = String::new();
    for part in s.normalized_parts() {
        match part {
            InterpolPart::Literal(l) => text.push_str(&l),
            InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(text)
}

fn attr(a: &ast::Attr, out: &mut String) {
    match a {
        ast::Attr::Ident(i) => out.push_str(&quote(&ident(i))),
        ast::Attr::Str(s) => match literal_string(s) {
            Some(text) => out.push_str(&quote(&text)),
            None => {
                out.push_str("(dyn ");
                expr(&Expr::Str(s.clone()), out);
                out.push(')');
            }
        },
        ast::Attr::Dynamic(d) => {
            let mut inner = d.expr();
            while let Some(Expr::Paren(p)) = &inner {
                inner = p.expr();
            }
            if let Some(Expr::Str(s)) = &inner {
                if let Some(text) = literal_string(s) {
                    out.push_str(&quote(&text));
                    return;
                }
            }
            out.push_str("(dyn ");
            opt(d.expr(), out);
            out.push(')');
        }
    }
}

fn attr_path(path: Option<ast::Attrpath>, out: &mut String) {
    out.push('(');
    if let Some(path) = path {
        for (i, a) in path.attrs().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            attr(&a, out);
        }
    }
    out.push(')');
}

fn entries(node: &impl HasEntry, out: &mut String) -> usize {
    let mut n = 0;
    for entry in node.entries() {
        if n > 0 {
            out.push(' ');
        }
        n += 1;
        match entry {
            ast::Entry::AttrpathValue(apv) => {
                out.push_str("(= ");
                attr_path(apv.attrpath(), out);
                out.push(' ');
                opt(apv.value(), out);
                out.push(')');
            }
            ast::Entry::Inherit(inherit) => {
                out.push_str("(inherit");
                if let Some(from) = inherit.from() {
                    out.push_str(" (from ");
                    opt(from.expr(), out);
                    out.push(')');
                }
                for a in inherit.attrs() {
                    out.push(' ');
                    attr(&a, out);
                }
                out.push(')');
            }
        }
    }
    n
}

fn expr(e: &Expr, out: &mut String) {
    match e {
        Expr::Literal(lit) => match lit.kind() {
            ast::LiteralKind::Integer(i) => match i.value() {
                Ok(v) => out.push_str(&format!("(int {v})")),
                Err(_) => out.push_str("(error)"),
            },
            ast::LiteralKind::Float(f) => match f.value() {
                Ok(v) => out.push_str(&format!("(float {v:?})")),
                Err(_) => out.push_str("(error)"),
            },
            ast::LiteralKind::Uri(u) => {
                out.push_str(&format!("(uri {})", quote(u.syntax().text())))
            }
        },
        Expr::Str(s) => {
            out.push_str("(str");
            pieces(s.normalized_parts(), |t: &String| t.clone(), out);
            out.push(')');
        }
        Expr::PathAbs(p) => path("(path-abs", p.parts(), out),
        Expr::PathRel(p) => path("(path-rel", p.parts(), out),
        Expr::PathHome(p) => path("(path-home", p.parts(), out),
        Expr::PathSearch(p) => out.push_str(&format!(
            "(spath {})",
            quote(&p.syntax().text().to_string())
        )),
        Expr::Ident(i) => out.push_str(&format!("(var {})", ident(i))),
        Expr::CurPos(_) => out.push_str("(curpos)"),
        Expr::Select(s) => {
            out.push_str("(select ");
            opt(s.expr(), out);
            out.push(' ');
            attr_path(s.attrpath(), out);
            if let Some(default) = s.default_expr() {
                out.push(' ');
                expr(&default, out);
            }
            out.push(')');
        }
        Expr::HasAttr(h) => {
            out.push_str("(has ");
            opt(h.expr(), out);
            out.push(' ');
            attr_path(h.attrpath(), out);
            out.push(')');
        }
        Expr::Apply(a) => list("apply", &[a.lambda(), a.argument()], out),
        Expr::UnaryOp(u) => {
            let head = match u.operator() {
                Some(UnaryOpKind::Invert) => "not",
                Some(UnaryOpKind::Negate) => "neg",
                None => "error",
            };
            list(head, &[u.expr()], out)
        }
        Expr::BinOp(b) => match b.operator() {
            Some(op) => {
                out.push_str(&format!("(op {} ", quote(symbol(op))));
                opt(b.lhs(), out);
                out.push(' ');
                opt(b.rhs(), out);
                out.push(')');
            }
            None => out.push_str("(error)"),
        },
        Expr::IfElse(i) => list("if", &[i.condition(), i.body(), i.else_body()], out),
        Expr::Assert(a) => list("assert", &[a.condition(), a.body()], out),
        Expr::With(w) => list("with", &[w.namespace(), w.body()], out),
        Expr::LetIn(l) => {
            out.push_str("(let (");
            entries(l, out);
            out.push_str(") ");
            opt(l.body(), out);
            out.push(')');
        }
        Expr::LegacyLet(l) => {
            out.push_str("(legacy-let");
            let mut inner = String::new();
            if entries(l, &mut inner) > 0 {
                out.push(' ');
                out.push_str(&inner);
            }
            out.push(')');
        }
        Expr::AttrSet(s) => {
            out.push_str(if s.rec_token().is_some() {
                "(rec-set"
            } else {
                "(set"
            });
            let mut inner = String::new();
            if entries(s, &mut inner) > 0 {
                out.push(' ');
                out.push_str(&inner);
            }
            out.push(')');
        }
        Expr::List(l) => {
            let items: Vec<Option<Expr>> = l.items().map(Some).collect();
            list("list", &items, out)
        }
        Expr::Lambda(l) => {
            out.push_str("(lambda ");
            match l.param() {
                Some(ast::Param::IdentParam(p)) => match p.ident() {
                    Some(i) => out.push_str(&ident(&i)),
                    None => out.push_str("(error)"),
                },
                Some(ast::Param::Pattern(p)) => {
                    out.push_str("(pattern (");
                    for (i, entry) in p.pat_entries().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        let name = entry.ident().map(|i| ident(&i)).unwrap_or_default();
                        match entry.default() {
                            Some(default) => {
                                out.push('(');
                                out.push_str(&name);
                                out.push(' ');
                                expr(&default, out);
                                out.push(')');
                            }
                            None => out.push_str(&name),
                        }
                    }
                    out.push(')');
                    if p.ellipsis_token().is_some() {
                        out.push_str(" ...");
                    }
                    if let Some(bind) = p.pat_bind().and_then(|b| b.ident()) {
                        out.push_str(" @");
                        out.push_str(&ident(&bind));
                    }
                    out.push(')');
                }
                None => out.push_str("(error)"),
            }
            out.push(' ');
            opt(l.body(), out);
            out.push(')');
        }
        Expr::Paren(p) => list("paren", &[p.expr()], out),
        Expr::Root(r) => opt(r.expr(), out),
        Expr::Error(_) => out.push_str("(error)"),
    }
}

fn path(head: &str, parts: Vec<InterpolPart<ast::PathContent>>, out: &mut String) {
    out.push_str(head);
    pieces(parts, |t: &ast::PathContent| t.text().to_string(), out);
    out.push(')');
}

/// The constructs in rnix's tree of `source` (parsed or not) where rnix
/// departs from C++ Nix: the categories of known disagreements.
pub fn quirks(source: &str) -> Vec<&'static str> {
    use rnix::SyntaxKind::*;
    let parsed = rnix::Root::parse(source);
    let root = parsed.syntax();
    let mut found = Vec::new();
    let mut note = |quirk: &'static str| {
        if !found.contains(&quirk) {
            found.push(quirk);
        }
    };
    for element in root.descendants_with_tokens() {
        match element {
            rowan::NodeOrToken::Node(node) => match node.kind() {
                NODE_APPLY
                    if node
                        .children()
                        .nth(1)
                        .is_some_and(|a| a.kind() == NODE_LAMBDA) =>
                {
                    note("lambda-argument")
                }
                NODE_STRING => {
                    let parent = node.parent().map(|p| p.kind());
                    let indented = node.first_token().is_some_and(|t| t.text() == "''");
                    if indented && matches!(parent, Some(NODE_ATTRPATH | NODE_INHERIT)) {
                        note("indented-string-attribute");
                    }
                    if parent == Some(NODE_INHERIT)
                        && node.children().any(|c| c.kind() == NODE_INTERPOL)
                    {
                        note("dynamic-inherit");
                    }
                }
                NODE_DYNAMIC if node.parent().is_some_and(|p| p.kind() == NODE_INHERIT) => {
                    note("dynamic-inherit")
                }
                _ => {}
            },
            rowan::NodeOrToken::Token(token) => match token.kind() {
                TOKEN_INTEGER if token.text().parse::<i64>().is_err() => note("integer-overflow"),
                TOKEN_FLOAT if !is_nix_float(token.text()) => note("float-syntax"),
                TOKEN_FLOAT if float_out_of_range(token.text()) => note("float-out-of-range"),
                TOKEN_COMMENT if token.text().contains('\r') => note("carriage-return-in-comment"),
                _ => {}
            },
        }
    }
    found
}

/// Whether C++ Nix's `strtod` reports a float literal out of range:
/// infinite, or too small to represent but not zero.
fn float_out_of_range(text: &str) -> bool {
    let Ok(value) = text.parse::<f64>() else {
        return false;
    };
    let mantissa = text.split(['e', 'E']).next().unwrap_or("");
    value.is_infinite()
        || ((value == 0.0 || value.is_subnormal())
            && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)))
}

/// Whether `text` is a float literal of C++ Nix:
/// `(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`.
fn is_nix_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let Some((whole, fraction)) = mantissa.split_once('.') else {
        return false;
    };
    let mantissa_ok = match whole.as_bytes().first() {
        Some(b'1'..=b'9') => digits(whole) && digits(fraction),
        _ => (whole.is_empty() || whole == "0") && !fraction.is_empty() && digits(fraction),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}
