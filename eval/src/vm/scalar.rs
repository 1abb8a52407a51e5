//! Operators on evaluated values that never force, call or coerce:
//! equality and ordering as far as they can be decided without forcing
//! (scalars, empty containers), and appending a string to a path. The
//! operators of `ops`, the algorithms that force (`algorithms`), leaf
//! lambdas and builtins build on them.

use crate::errors::ErrorKind;
use crate::paths::{bytes_to_path, canonicalise};
use crate::value::{NixString, Value};
use std::cmp::Ordering;
use std::path::Path;

/// `path + string`: the path with the string appended, canonicalised. A
/// string with a context cannot be appended to a path.
pub(crate) fn append_to_path(path: &Path, s: &NixString) -> Result<Value, ErrorKind> {
    if s.has_context() {
        return Err(ErrorKind::StringContextInPath);
    }
    let mut joined = path.as_os_str().as_encoded_bytes().to_vec();
    joined.extend_from_slice(s.as_bytes());
    Ok(Value::path(canonicalise(&bytes_to_path(&joined))))
}

/// Equality when it needs no forcing: `None` for non-empty containers.
pub(crate) fn shallow_equal(lhs: &Value, rhs: &Value) -> Option<bool> {
    Some(match (lhs, rhs) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Integer(a), Value::Integer(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Integer(a), Value::Float(b)) | (Value::Float(b), Value::Integer(a)) => {
            (*a as f64) == *b
        }
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Path(a), Value::Path(b)) => a == b,
        (Value::List(a), Value::List(b)) => {
            if a.len() != b.len() {
                return Some(false);
            }
            // No shortcut for the same list: its elements are still
            // forced, as in C++ Nix.
            if a.is_empty() {
                return Some(true);
            }
            return None;
        }
        (Value::Attrs(a), Value::Attrs(b)) => {
            if a.is_empty() && b.is_empty() {
                return Some(true);
            }
            return None;
        }
        (Value::Thunk(_), _) | (_, Value::Thunk(_)) => return None,
        _ => false,
    })
}

/// Ordering when it needs no forcing: `Ok(None)` for lists. The inner
/// `Option` is `None` for unordered floats (NaN).
pub(crate) fn shallow_compare(
    lhs: &Value,
    rhs: &Value,
) -> Result<Option<Option<Ordering>>, ErrorKind> {
    Ok(Some(match (lhs, rhs) {
        (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
        (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
        (Value::Integer(a), Value::Float(b)) => (*a as f64).partial_cmp(b),
        (Value::Float(a), Value::Integer(b)) => a.partial_cmp(&(*b as f64)),
        (Value::String(a), Value::String(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (Value::Path(a), Value::Path(b)) => Some(a.as_os_str().cmp(b.as_os_str())),
        (Value::List(_), Value::List(_)) => return Ok(None),
        _ => {
            return Err(ErrorKind::Incomparable {
                lhs: lhs.type_description(),
                rhs: rhs.type_description(),
            })
        }
    }))
}
