//! `builtins.toXML`: a value as the XML document C++ Nix writes.
//!
//! The value is forced completely as it is written (functions are shown
//! by their argument pattern, not called). The command line's `--xml`
//! without `--strict` forces nothing: what is not evaluated yet is shown
//! as `<unevaluated />`, as `nix-instantiate --eval --xml` shows it
//! (only a set's `type` is forced, to recognise derivations). Elements are indented by two
//! spaces per level; attributes of an element are in sorted order.
//! The command line's `--xml` also writes where attributes and functions
//! were defined (`column`, `line` and `path` XML attributes), unless
//! `--no-location`; `builtins.toXML` never does. Attributes without a
//! known position (sets built by `mapAttrs`, for example) have none.
//! Derivations (`type = "derivation"`) show `drvPath` and `outPath` as
//! XML attributes and their attributes only the first time a `drvPath`
//! appears (`<repeated />` afterwards). The walk keeps an explicit stack;
//! a value containing itself is an infinite-recursion error.

use super::print::format_float;
use crate::errors::ErrorKind;
use crate::state::EvalState;
use crate::syntax::TokenKind;
use crate::value::{
    Closure, ContextUnion, NixAttrs, NixString, SourceFiles, SourceLocation, SourcePos, Value,
};
use crate::vm::generators::{force, GenCo};
use std::collections::HashSet;

fn escape(out: &mut Vec<u8>, s: &[u8]) {
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"&quot;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            c => out.push(c),
        }
    }
}

/// Writes `<name a="v"...>` (or `<name ... />` when `empty`) on its own line.
fn element(out: &mut Vec<u8>, depth: usize, name: &str, attrs: &[(&str, &[u8])], empty: bool) {
    out.extend(std::iter::repeat_n(b' ', depth * 2));
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    for (key, value) in attrs {
        out.push(b' ');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"=\"");
        escape(out, value);
        out.push(b'"');
    }
    out.extend_from_slice(if empty { b" />\n" } else { b">\n" });
}

fn closing(depth: usize, name: &str) -> Vec<u8> {
    let mut out = vec![b' '; depth * 2];
    out.extend_from_slice(format!("</{name}>\n").as_bytes());
    out
}

