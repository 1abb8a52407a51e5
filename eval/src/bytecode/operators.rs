//! The binary operators of the language that have their own opcode
//! (`Op::Binary`): arithmetic, equality and ordering. One declarative
//! table gives each operator its name, its symbol, the syntax it is
//! compiled from and its value on two integers when that cannot fail (the
//! hot case, shared by the VM loop, speculation and leaf lambdas); the
//! number-only arithmetic of `+ - * /` (also the builtins `add`, `sub`,
//! `mul` and `div`) is here too. Operators that force, coerce or call
//! live in the VM.

use crate::errors::ErrorKind;
use crate::syntax::BinaryOp as BinOpKind;
use crate::value::Value;

macro_rules! binary_operators {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident, $symbol:literal, $syntax:ident, $class:ident, |$a:ident, $b:ident| $integers:expr;
    )*) => {
        /// A binary operator with an opcode of its own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum BinOp {
            $( $(#[doc = $doc])* $name, )*
        }

        impl BinOp {
            /// Every operator.
            #[cfg(test)]
            pub const ALL: &'static [BinOp] = &[$( BinOp::$name, )*];

            /// The operator as written in Nix source.
            pub fn symbol(self) -> &'static str {
                match self {
                    $( BinOp::$name => $symbol, )*
                }
            }

            /// Arithmetic, equality or ordering.
            pub fn class(self) -> OperatorClass {
                match self {
                    $( BinOp::$name => OperatorClass::$class, )*
                }
            }

            /// The operator of a syntax tree's binary operation, if it has
            /// an opcode (`&&`, `||`, `->`, `++`, `//` and `|>` compile
            /// otherwise).
            pub fn from_syntax(kind: BinOpKind) -> Option<BinOp> {
                match kind {
                    $( BinOpKind::$syntax => Some(BinOp::$name), )*
                    _ => None,
                }
            }

            /// The value on two integers when computing it cannot fail:
            /// `None` on overflow and for `/` (which may divide by zero).
            #[inline(always)]
            pub fn on_integers(self, lhs: i64, rhs: i64) -> Option<Value> {
                match self {
                    $( BinOp::$name => {
                        let ($a, $b) = (lhs, rhs);
                        $integers
                    } )*
                }
            }
        }
    };
}

/// What kind of operation a [`BinOp`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorClass {
    /// `+ - * /`: numbers (and, for `+`, strings and paths).
    Arithmetic,
    /// `==` and `!=`: any two values.
    Equality,
    /// `< <= > >=`: numbers, strings, paths and lists.
    Ordering,
}

binary_operators! {
    /// `+`
    Add, "+", Add, Arithmetic, |a, b| Some(Value::Integer(a.checked_add(b)?));
    /// `-`
    Sub, "-", Sub, Arithmetic, |a, b| Some(Value::Integer(a.checked_sub(b)?));
    /// `*`
    Mul, "*", Mul, Arithmetic, |a, b| Some(Value::Integer(a.checked_mul(b)?));
    /// `/`
    Div, "/", Div, Arithmetic, |a, b| { let _ = (a, b); None };
    /// `==`
    Equal, "==", Equal, Equality, |a, b| Some(Value::Bool(a == b));
    /// `!=`
    NotEqual, "!=", NotEqual, Equality, |a, b| Some(Value::Bool(a != b));
    /// `<`
    Less, "<", Less, Ordering, |a, b| Some(Value::Bool(a < b));
    /// `<=`
    LessEq, "<=", LessOrEq, Ordering, |a, b| Some(Value::Bool(a <= b));
    /// `>`
    More, ">", More, Ordering, |a, b| Some(Value::Bool(a > b));
    /// `>=`
    MoreEq, ">=", MoreOrEq, Ordering, |a, b| Some(Value::Bool(a >= b));
}

impl BinOp {
    /// For an ordering operator, whether its operands are compared in
    /// swapped order (`a > b` is `b < a`, `a <= b` is `!(b < a)`).
    pub fn swaps_operands(self) -> bool {
        matches!(self, BinOp::More | BinOp::LessEq)
    }

    /// For an ordering operator, whether the result of `<` on its
    /// (swapped) operands is inverted.
    pub fn inverts(self) -> bool {
        matches!(self, BinOp::LessEq | BinOp::MoreEq)
    }
}

fn overflow(op: BinOp, lhs: i64, rhs: i64) -> ErrorKind {
    let operation = match op {
        BinOp::Add => "adding",
        BinOp::Sub => "subtracting",
        BinOp::Mul => "multiplying",
        _ => "dividing",
    };
    ErrorKind::IntegerOverflow {
        operation,
        symbol: op.symbol(),
        lhs,
        rhs,
    }
}

/// `+ - * /` on two numbers: integers stay integers (overflow and
/// division by zero are errors), anything with a float is a float. `None`
/// unless `op` is arithmetic and both operands are numbers.
#[inline]
pub fn numeric_arithmetic(op: BinOp, lhs: &Value, rhs: &Value) -> Option<Result<Value, ErrorKind>> {
    use Value::{Float, Integer};
    if op.class() != OperatorClass::Arithmetic {
        return None;
    }
    Some(Ok(match (lhs, rhs) {
        (Integer(_), Integer(0)) if op == BinOp::Div => {
            return Some(Err(ErrorKind::DivisionByZero))
        }
        (Integer(a), Integer(b)) => {
            let result = match op {
                BinOp::Add => a.checked_add(*b),
                BinOp::Sub => a.checked_sub(*b),
                BinOp::Mul => a.checked_mul(*b),
                _ => a.checked_div(*b),
            };
            match result {
                Some(v) => Integer(v),
                None => return Some(Err(overflow(op, *a, *b))),
            }
        }
        (Integer(_) | Float(_), Integer(_) | Float(_)) => {
            let (a, b) = (lhs.as_float().ok()?, rhs.as_float().ok()?);
            Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                _ if b == 0.0 => return Some(Err(ErrorKind::DivisionByZero)),
                _ => a / b,
            })
        }
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_has_its_syntax() {
        for &op in BinOp::ALL {
            let back = BinOp::ALL.iter().find(|o| o.symbol() == op.symbol());
            assert_eq!(back, Some(&op));
        }
        assert_eq!(BinOp::from_syntax(BinOpKind::LessOrEq), Some(BinOp::LessEq));
        assert_eq!(BinOp::from_syntax(BinOpKind::Concat), None);
    }

    #[test]
    fn integers() {
        assert!(matches!(
            BinOp::Add.on_integers(1, 2),
            Some(Value::Integer(3))
        ));
        assert!(BinOp::Add.on_integers(i64::MAX, 1).is_none());
        assert!(BinOp::Div.on_integers(4, 2).is_none());
        assert!(matches!(
            BinOp::LessEq.on_integers(2, 2),
            Some(Value::Bool(true))
        ));
        assert!(matches!(
            numeric_arithmetic(BinOp::Div, &Value::Integer(7), &Value::Integer(2)),
            Some(Ok(Value::Integer(3)))
        ));
        assert!(matches!(
            numeric_arithmetic(BinOp::Div, &Value::Integer(7), &Value::Integer(0)),
            Some(Err(ErrorKind::DivisionByZero))
        ));
        assert!(numeric_arithmetic(BinOp::Less, &Value::Integer(1), &Value::Integer(2)).is_none());
    }
}
