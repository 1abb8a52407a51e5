//! Operators on evaluated operands: arithmetic, comparison, attribute-set
//! construction, interpolation. Each either answers at once or hands back
//! a generator for the cases that must force or call (deep equality, list
//! ordering, coercion through `__toString`).

use super::algorithms;
use super::generators::{new_generator, Generator};
use super::scalar::{append_to_path, shallow_compare, shallow_equal};
use crate::bytecode::operators::{numeric_arithmetic, OperatorClass};
use crate::bytecode::{AttrTable, BinOp};
use crate::errors::ErrorKind;
use crate::paths::{bytes_to_path, canonicalise};
use crate::value::{NixAttrs, NixString, SourcePos, Thunk, ThunkRepr, Value};
use std::cmp::Ordering;

pub(crate) enum Outcome {
    Value(Value),
    Generator(&'static str, Generator),
}

/// `+ - * /` on evaluated operands.
pub(crate) fn arithmetic(op: BinOp, lhs: Value, rhs: Value) -> Result<Outcome, ErrorKind> {
    use Value::{Float, Integer};
    if let Some(result) = numeric_arithmetic(op, &lhs, &rhs) {
        return result.map(Outcome::Value);
    }
    let value = match (op, &lhs, &rhs) {
        (BinOp::Add, Value::String(a), Value::String(b)) => {
            crate::limits::charge_memory(a.len().saturating_add(b.len()))?;
            Value::String(a.concat_string(b))
        }
        (BinOp::Add, Value::Path(a), Value::String(b)) => {
            return append_to_path(a, b).map(Outcome::Value)
        }
        (BinOp::Add, Value::Path(a), Value::Path(b)) => {
            let mut joined = a.as_os_str().as_encoded_bytes().to_vec();
            joined.extend_from_slice(b.as_os_str().as_encoded_bytes());
            Value::path(canonicalise(&bytes_to_path(&joined)))
        }
        (BinOp::Add, Integer(_) | Float(_), _) => {
            return Err(ErrorKind::CannotAdd {
                lhs: lhs.type_description(),
                rhs: rhs.type_description(),
            })
        }
        // Anything else is string concatenation, as in C++ Nix: a set with
        // `__toString` or `outPath` coerces on either side; other values
        // fail to coerce.
        (BinOp::Add, _, _) => {
            return Ok(Outcome::Generator(
                "string concatenation",
                new_generator(move |co| Box::pin(algorithms::concat_coerced(co, lhs, rhs))),
            ));
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

/// The result of `EagerOperator` speculation: `None` unless both operands
/// are numbers and the operation cannot fail. Computed by the same code as
/// the operators themselves, so speculation never changes a result.
#[inline]
pub(crate) fn eager_operator(op: BinOp, lhs: &Value, rhs: &Value) -> Option<Value> {
    // The hot case (`n - 1`).
    if let (Value::Integer(a), Value::Integer(b)) = (lhs, rhs) {
        if let Some(result) = op.on_integers(*a, *b) {
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
pub(crate) fn operator_without_forcing(op: BinOp, lhs: &Value, rhs: &Value) -> Option<Value> {
    match op.class() {
        OperatorClass::Arithmetic => numeric_arithmetic(op, lhs, rhs)?.ok(),
        OperatorClass::Equality => Some(Value::Bool(
            shallow_equal(lhs, rhs)? != (op == BinOp::NotEqual),
        )),
        OperatorClass::Ordering => {
            let (lhs, rhs) = ordered_operands(op, lhs, rhs);
            let ordering = shallow_compare(lhs, rhs).ok()??;
            Some(Value::Bool(is_less(op, ordering)))
        }
    }
}

/// `a > b` and `a <= b` compare `b` with `a`.
fn ordered_operands<T>(op: BinOp, lhs: T, rhs: T) -> (T, T) {
    if op.swaps_operands() {
        (rhs, lhs)
    } else {
        (lhs, rhs)
    }
}

/// An ordering operator's result from the ordering of its (swapped)
/// operands: `a <= b` is `!(b < a)`, `a >= b` is `!(a < b)`.
fn is_less(op: BinOp, ordering: Option<Ordering>) -> bool {
    (ordering == Some(Ordering::Less)) != op.inverts()
}

/// Equality and ordering on evaluated operands.
pub(crate) fn comparison(op: BinOp, lhs: Value, rhs: Value) -> Result<Outcome, ErrorKind> {
    match op.class() {
        OperatorClass::Equality => {
            let invert = op == BinOp::NotEqual;
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

/// `set.key` on an evaluated `set`.
pub(crate) fn select(set: &Value, key: &NixString) -> Result<Value, ErrorKind> {
    key.require_no_context()?;
    match set {
        Value::Attrs(attrs) => {
            attrs
                .get_name(key)
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

/// The set of a `StaticAttrs` instruction: the keys in `table`, in their
/// order, each with its value from `values` (which are taken).
pub(crate) fn build_static_attrs(values: &mut [Value], table: &AttrTable) -> NixAttrs {
    NixAttrs::from_sorted_unique(table.static_keys.iter().map(|(key, i)| {
        let i = *i as usize;
        let value = values.get_mut(i).map(std::mem::take).unwrap_or_default();
        (
            key.clone(),
            value,
            table.positions.get(i).copied().flatten(),
        )
    }))
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
pub(crate) fn interpolate(parts: Vec<Value>) -> Result<Outcome, ErrorKind> {
    let mut strings: Vec<&NixString> = Vec::with_capacity(parts.len());
    for part in &parts {
        match part {
            Value::String(s) => strings.push(s),
            _ => {
                return Ok(Outcome::Generator(
                    "string interpolation",
                    new_generator(move |co| Box::pin(algorithms::interpolate(co, parts))),
                ))
            }
        }
    }
    let bytes = strings
        .iter()
        .fold(0usize, |n, s| n.saturating_add(s.len()));
    crate::limits::charge_memory(bytes)?;
    Ok(Outcome::Value(Value::String(NixString::join(&strings))))
}

/// Turns the string of an interpolated path literal into a path.
pub(crate) fn string_to_path(value: &Value) -> Result<Value, ErrorKind> {
    match value {
        Value::String(s) if s.has_context() => Err(ErrorKind::StringContextInPath),
        Value::String(s) => Ok(Value::path(canonicalise(&bytes_to_path(s.as_bytes())))),
        Value::Path(p) => Ok(Value::Path(p.clone())),
        other => Err(ErrorKind::TypeError {
            expected: "a string",
            actual: other.type_description(),
        }),
    }
}

/// A value computed at once where C++ Nix makes a thunk (a lazily bound
/// selection or leaf): a function keeps the identity of a cell of its
/// own, as the thunk would give it. Inside containers, C++ Nix compares
/// values by address, so `{ a = g.f; } == { a = g.f; }` is false (two
/// thunks), while `let v = g.f; in [ v ] == [ v ]` is true (one).
pub(crate) fn fresh_cell(value: Value) -> Value {
    match value {
        Value::Closure(_) | Value::Builtin(_) => Value::Thunk(Thunk::evaluated(value)),
        other => other,
    }
}

/// Fills the placeholder of a recursive binding with its value.
pub(crate) fn fill_placeholder(placeholder: &Thunk, value: Value) {
    let repr = match value {
        Value::Thunk(thunk) if thunk.is_unique() => thunk.set(ThunkRepr::Blackhole),
        // Another binding's thunk: refer to it rather than copy its value,
        // which `__overrides` may still replace.
        Value::Thunk(thunk) => ThunkRepr::Suspended {
            lambda: crate::bytecode::synthetic::alias_lambda(),
            upvalues: crate::value::Captures::one(Value::Thunk(thunk)),
        },
        other => ThunkRepr::Evaluated(other),
    };
    placeholder.set(repr);
}