/// The parameter name of a lambda (`x` in `x: ...`, `args` in
/// `args@{ ... }: ...` or `{ ... }@args: ...`), read from its source.
fn parameter_name(state: &EvalState, closure: &Closure) -> Option<String> {
    let codemap = state.codemap.borrow();
    let span = closure.lambda().span();
    let source = codemap.find_file(span.low()).source_slice(span);
    let text = |token: crate::syntax::Token| source.get(token.span.range()).unwrap_or("");
    let mut tokens = crate::syntax::tokenize(source).into_iter();
    let first = tokens.next()?;
    match first.kind {
        TokenKind::Ident => Some(text(first).to_string()),
        TokenKind::LBrace => {
            let mut depth = 1usize;
            for token in tokens.by_ref() {
                match token.kind {
                    TokenKind::LBrace | TokenKind::DollarCurly => depth += 1,
                    TokenKind::RBrace => depth -= 1,
                    TokenKind::Eof => return None,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
            }
            match (tokens.next(), tokens.next()) {
                (Some(at), Some(name))
                    if at.kind == TokenKind::At && name.kind == TokenKind::Ident =>
                {
                    Some(text(name).to_string())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A position as the XML attributes `column`, `line` and `path`.
struct Location {
    column: String,
    line: String,
    path: String,
}

impl Location {
    fn new(location: SourceLocation) -> Self {
        Location {
            column: location.column.to_string(),
            line: location.line.to_string(),
            path: location.file,
        }
    }

    /// The XML attributes of an element at this position, with `name`
    /// (if any) in its sorted place.
    fn with_name<'a>(
        location: &'a Option<Location>,
        name: Option<&'a [u8]>,
    ) -> Vec<(&'a str, &'a [u8])> {
        let mut attrs: Vec<(&str, &[u8])> = Vec::with_capacity(4);
        if let Some(l) = location {
            attrs.push(("column", l.column.as_bytes()));
            attrs.push(("line", l.line.as_bytes()));
        }
        if let Some(name) = name {
            attrs.push(("name", name));
        }
        if let Some(l) = location {
            attrs.push(("path", l.path.as_bytes()));
        }
        attrs
    }
}

/// The sources to resolve positions in, or `None` to write no positions.
type Positions<'a> = Option<&'a SourceFiles>;

fn locate(positions: Positions, pos: Option<SourcePos>) -> Option<Location> {
    positions?.locate(pos?).map(Location::new)
}

fn write_function(
    out: &mut Vec<u8>,
    depth: usize,
    state: &EvalState,
    closure: &Closure,
    positions: Positions,
) {
    // Nix positions a function at its start (its argument or pattern).
    let start = SourcePos::of_span(closure.lambda().span());
    let location = locate(positions, start);
    element(
        out,
        depth,
        "function",
        &Location::with_name(&location, None),
        false,
    );
    let name = parameter_name(state, closure).unwrap_or_default();
    match closure.lambda().formals() {
        Some(formals) => {
            let mut attrs: Vec<(&str, &[u8])> = Vec::new();
            if formals.ellipsis {
                attrs.push(("ellipsis", b"1"));
            }
            if !name.is_empty() {
                attrs.push(("name", name.as_bytes()));
            }
            element(out, depth + 1, "attrspat", &attrs, false);
            for (arg, _) in &formals.arguments {
                element(out, depth + 2, "attr", &[("name", arg.as_bytes())], true);
            }
            out.extend(closing(depth + 1, "attrspat"));
        }
        None => element(out, depth + 1, "varpat", &[("name", name.as_bytes())], true),
    }
    out.extend(closing(depth, "function"));
}

enum Task {
    Value(Value, usize),
    Text(Vec<u8>),
    /// A container is finished: it is no longer on the current path.
    Leave(usize),
}

/// Pushes the tasks that write the attributes of `attrs` at `depth`.
fn push_attrs(work: &mut Vec<Task>, attrs: &NixAttrs, depth: usize, positions: Positions) {
    for (name, value) in attrs.iter().rev() {
        work.push(Task::Text(closing(depth, "attr")));
        work.push(Task::Value(value.clone(), depth + 1));
        let location = locate(positions, attrs.position(name.as_bytes()));
        let mut open = Vec::new();
        element(
            &mut open,
            depth,
            "attr",
            &Location::with_name(&location, Some(name.as_bytes())),
            false,
        );
        work.push(Task::Text(open));
    }
}

/// A string attribute of `attrs`: forced if `strict`, else only if it is
/// already evaluated.
async fn string_attr(co: &GenCo, attrs: &NixAttrs, name: &[u8], strict: bool) -> Option<NixString> {
    let value = attrs.get(name)?.clone();
    let value = if strict {
        force(co, value).await
    } else {
        value.forced()?
    };
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// `value` as the command line's XML document; with `strict`, forced
/// completely as it is written, else what is not evaluated yet is
/// `<unevaluated />`. With `locations`, attributes and functions show
/// where they were defined.
pub(crate) async fn to_xml(
    co: &GenCo,
    state: &EvalState,
    value: Value,
    strict: bool,
    locations: bool,
) -> Result<Vec<u8>, ErrorKind> {
    let positions = locations.then_some(&state.sources);
    let mut context = ContextUnion::default();
    to_xml_with_context(co, state, value, strict, positions, &mut context).await
}

/// The XML document; the contexts of the strings in it go to `context`.
pub(crate) async fn to_xml_with_context(
    co: &GenCo,
    state: &EvalState,
    value: Value,
    strict: bool,
    positions: Positions<'_>,
    context: &mut ContextUnion,
) -> Result<Vec<u8>, ErrorKind> {
    let mut out = b"<?xml version='1.0' encoding='utf-8'?>\n<expr>\n".to_vec();
    let mut derivations_seen: HashSet<NixString> = HashSet::new();
    // Containers being written, to report a cycle instead of looping.
    let mut open: HashSet<usize> = HashSet::new();
    let mut work = vec![Task::Value(value, 1)];
    let mut meter = crate::limits::OutputMeter::default();
    while let Some(task) = work.pop() {
        meter.grew_to(out.len())?;
        let (value, depth) = match task {
            Task::Text(text) => {
                out.extend_from_slice(&text);
                continue;
            }
            Task::Leave(id) => {
                open.remove(&id);
                continue;
            }
            Task::Value(v, depth) if strict => (force(co, v).await, depth),
            Task::Value(v, depth) => match v.forced() {
                Some(v) => (v, depth),
                None => {
                    element(&mut out, depth, "unevaluated", &[], true);
                    continue;
                }
            },
        };
        match value {
            Value::Null => element(&mut out, depth, "null", &[], true),
            Value::Bool(b) => element(
                &mut out,
                depth,
                "bool",
                &[("value", if b { b"true" } else { b"false" })],
                true,
            ),
            Value::Integer(i) => element(
                &mut out,
                depth,
                "int",
                &[("value", i.to_string().as_bytes())],
                true,
            ),
            Value::Float(f) => element(
                &mut out,
                depth,
                "float",
                &[("value", format_float(f).as_bytes())],
                true,
            ),
            Value::String(s) => {
                context.add(&s);
                element(&mut out, depth, "string", &[("value", s.as_bytes())], true)
            }
            Value::Path(p) => element(
                &mut out,
                depth,
                "path",
                &[("value", p.as_os_str().as_encoded_bytes())],
                true,
            ),
            Value::List(list) => {
                if !open.insert(list.identity()) {
                    return Err(ErrorKind::InfiniteRecursion);
                }
                element(&mut out, depth, "list", &[], false);
                work.push(Task::Leave(list.identity()));
                work.push(Task::Text(closing(depth, "list")));
                for v in list.iter().rev() {
                    work.push(Task::Value(v.clone(), depth + 1));
                }
            }
            Value::Attrs(attrs) => {
                let is_derivation = matches!(
                    string_attr(co, &attrs, b"type", true).await,
                    Some(t) if t.as_bytes() == b"derivation"
                );
                if !is_derivation {
                    // A set containing itself would be written forever.
                    if !open.insert(attrs.identity()) {
                        return Err(ErrorKind::InfiniteRecursion);
                    }
                    element(&mut out, depth, "attrs", &[], false);
                    work.push(Task::Leave(attrs.identity()));
                    work.push(Task::Text(closing(depth, "attrs")));
                    push_attrs(&mut work, &attrs, depth + 1, positions);
                    continue;
                }
                let drv_path = string_attr(co, &attrs, b"drvPath", strict).await;
                let out_path = string_attr(co, &attrs, b"outPath", strict).await;
                let mut xml_attrs: Vec<(&str, &[u8])> = Vec::new();
                if let Some(d) = &drv_path {
                    xml_attrs.push(("drvPath", d.as_bytes()));
                }
                if let Some(o) = &out_path {
                    xml_attrs.push(("outPath", o.as_bytes()));
                }
                element(&mut out, depth, "derivation", &xml_attrs, false);
                work.push(Task::Text(closing(depth, "derivation")));
                match drv_path {
                    Some(d) if !d.is_empty() && derivations_seen.insert(d.clone()) => {
                        push_attrs(&mut work, &attrs, depth + 1, positions);
                    }
                    _ => element(&mut out, depth + 1, "repeated", &[], true),
                }
            }
            Value::Closure(closure) => write_function(&mut out, depth, state, &closure, positions),
            Value::Builtin(_) | Value::Thunk(_) => {
                element(&mut out, depth, "unevaluated", &[], true)
            }
        }
    }
    out.extend_from_slice(b"</expr>\n");
    Ok(out)
}
