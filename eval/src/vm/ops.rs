//! Operators on evaluated operands: arithmetic, comparison, attribute-set
//! construction, interpolation. Each either answers at once or hands back
//! a generator for the cases that must force or call (deep equality, list
//! ordering, coercion through `__toString`).

use super::algorithms;
use super::generators::{new_generator, Generator};
use crate::chunk::Op;
use crate::errors::ErrorKind;
use crate::value::{Lambda, NixAttrs, NixString, SourcePos, Thunk, ThunkRepr, Value};
use codemap::Span;
use std::cmp::Ordering;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

pub(crate) enum Outcome {
    Value(Value),
    Generator(&'static str, Generator),
}

fn overflow(operation: &'static str, symbol: &'static str, lhs: i64, rhs: i64) -> ErrorKind {
    ErrorKind::IntegerOverflow {
        operation,
        symbol,
        lhs,
        rhs,
    }
}

/// `+ - * /` on two numbers: integers stay integers (overflow and
/// division by zero are errors), anything with a float is a float. `None`
/// unless both operands are numbers.
#[inline]
pub(crate) fn numeric_arithmetic(
    op: Op,
    lhs: &Value,
    rhs: &Value,
) -> Option<Result<Value, ErrorKind>> {
    use Value::{Float, Integer};
    Some(Ok(match (op, lhs, rhs) {
        (Op::Add, Integer(a), Integer(b)) => match a.checked_add(*b) {
            Some(v) => Integer(v),
            None => return Some(Err(overflow("adding", "+", *a, *b))),
        },
        (Op::Sub, Integer(a), Integer(b)) => match a.checked_sub(*b) {
            Some(v) => Integer(v),
            None => return Some(Err(overflow("subtracting", "-", *a, *b))),
        },
        (Op::Mul, Integer(a), Integer(b)) => match a.checked_mul(*b) {
            Some(v) => Integer(v),
            None => return Some(Err(overflow("multiplying", "*", *a, *b))),
        },
        (Op::Div, Integer(_), Integer(0)) => return Some(Err(ErrorKind::DivisionByZero)),
        (Op::Div, Integer(a), Integer(b)) => match a.checked_div(*b) {
            Some(v) => Integer(v),
            None => return Some(Err(overflow("dividing", "/", *a, *b))),
        },
        (_, Integer(_) | Float(_), Integer(_) | Float(_)) => {
            let (a, b) = (lhs.as_float().ok()?, rhs.as_float().ok()?);
            Float(match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                _ if b == 0.0 => return Some(Err(ErrorKind::DivisionByZero)),
                _ => a / b,
            })
        }
        _ => return None,
    }))
}

/// `path + string`: the path with the string appended, canonicalised. A
/// string with a context cannot be appended to a path.
pub(crate) fn append_to_path(path: &Path, s: &NixString) -> Result<Value, ErrorKind> {
    if s.has_context() {
        return Err(ErrorKind::Other(
            "a string that refers to a store path cannot be appended to a path".into(),
        ));
    }
    let mut joined = path.as_os_str().as_encoded_bytes().to_vec();
    joined.extend_from_slice(s.as_bytes());
    Ok(Value::path(canonicalise(&bytes_to_path(&joined))))
}

/// `+ - * /` on evaluated operands.
pub(crate) fn arithmetic(op: Op, lhs: Value, rhs: Value) -> Result<Outcome, ErrorKind> {
    use Value::{Float, Integer};
    if let Some(result) = numeric_arithmetic(op, &lhs, &rhs) {
        return result.map(Outcome::Value);
    }
    let value = match (op, &lhs, &rhs) {
        (Op::Add, Value::String(a), Value::String(b)) => Value::String(a.concat_string(b)),
        (Op::Add, Value::Path(a), Value::String(b)) => {
            return append_to_path(a, b).map(Outcome::Value)
        }
        (Op::Add, Value::Path(a), Value::Path(b)) => {
            let mut joined = a.as_os_str().as_encoded_bytes().to_vec();
            joined.extend_from_slice(b.as_os_str().as_encoded_bytes());
            Value::path(canonicalise(&bytes_to_path(&joined)))
        }
        (Op::Add, Value::String(_) | Value::Path(_) | Value::Attrs(_), _) => {
            return Ok(Outcome::Generator(
                "string concatenation",
                new_generator(move |co| Box::pin(algorithms::concat_coerced(co, lhs, rhs))),
            ));
        }
        (Op::Add, _, _) => {
            return Err(ErrorKind::CannotAdd {
                lhs: lhs.type_description(),
                rhs: rhs.type_description(),
            })
        }
        (_, Integer(_) | Float(_), _) => {
            return Err(ErrorKind::TypeError {
                expected: "an integer",
                actual: rhs.type_description(),
            })
        }
        _ => {
            return Err(ErrorKind::TypeError {
                expected: "an integer",
                actual: lhs.type_description(),
            })
        }
    };
    Ok(Outcome::Value(value))
}

