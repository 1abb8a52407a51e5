//! Writing values as JSON: `builtins.toJSON`, `--json` and
//! `tvix_serde`'s loaders use it.
//!
//! The writer forces as it writes, with an explicit work stack, so values
//! nested a million levels deep serialise without growing the Rust
//! stack. Sets with `__toString` are written as the string it gives,
//! sets with `outPath` as that value, paths as their store paths (copied
//! to the store as interpolation copies them); functions are errors. Floats are written with
//! the shortest digits that read back the same (as newer C++ Nix does;
//! 2.8 wrote six significant digits, which loses precision); strings
//! escape `"`, `\` and control characters, and must be UTF-8. The
//! document has the contexts of the strings in it; `fromJSON` refuses
//! a string with a context, as C++ Nix does.

use crate::errors::ErrorKind;
use crate::value::{ContextUnion, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{copy_to_store, force, GenCo};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;

/// Serialises `value` as JSON, forcing it as it goes; paths are copied
/// to the store, or, without `copy_paths`, written as they are.
pub(crate) async fn serialize(
    co: &GenCo,
    value: Value,
    copy_paths: bool,
) -> Result<Vec<u8>, ErrorKind> {
    serialize_with_context(co, value, &mut ContextUnion::default(), copy_paths).await
}

/// Serialises `value` as JSON, collecting the contexts of the strings
/// written into `context`.
pub(crate) async fn serialize_with_context(
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
    let mut meter = crate::limits::OutputMeter::default();
    while let Some(task) = work.pop() {
        meter.grew_to(out.len())?;
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
                return Err(ErrorKind::NotConvertibleToJson {
                    what: "a function".into(),
                })
            }
            Value::Builtin(b) => {
                let partially = if b.applied().is_empty() {
                    ""
                } else {
                    "partially applied "
                };
                return Err(ErrorKind::NotConvertibleToJson {
                    what: format!("the {partially}built-in function '{}'", b.name()),
                });
            }
            Value::Thunk(_) => {
                return Err(ErrorKind::NotConvertibleToJson {
                    what: "a thunk".into(),
                })
            }
        }
    }
    Ok(out)
}

/// A float as C++ Nix writes it in JSON (nlohmann::json): the shortest
/// digits that read back as the same number; fixed notation with at
/// least one fractional digit when the decimal point falls within the
/// first 15 digits or up to 4 places before them (`1.0`, `0.0001`,
/// `100000000000000.0` but `1e+15`, `1.5e-07`); non-finite numbers
/// become `null`.
pub fn format_json_float(x: f64) -> String {
    if !x.is_finite() {
        return "null".to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let x = x.abs();
    if x == 0.0 {
        out.push_str("0.0");
        return out;
    }
    // Shortest round-trip digits: `d.ddde±x`.
    let shortest = format!("{x:e}");
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i32;
    // The decimal point sits after the first `n` digits.
    let n = exponent + 1;
    const MIN_EXP: i32 = -4;
    const MAX_EXP: i32 = 15;
    if k <= n && n <= MAX_EXP {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
        out.push_str(".0");
    } else if 0 < n && n <= MAX_EXP {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if MIN_EXP < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    out
}

/// `value` as `nix-instantiate --eval --json` prints it (without the
/// newline): compact JSON, attributes in sorted order, as `builtins.toJSON`
/// writes it. Unevaluated parts are evaluated and sets with `__toString`
/// called, on a VM of its own; functions are an error. Paths are written as
/// their path (see [`to_json_with_store`] for what C++ Nix writes).
/// Strings must be UTF-8.
pub fn to_json(value: &Value) -> Result<String, ErrorKind> {
    json_on_own_vm(value, None)
}

/// Like [`to_json`], but paths are copied to `store` (the store of the
/// evaluation, [`crate::EvaluationResult::store`]) and written as their
/// store paths, as `nix-instantiate --eval --json` does.
pub fn to_json_with_store(
    value: &Value,
    store: &std::rc::Rc<crate::store::Store>,
) -> Result<String, ErrorKind> {
    json_on_own_vm(value, Some(store.clone()))
}

fn json_on_own_vm(
    value: &Value,
    store: Option<std::rc::Rc<crate::store::Store>>,
) -> Result<String, ErrorKind> {
    use crate::vm::generators::new_generator;
    let value = value.clone();
    let copy_paths = store.is_some();
    let generator = new_generator(move |co| {
        Box::pin(async move {
            let json = serialize(&co, value, copy_paths).await?;
            Ok(Value::String(json.into()))
        })
    });
    let span = codemap::CodeMap::new()
        .add_file(String::new(), String::new())
        .span;
    let warnings = crate::errors::WarningSink::default();
    let mut vm = crate::vm::Vm::new(crate::vm::DEFAULT_MAX_CALL_DEPTH, warnings);
    if let Some(store) = store {
        vm.store = store;
    }
    match vm.run_generator(std::rc::Rc::from("toJSON"), span, generator) {
        Ok(Value::String(json)) => Ok(String::from_utf8_lossy(json.as_bytes()).into_owned()),
        Ok(_) => Ok(String::new()),
        Err(error) => Err(error.into_kind()),
    }
}

/// Writes a JSON string as nlohmann::json does: `\"`, `\\`, `\b`, `\f`,
/// `\n`, `\r`, `\t`, other control characters as `\u00xx`; everything
/// else (including DEL and non-ASCII) as is. Invalid UTF-8 is an error.
pub(crate) fn write_json_string(out: &mut Vec<u8>, bytes: &[u8]) -> Result<(), ErrorKind> {
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(ErrorKind::InvalidUtf8InJson {
            detail: utf8_error_detail(bytes, &e),
        });
    }
    out.push(b'"');
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let escape: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            8 => b"\\b",
            12 => b"\\f",
            c if c < 0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let _ = std::io::Write::write_fmt(out, format_args!("\\u{c:04x}"));
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
    Ok(())
}

/// The message C++ Nix gives for a string that is not UTF-8 (from
/// nlohmann::json, which names the byte where decoding failed).
fn utf8_error_detail(bytes: &[u8], error: &std::str::Utf8Error) -> String {
    let start = error.valid_up_to();
    let detail = match error.error_len() {
        None => format!(
            "incomplete UTF-8 string; last byte: 0x{:02X}",
            bytes.last().copied().unwrap_or(0)
        ),
        Some(len) => {
            // A valid first byte fails at the byte after the sequence.
            let at = if (0xC2..=0xF4).contains(&bytes[start]) {
                start + len
            } else {
                start
            };
            format!("invalid UTF-8 byte at index {at}: 0x{:02X}", bytes[at])
        }
    };
    detail
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
