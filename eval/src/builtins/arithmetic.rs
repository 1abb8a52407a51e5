//! Arithmetic builtins: `add`, `sub`, `mul`, `div` (the operators as
//! functions, numbers only), `lessThan` (the `<` ordering), the bitwise
//! operations on integers and `ceil`/`floor`.

use super::support::arg;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Value};
use crate::vm::algorithms::compare;
use std::cmp::Ordering;

#[derive(Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

fn overflow(operation: &'static str, symbol: &'static str, lhs: i64, rhs: i64) -> ErrorKind {
    ErrorKind::IntegerOverflow {
        operation,
        symbol,
        lhs,
        rhs,
    }
}

/// Applies an arithmetic operation to two numbers: integers stay
/// integers (overflow is an error), anything with a float is a float.
fn arithmetic(op: Arith, lhs: &Value, rhs: &Value) -> Result<Value, ErrorKind> {
    match (lhs, rhs) {
        (Value::Integer(a), Value::Integer(b)) => {
            let (a, b) = (*a, *b);
            let result = match op {
                Arith::Add => a
                    .checked_add(b)
                    .ok_or_else(|| overflow("adding", "+", a, b))?,
                Arith::Sub => a
                    .checked_sub(b)
                    .ok_or_else(|| overflow("subtracting", "-", a, b))?,
                Arith::Mul => a
                    .checked_mul(b)
                    .ok_or_else(|| overflow("multiplying", "*", a, b))?,
                Arith::Div => {
                    if b == 0 {
                        return Err(ErrorKind::DivisionByZero);
                    }
                    a.checked_div(b)
                        .ok_or_else(|| overflow("dividing", "/", a, b))?
                }
            };
            Ok(Value::Integer(result))
        }
        _ => {
            // C++ Nix asks for an integer when neither side is a float.
            let either_float = matches!(lhs, Value::Float(_)) || matches!(rhs, Value::Float(_));
            let number = |v: &Value| -> Result<f64, ErrorKind> {
                match v {
                    Value::Integer(i) => Ok(*i as f64),
                    Value::Float(f) => Ok(*f),
                    other => Err(ErrorKind::TypeError {
                        expected: if either_float {
                            "a float"
                        } else {
                            "an integer"
                        },
                        actual: other.type_description(),
                    }),
                }
            };
            let (a, b) = (number(lhs)?, number(rhs)?);
            Ok(Value::Float(match op {
                Arith::Add => a + b,
                Arith::Sub => a - b,
                Arith::Mul => a * b,
                Arith::Div => {
                    if b == 0.0 {
                        return Err(ErrorKind::DivisionByZero);
                    }
                    a / b
                }
            }))
        }
    }
}

fn arithmetic_builtin(name: &'static str, op: Arith, doc: &'static str) -> BuiltinDef {
    BuiltinDef::sync(name, 2, doc, move |mut args| {
        let (a, b) = (arg(&mut args, 0), arg(&mut args, 1));
        arithmetic(op, &a, &b)
    })
}

fn bitwise_builtin(name: &'static str, doc: &'static str, f: fn(i64, i64) -> i64) -> BuiltinDef {
    BuiltinDef::sync(name, 2, doc, move |mut args| {
        let a = arg(&mut args, 0).as_int()?;
        let b = arg(&mut args, 1).as_int()?;
        Ok(Value::Integer(f(a, b)))
    })
}

/// `ceil`/`floor`: an integer stays as it is; a float is rounded.
fn rounding_builtin(name: &'static str, doc: &'static str, round: fn(f64) -> f64) -> BuiltinDef {
    BuiltinDef::sync(name, 1, doc, move |mut args| match arg(&mut args, 0) {
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
        arithmetic_builtin("add", Arith::Add, "The sum of two numbers."),
        arithmetic_builtin("sub", Arith::Sub, "The difference of two numbers."),
        arithmetic_builtin("mul", Arith::Mul, "The product of two numbers."),
        arithmetic_builtin(
            "div",
            Arith::Div,
            "The quotient of two numbers (integer division for integers).",
        ),
        BuiltinDef::generator(
            "lessThan",
            2,
            "Whether the first argument is less than the second (`<`).",
            |co, mut args| {
                Box::pin(async move {
                    let (a, b) = (arg(&mut args, 0), arg(&mut args, 1));
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