/// The operators `EagerOperator` speculates on, by their code.
pub(crate) const EAGER_OPERATORS: [Op; 10] = [
    Op::Add,
    Op::Sub,
    Op::Mul,
    Op::Div,
    Op::Equal,
    Op::NotEqual,
    Op::Less,
    Op::LessEq,
    Op::More,
    Op::MoreEq,
];

/// A binary operator on two integers when it cannot fail: the hot case
/// of arithmetic and comparisons, as `numeric_arithmetic` and
/// `comparison` compute it. `None` on overflow and for `/` (which may
/// divide by zero) and other operators.
#[inline(always)]
pub(crate) fn integer_operator(op: Op, a: i64, b: i64) -> Option<Value> {
    Some(match op {
        Op::Add => Value::Integer(a.checked_add(b)?),
        Op::Sub => Value::Integer(a.checked_sub(b)?),
        Op::Mul => Value::Integer(a.checked_mul(b)?),
        Op::Equal => Value::Bool(a == b),
        Op::NotEqual => Value::Bool(a != b),
        Op::Less => Value::Bool(a < b),
        Op::LessEq => Value::Bool(a <= b),
        Op::More => Value::Bool(a > b),
        Op::MoreEq => Value::Bool(a >= b),
        _ => return None,
    })
}

/// The result of `EagerOperator` speculation: `None` unless both operands
/// are numbers and the operation cannot fail. Computed by the same code as
/// the operators themselves, so speculation never changes a result.
#[inline]
pub(crate) fn eager_operator(code: u8, lhs: &Value, rhs: &Value) -> Option<Value> {
    let op = *EAGER_OPERATORS.get(code as usize)?;
    // The hot case (`n - 1`).
    if let (Value::Integer(a), Value::Integer(b)) = (lhs, rhs) {
        if let Some(result) = integer_operator(op, *a, *b) {
            return Some(result);
        }
    }
    let is_number = |v: &Value| matches!(v, Value::Integer(_) | Value::Float(_));
    if !is_number(lhs) || !is_number(rhs) {
        return None;
    }
    operator_without_forcing(op, lhs, rhs)
}

/// A binary operator's value when computing it needs neither forcing nor
/// a generator and cannot fail: numbers, strings and other scalars. `None`
/// otherwise (the operator then runs in full and reports any error).
#[inline]
pub(crate) fn operator_without_forcing(op: Op, lhs: &Value, rhs: &Value) -> Option<Value> {
    match op {
        Op::Add | Op::Sub | Op::Mul | Op::Div => numeric_arithmetic(op, lhs, rhs)?.ok(),
        Op::Equal | Op::NotEqual => Some(Value::Bool(
            shallow_equal(lhs, rhs)? != (op == Op::NotEqual),
        )),
        Op::Less | Op::LessEq | Op::More | Op::MoreEq => {
            let (lhs, rhs) = ordered_operands(op, lhs, rhs);
            let ordering = shallow_compare(lhs, rhs).ok()??;
            Some(Value::Bool(is_less(op, ordering)))
        }
        _ => None,
    }
}

/// `a > b` and `a <= b` compare `b` with `a`.
fn ordered_operands<T>(op: Op, lhs: T, rhs: T) -> (T, T) {
    match op {
        Op::More | Op::LessEq => (rhs, lhs),
        _ => (lhs, rhs),
    }
}

/// An ordering operator's result from the ordering of its (swapped)
/// operands: `a <= b` is `!(b < a)`, `a >= b` is `!(a < b)`.
fn is_less(op: Op, ordering: Option<Ordering>) -> bool {
    let invert = matches!(op, Op::LessEq | Op::MoreEq);
    (ordering == Some(Ordering::Less)) != invert
}

