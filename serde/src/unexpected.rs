//! Error messages about values of the wrong kind: how a Nix value is
//! described ("attribute set", `integer \`3\``), type and range
//! mismatches, and strings that are not UTF-8.

use crate::error::Error;
use serde::de::{self, Error as _, Expected};
use tvix_eval::Value;

/// Longest string quoted in full in a message; longer ones are cut.
const QUOTE_LIMIT: usize = 60;

/// The value as an error message names what was found: `null`,
/// `boolean \`true\``, `integer \`3\``, `string "abc"`, `attribute set`,
/// `list`, `function`.
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => de::Unexpected::Bool(*b).to_string(),
        Value::Integer(i) => de::Unexpected::Signed(*i).to_string(),
        Value::Float(f) => de::Unexpected::Float(*f).to_string(),
        Value::String(s) => format!("string {}", quote(s.as_bytes())),
        Value::Path(p) => format!("path `{}`", p.display()),
        Value::Attrs(a) if a.len() == 1 => "attribute set with 1 attribute".to_string(),
        Value::Attrs(a) => format!("attribute set with {} attributes", a.len()),
        Value::List(l) if l.len() == 1 => "list of 1 element".to_string(),
        Value::List(l) => format!("list of {} elements", l.len()),
        Value::Closure(_) => "function".to_string(),
        Value::Builtin(b) => format!("built-in function `{}`", b.name()),
        Value::Thunk(t) => match t.value() {
            Some(v) => describe(&v),
            None => "unevaluated value".to_string(),
        },
    }
}

/// `bytes` as a double-quoted string with Rust escapes, bytes that are
/// not UTF-8 as `\xNN`, cut after [`QUOTE_LIMIT`] characters.
fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    let mut shown = 0;
    for chunk in bytes.utf8_chunks() {
        let pieces = chunk
            .valid()
            .chars()
            .map(|c| c.escape_debug().to_string())
            .chain(chunk.invalid().iter().map(|b| format!("\\x{b:02X}")));
        for piece in pieces {
            if shown == QUOTE_LIMIT {
                out.push_str("...\"");
                return out;
            }
            out.push_str(&piece);
            shown += 1;
        }
    }
    out.push('"');
    out
}

/// "invalid type: FOUND, expected EXPECTED". A function found where data
/// was expected carries the position of its definition.
pub(crate) fn invalid_type(found: &Value, expected: &dyn Expected) -> Error {
    let message = format!("invalid type: {}, expected {expected}", describe(found));
    let span = match found {
        Value::Closure(closure) => Some(closure.lambda().span()),
        Value::Thunk(thunk) => match thunk.value() {
            Some(Value::Closure(closure)) => Some(closure.lambda().span()),
            _ => None,
        },
        _ => None,
    };
    Error::data_at(message, span)
}

/// A string whose bytes are not UTF-8, where text was expected.
pub(crate) fn invalid_utf8(
    bytes: &[u8],
    error: &std::str::Utf8Error,
    expected: &dyn Expected,
) -> Error {
    Error::custom(format!(
        "invalid UTF-8 at byte {} of string {}, expected {expected}",
        error.valid_up_to(),
        quote(bytes)
    ))
}

/// A number outside the range of the Rust type.
pub(crate) fn out_of_range(value: &str, kind: &str, target: &str) -> Error {
    Error::custom(format!("{kind} `{value}` is out of range for {target}"))
}

/// What an externally tagged enum must look like.
pub(crate) fn enum_expectation(expected: &dyn Expected) -> String {
    format!("{expected} written as \"Variant\" or {{ Variant = ...; }}")
}
