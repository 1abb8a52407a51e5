//! Arithmetic builtins: `add`, `sub`, `mul`, `div` (the operators as
//! functions, numbers only), `lessThan` (the `<` ordering), the bitwise
//! operations on integers and `ceil`/`floor`.

use crate::bytecode::operators::numeric_arithmetic;
use crate::bytecode::BinOp;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Value};
use crate::vm::algorithms::compare;
use std::cmp::Ordering;

/// Applies an arithmetic operation to two numbers: integers stay
/// integers (overflow is an error), anything with a float is a float.
fn arithmetic(op: BinOp, lhs: &Value, rhs: &Value) -> Result<Value, ErrorKind> {
    if let Some(result) = numeric_arithmetic(op, lhs, rhs) {
        return result;
    }
    // C++ Nix asks for a float when either side is one, else an integer.
    let either_float = matches!(lhs, Value::Float(_)) || matches!(rhs, Value::Float(_));
    let culprit = if matches!(lhs, Value::Integer(_) | Value::Float(_)) {
        rhs
    } else {
        lhs
    };
    Err(ErrorKind::TypeError {
        expected: if either_float {
            "a float"
        } else {
            "an integer"
        },
        actual: culprit.type_description(),
    })
}

fn arithmetic_builtin(name: &'static str, op: BinOp, doc: &'static str) -> BuiltinDef {
    BuiltinDef::plain(name, doc, move |(a, b): (Value, Value)| {
        arithmetic(op, &a, &b)
    })
}

fn bitwise_builtin(name: &'static str, doc: &'static str, f: fn(i64, i64) -> i64) -> BuiltinDef {
    BuiltinDef::plain(name, doc, move |(a, b): (i64, i64)| {
        Ok(Value::Integer(f(a, b)))
    })
}

/// `ceil`/`floor`: an integer stays as it is; a float is rounded.
fn rounding_builtin(name: &'static str, doc: &'static str, round: fn(f64) -> f64) -> BuiltinDef {
    BuiltinDef::plain(name, doc, move |(x,): (Value,)| match x {
        Value::Integer(i) => Ok(Value::Integer(i)),
        Value::Float(f) => Ok(Value::Integer(round(f) as i64)),
        other => Err(ErrorKind::TypeError {
            expected: "a float",
            actual: other.type_description(),
        }),
    })
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        arithmetic_builtin("add", BinOp::Add, "The sum of two numbers."),
        arithmetic_builtin("sub", BinOp::Sub, "The difference of two numbers."),
        arithmetic_builtin("mul", BinOp::Mul, "The product of two numbers."),
        arithmetic_builtin(
            "div",
            BinOp::Div,
            "The quotient of two numbers (integer division for integers).",
        ),
        BuiltinDef::generator(
            "lessThan",
            "Whether the first argument is less than the second (`<`).",
            |co, (a, b): (Value, Value)| {
                Box::pin(async move {
                    Ok(Value::Bool(
                        compare(&co, a, b).await? == Some(Ordering::Less),
                    ))
                })
            },
        ),
        bitwise_builtin("bitAnd", "The bitwise AND of two integers.", |a, b| a & b),
        bitwise_builtin("bitOr", "The bitwise OR of two integers.", |a, b| a | b),
        bitwise_builtin("bitXor", "The bitwise XOR of two integers.", |a, b| a ^ b),
        rounding_builtin(
            "ceil",
            "The smallest integer not less than a number.",
            f64::ceil,
        ),
        rounding_builtin(
            "floor",
            "The largest integer not greater than a number.",
            f64::floor,
        ),
    ]
}