/// Equality and ordering on evaluated operands.
pub(crate) fn comparison(op: Op, lhs: Value, rhs: Value) -> Result<Outcome, ErrorKind> {
    match op {
        Op::Equal | Op::NotEqual => {
            let invert = op == Op::NotEqual;
            if let Some(eq) = shallow_equal(&lhs, &rhs) {
                return Ok(Outcome::Value(Value::Bool(eq != invert)));
            }
            Ok(Outcome::Generator(
                "equality",
                new_generator(move |co| {
                    Box::pin(async move {
                        let eq = algorithms::deep_equal(&co, lhs, rhs).await;
                        Ok(Value::Bool(eq != invert))
                    })
                }),
            ))
        }
        _ => {
            let (lhs, rhs) = ordered_operands(op, lhs, rhs);
            if let Some(ordering) = shallow_compare(&lhs, &rhs)? {
                return Ok(Outcome::Value(Value::Bool(is_less(op, ordering))));
            }
            Ok(Outcome::Generator(
                "comparison",
                new_generator(move |co| {
                    Box::pin(async move {
                        let ordering = algorithms::compare(&co, lhs, rhs).await?;
                        Ok(Value::Bool(is_less(op, ordering)))
                    })
                }),
            ))
        }
    }
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
            if a.is_empty() || a.ptr_eq(b) {
                return Some(true);
            }
            return None;
        }
        (Value::Attrs(a), Value::Attrs(b)) => {
            if a.ptr_eq(b) && !a.contains(b"type") {
                return Some(true);
            }
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

/// `set.key` on an evaluated `set`.
pub(crate) fn select(set: &Value, key: &NixString) -> Result<Value, ErrorKind> {
    key.require_no_context()?;
    match set {
        Value::Attrs(attrs) => {
            attrs
                .get(key.as_bytes())
                .cloned()
                .ok_or_else(|| ErrorKind::AttributeMissing {
                    name: key.to_string(),
                })
        }
        other => Err(select_type_error(other)),
    }
}

/// The error for selecting from something that is not a set.
pub(crate) fn select_type_error(value: &Value) -> ErrorKind {
    ErrorKind::TypeError {
        expected: "a set",
        actual: value.type_description(),
    }
}

/// Builds a set from (key, value) pairs whose keys are distinct static
/// names: taken in `order`, the keys' order, without sorting or checking.
pub(crate) fn build_attrs_in_order(
    pairs: &mut [Value],
    order: &[u32],
    positions: &[Option<SourcePos>],
) -> Result<NixAttrs, ErrorKind> {
    let mut entries = Vec::with_capacity(order.len());
    for &i in order {
        let i = i as usize;
        let key = match std::mem::take(&mut pairs[2 * i]) {
            Value::String(key) => key,
            other => {
                return Err(ErrorKind::TypeError {
                    expected: "a string",
                    actual: other.type_description(),
                })
            }
        };
        let value = std::mem::take(&mut pairs[2 * i + 1]);
        entries.push((key, value, positions.get(i).copied().flatten()));
    }
    Ok(NixAttrs::from_sorted_unique(entries))
}

/// Builds a set from (key, value) pairs; null keys are skipped.
pub(crate) fn build_attrs(
    mut pairs: impl Iterator<Item = Value>,
    positions: &[Option<SourcePos>],
) -> Result<NixAttrs, ErrorKind> {
    let mut entries = Vec::with_capacity(positions.len());
    let mut positions = positions.iter();
    while let (Some(key), Some(value)) = (pairs.next(), pairs.next()) {
        let pos = positions.next().copied().flatten();
        match key {
            Value::String(key) => {
                key.require_no_context()?;
                entries.push((key, value, pos))
            }
            Value::Null => {}
            other => {
                return Err(ErrorKind::TypeError {
                    expected: "a string",
                    actual: other.type_description(),
                })
            }
        }
    }
    NixAttrs::from_unique_with_positions(entries)
        .map_err(|dup| ErrorKind::DuplicateDynamicAttribute(dup.to_string()))
}

/// Concatenates evaluated interpolation parts (with their contexts).
pub(crate) fn interpolate(parts: Vec<Value>) -> Outcome {
    let mut strings: Vec<&NixString> = Vec::with_capacity(parts.len());
    for part in &parts {
        match part {
            Value::String(s) => strings.push(s),
            _ => {
                return Outcome::Generator(
                    "string interpolation",
                    new_generator(move |co| Box::pin(algorithms::interpolate(co, parts))),
                )
            }
        }
    }
    Outcome::Value(Value::String(NixString::join(&strings)))
}

/// Turns the string of an interpolated path literal into a path.
pub(crate) fn string_to_path(value: &Value) -> Result<Value, ErrorKind> {
    match value {
        Value::String(s) if s.has_context() => Err(ErrorKind::Other(
            "a string that refers to a store path cannot be appended to a path".into(),
        )),
        Value::String(s) => Ok(Value::path(canonicalise(&bytes_to_path(s.as_bytes())))),
        Value::Path(p) => Ok(Value::Path(p.clone())),
        other => Err(ErrorKind::TypeError {
            expected: "a string",
            actual: other.type_description(),
        }),
    }
}

pub(crate) fn bytes_to_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// Removes `.`, `..` and repeated slashes lexically, as Nix does for paths.
pub fn canonicalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(c) => out.push(c),
        }
    }
    out
}

thread_local! {
    static ALIAS: Rc<Lambda> = Rc::new(crate::compiler::alias_lambda());
}

/// Fills the placeholder of a recursive binding with its value.
pub(crate) fn fill_placeholder(placeholder: &Thunk, value: Value, _span: Span) {
    let repr = match value {
        Value::Thunk(thunk) if thunk.is_unique() => thunk.set(ThunkRepr::Blackhole),
        // Another binding's thunk: refer to it rather than copy its value,
        // which `__overrides` may still replace.
        Value::Thunk(thunk) => ThunkRepr::Suspended {
            lambda: ALIAS.with(|a| a.clone()),
            upvalues: Rc::from(vec![Value::Thunk(thunk)]),
        },
        other => ThunkRepr::Evaluated(other),
    };
    placeholder.set(repr);
}
