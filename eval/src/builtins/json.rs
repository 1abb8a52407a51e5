//! JSON: `fromJSON` (the parser is in `json_parse.rs`) and `toJSON`.
//!
//! `toJSON` forces as it writes, with an explicit work stack, so values
//! nested a million levels deep serialise without growing the Rust
//! stack. Sets with `__toString` are written as the string it gives,
//! sets with `outPath` as that value, paths as their store paths (copied
//! to the store as interpolation copies them); functions are errors. Floats are written with
//! the shortest digits that read back the same (as newer C++ Nix does;
//! 2.8 wrote six significant digits, which loses precision); strings
//! escape `"`, `\` and control characters, and must be UTF-8. The
//! document has the contexts of the strings in it; `fromJSON` refuses
//! a string with a context, as C++ Nix does.

use super::json_parse::from_json;
use super::support::arg;
use crate::errors::ErrorKind;
use crate::print::{format_json_float, write_json_string};
use crate::value::{BuiltinDef, ContextUnion, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{copy_to_store, force, GenCo};
use std::collections::HashSet;
use std::io::Write as _;

/// Serialises `value` as JSON, forcing it as it goes; paths are copied
/// to the store, or, without `copy_paths`, written as they are.
pub(crate) async fn to_json(
    co: &GenCo,
    value: Value,
    copy_paths: bool,
) -> Result<Vec<u8>, ErrorKind> {
    to_json_with_context(co, value, &mut ContextUnion::default(), copy_paths).await
}

/// Serialises `value` as JSON, collecting the contexts of the strings
/// written into `context`.
pub(crate) async fn to_json_with_context(
    co: &GenCo,
    value: Value,
    context: &mut ContextUnion,
    copy_paths: bool,
) -> Result<Vec<u8>, ErrorKind> {
    enum Task {
        Value(Value),
        Text(&'static [u8]),
        Key(NixString),
        /// A container is finished: it is no longer on the current path.
        Leave(usize),
    }
    let mut out = Vec::new();
    // Containers being written, to report a cycle instead of looping.
    let mut open: HashSet<usize> = HashSet::new();
    let mut work = vec![Task::Value(value)];
    while let Some(task) = work.pop() {
        let value = match task {
            Task::Text(t) => {
                out.extend_from_slice(t);
                continue;
            }
            Task::Key(k) => {
                write_json_string(&mut out, k.as_bytes())?;
                out.push(b':');
                continue;
            }
            Task::Leave(id) => {
                open.remove(&id);
                continue;
            }
            Task::Value(v) => force(co, v).await,
        };
        match value {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Value::Integer(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.extend_from_slice(format_json_float(f).as_bytes()),
            Value::String(s) => {
                write_json_string(&mut out, s.as_bytes())?;
                context.add(&s);
            }
            Value::Path(p) if copy_paths => {
                let s = copy_to_store(co, p.to_path_buf()).await?;
                write_json_string(&mut out, s.as_bytes())?;
                context.add(&s);
            }
            Value::Path(p) => write_json_string(&mut out, p.as_os_str().as_encoded_bytes())?,
            Value::Attrs(attrs) => {
                if attrs.contains(b"__toString") {
                    let s =
                        coerce_to_string(co, Value::Attrs(attrs), CoercionKind::PathString).await?;
                    write_json_string(&mut out, s.as_bytes())?;
                    context.add(&s);
                    continue;
                }
                if let Some(out_path) = attrs.get(b"outPath") {
                    work.push(Task::Value(out_path.clone()));
                    continue;
                }
                let id = attrs.identity();
                if !open.insert(id) {
                    return Err(ErrorKind::InfiniteRecursion);
                }
                out.push(b'{');
                work.push(Task::Leave(id));
                work.push(Task::Text(b"}"));
                let len = attrs.len();
                for (i, (k, v)) in attrs.iter().rev().enumerate() {
                    work.push(Task::Value(v.clone()));
                    work.push(Task::Key(k.clone()));
                    if i + 1 < len {
                        work.push(Task::Text(b","));
                    }
                }
            }
            Value::List(list) => {
                let id = list.identity();
                if !open.insert(id) {
                    return Err(ErrorKind::InfiniteRecursion);
                }
                out.push(b'[');
                work.push(Task::Leave(id));
                work.push(Task::Text(b"]"));
                for (i, v) in list.iter().enumerate().rev() {
                    work.push(Task::Value(v.clone()));
                    if i > 0 {
                        work.push(Task::Text(b","));
                    }
                }
            }
            Value::Closure(_) => {
                return Err(ErrorKind::Other("cannot convert a function to JSON".into()))
            }
            Value::Builtin(b) => {
                let partially = if b.applied().is_empty() {
                    ""
                } else {
                    "partially applied "
                };
                return Err(ErrorKind::Other(format!(
                    "cannot convert the {partially}built-in function '{}' to JSON",
                    b.name()
                )));
            }
            Value::Thunk(_) => {
                return Err(ErrorKind::Other("cannot convert a thunk to JSON".into()))
            }
        }
    }
    Ok(out)
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::sync(
            "fromJSON",
            1,
            "The Nix value of a JSON document.",
            |mut args| {
                let s = arg(&mut args, 0);
                from_json(s.as_str()?.require_no_context()?.as_bytes())
            },
        ),
        BuiltinDef::generator(
            "toJSON",
            1,
            "A value as a JSON document.",
            |co, mut args| {
                Box::pin(async move {
                    let mut context = ContextUnion::default();
                    let json =
                        to_json_with_context(&co, arg(&mut args, 0), &mut context, true).await?;
                    Ok(Value::String(NixString::new_with_context(
                        json,
                        context.finish(),
                    )))
                })
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_escapes() {
        let mut out = Vec::new();
        write_json_string(&mut out, b"a\"\\\n\x01").unwrap();
        assert_eq!(out, b"\"a\\\"\\\\\\n\\u0001\"");
        assert!(write_json_string(&mut Vec::new(), b"\xff").is_err());
    }
}
