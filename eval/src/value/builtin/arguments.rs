//! Typed parameters of builtins: [`FromArgument`] turns one argument
//! into a Rust type with the type error Nix gives for it, and
//! [`Parameters`] does so for a tuple of them, which also fixes the
//! builtin's arity and which of its arguments are forced first.

use crate::errors::ErrorKind;
use crate::value::{NixAttrs, NixList, NixString, Value};

/// A Rust type a builtin's argument is converted to.
pub trait FromArgument: Sized {
    /// Whether the VM forces the argument before the builtin runs. A
    /// strict argument is never a thunk when converted.
    const STRICT: bool = true;

    /// The argument as this type, or Nix's type error.
    fn from_argument(value: Value) -> Result<Self, ErrorKind>;
}

/// Any value, forced.
impl FromArgument for Value {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        Ok(value)
    }
}

/// An argument passed unforced (possibly a thunk): the builtin decides
/// whether and when to evaluate it.
#[derive(Clone, Debug, Default)]
pub struct Lazy(pub Value);

impl FromArgument for Lazy {
    const STRICT: bool = false;

    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        Ok(Lazy(value))
    }
}

/// A function: a lambda, a builtin or a set with `__functor`, checked
/// as C++ Nix checks before calling one.
#[derive(Clone, Debug)]
pub struct Function(pub Value);

impl FromArgument for Function {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        match &value {
            Value::Closure(_) | Value::Builtin(_) => Ok(Function(value)),
            Value::Attrs(a) if a.contains(b"__functor") => Ok(Function(value)),
            other => Err(ErrorKind::TypeError {
                expected: "a function",
                actual: other.type_description(),
            }),
        }
    }
}

/// A number as Nix's float operations take it: an integer or a float.
impl FromArgument for f64 {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        value.as_float()
    }
}

impl FromArgument for i64 {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        value.as_int()
    }
}

impl FromArgument for bool {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        value.as_bool()
    }
}

/// A string, not coerced (its context kept).
impl FromArgument for NixString {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(other.type_error("a string")),
        }
    }
}

impl FromArgument for NixList {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        match value {
            Value::List(l) => Ok(l),
            other => Err(other.type_error("a list")),
        }
    }
}

impl FromArgument for NixAttrs {
    fn from_argument(value: Value) -> Result<Self, ErrorKind> {
        match value {
            Value::Attrs(a) => Ok(a),
            other => Err(other.type_error("a set")),
        }
    }
}

/// The parameter list of a typed builtin: a tuple of [`FromArgument`]
/// types, converted left to right (the first type error wins, as when
/// C++ Nix forces its arguments in order).
pub trait Parameters: Sized {
    /// The number of arguments: the tuple's length.
    const ARITY: usize;
    /// Bit `i` set: argument `i` is forced before the call.
    const STRICT: u64;

    /// Converts the arguments, failing with the first that has the wrong type.
    fn from_arguments(args: Vec<Value>) -> Result<Self, ErrorKind>;
}

macro_rules! parameters {
    ($arity:expr; $($t:ident $i:tt),+) => {
        impl<$($t: FromArgument),+> Parameters for ($($t,)+) {
            const ARITY: usize = $arity;
            const STRICT: u64 = 0 $(| (($t::STRICT as u64) << $i))+;

            fn from_arguments(args: Vec<Value>) -> Result<Self, ErrorKind> {
                let mut args = args.into_iter();
                Ok(($($t::from_argument(args.next().unwrap_or_default())?,)+))
            }
        }
    };
}

parameters!(1; A 0);
parameters!(2; A 0, B 1);
parameters!(3; A 0, B 1, C 2);
parameters!(4; A 0, B 1, C 2, D 3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arity_and_strictness_come_from_the_types() {
        assert_eq!(<(Lazy, i64) as Parameters>::ARITY, 2);
        assert_eq!(<(Lazy, i64) as Parameters>::STRICT, 0b10);
        assert_eq!(<(Value, Lazy, NixList) as Parameters>::STRICT, 0b101);
    }

    #[test]
    fn conversion_errors_name_the_first_bad_argument() {
        let args = vec![Value::Integer(1), Value::Bool(true)];
        let error = <(i64, NixList)>::from_arguments(args)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error,
            Some(
                ErrorKind::TypeError {
                    expected: "a list",
                    actual: "a Boolean"
                }
                .to_string()
            )
        );
    }
}
