//! Leaf lambdas: tiny functions computed on the spot, without a frame.
//!
//! Functions handed to builtins are often tiny: `a: b: a < b`,
//! `x: x.key`, `acc: x: acc + x`. When a lambda's code only reads its
//! argument, upvalues and constants, selects attributes and applies
//! operators, it is also turned into a small expression tree (a [`Leaf`])
//! when the lambda is built. A call can then compute it directly from
//! references to its operands: no frame, no value stack, no bytecode loop.
//! The moment anything needs more (a thunk to force, an operand that is
//! not a scalar, anything that would fail) the attempt is abandoned,
//! having changed nothing, and the call takes the ordinary path, which
//! does the whole work in full. So results and errors are always exactly
//! those of the bytecode.

use super::ops;
use crate::chunk::{binary_operator, Chunk, Op};
use crate::value::{Lambda, NixString, Value};
use std::borrow::Cow;

/// Code longer than this is not worth a tree (and keeps trees shallow).
const MAX_LEAF_CODE: usize = 24;

/// A leaf lambda's body as an expression tree.
pub(crate) enum Leaf {
    /// The argument.
    Argument,
    Upvalue(u32),
    Constant(Value),
    /// The operand, which must be evaluated.
    Force(Box<Leaf>),
    Select(Box<Leaf>, NixString),
    Not(Box<Leaf>),
    /// `+ - * /`, equality or ordering.
    Binary(Op, Box<Leaf>, Box<Leaf>),
}

impl Leaf {
    /// The tree of `chunk`'s code, if it is a leaf: each instruction one
    /// of those above, ending with `Return`.
    pub(crate) fn compile(chunk: &Chunk) -> Option<Leaf> {
        if chunk.code.len() > MAX_LEAF_CODE {
            return None;
        }
        let mut stack: Vec<Leaf> = Vec::new();
        for (i, op) in chunk.code.iter().enumerate() {
            let node = match *op {
                Op::GetLocal(0) => Leaf::Argument,
                Op::GetUpvalue(i) => Leaf::Upvalue(i),
                Op::Constant(i) => Leaf::Constant(chunk.constants.get(i as usize)?.clone()),
                Op::Force => Leaf::Force(Box::new(stack.pop()?)),
                Op::Select(name) => match chunk.constants.get(name as usize)? {
                    Value::String(name) if !name.has_context() => {
                        Leaf::Select(Box::new(stack.pop()?), name.clone())
                    }
                    _ => return None,
                },
                Op::Invert => Leaf::Not(Box::new(stack.pop()?)),
                op @ binary_operator!() => {
                    let rhs = stack.pop()?;
                    let lhs = stack.pop()?;
                    Leaf::Binary(op, Box::new(lhs), Box::new(rhs))
                }
                Op::Return if i + 1 == chunk.code.len() && stack.len() == 1 => return stack.pop(),
                _ => return None,
            };
            stack.push(node);
        }
        None
    }

    /// The value, from the lambda's upvalues and argument (none for a
    /// thunk); `None` when the ordinary path must compute it.
    fn value<'a>(
        &'a self,
        upvalues: &'a [Value],
        arg: Option<&'a Value>,
    ) -> Option<Cow<'a, Value>> {
        Some(match self {
            Leaf::Argument => Cow::Borrowed(arg?),
            Leaf::Upvalue(i) => Cow::Borrowed(upvalues.get(*i as usize)?),
            Leaf::Constant(value) => Cow::Borrowed(value),
            Leaf::Force(operand) => evaluated(operand.operand(upvalues, arg)?)?,
            Leaf::Select(set, name) => {
                let set = evaluated(set.operand(upvalues, arg)?)?;
                let Value::Attrs(attrs) = &*set else {
                    return None;
                };
                // An evaluated thunk stands for its value.
                match attrs.get(name.as_bytes())? {
                    Value::Thunk(t) => {
                        Cow::Owned(t.value().unwrap_or_else(|| Value::Thunk(t.clone())))
                    }
                    value => Cow::Owned(value.clone()),
                }
            }
            Leaf::Not(operand) => match &*evaluated(operand.operand(upvalues, arg)?)? {
                Value::Bool(b) => Cow::Owned(Value::Bool(!b)),
                _ => return None,
            },
            Leaf::Binary(op, lhs, rhs) => {
                // The hot case, integers (`a < b`, `a.key < b.key`), read
                // in place.
                if let (Some(a), Some(b)) = (lhs.integer(upvalues, arg), rhs.integer(upvalues, arg))
                {
                    if let Some(result) = ops::integer_operator(*op, a, b) {
                        return Some(Cow::Owned(result));
                    }
                }
                let lhs = evaluated(lhs.operand(upvalues, arg)?)?;
                let rhs = evaluated(rhs.operand(upvalues, arg)?)?;
                if let (Value::Integer(a), Value::Integer(b)) = (&*lhs, &*rhs) {
                    if let Some(result) = ops::integer_operator(*op, *a, *b) {
                        return Some(Cow::Owned(result));
                    }
                }
                Cow::Owned(ops::operator_without_forcing(*op, &lhs, &rhs)?)
            }
        })
    }
}

impl Leaf {
    /// [`Self::value`], without a call for an argument, upvalue or
    /// constant.
    #[inline(always)]
    fn operand<'a>(
        &'a self,
        upvalues: &'a [Value],
        arg: Option<&'a Value>,
    ) -> Option<Cow<'a, Value>> {
        match self.direct(upvalues, arg) {
            Some(value) => Some(Cow::Borrowed(value)),
            None => self.value(upvalues, arg),
        }
    }

    /// The value of an argument, upvalue or constant as it is (maybe a
    /// thunk); `None` for other nodes.
    #[inline(always)]
    fn direct<'a>(&'a self, upvalues: &'a [Value], arg: Option<&'a Value>) -> Option<&'a Value> {
        match self {
            Leaf::Argument => arg,
            Leaf::Upvalue(i) => upvalues.get(*i as usize),
            Leaf::Constant(value) => Some(value),
            _ => None,
        }
    }

    /// The integer an argument, upvalue, constant or a selection from one
    /// of them evaluates to, read in place; `None` for anything else.
    #[inline(always)]
    fn integer(&self, upvalues: &[Value], arg: Option<&Value>) -> Option<i64> {
        match self {
            Leaf::Select(set, name) => with_evaluated(set.direct(upvalues, arg)?, |set| {
                let Value::Attrs(attrs) = set else {
                    return None;
                };
                with_evaluated(attrs.get(name.as_bytes())?, as_integer)
            }),
            direct => with_evaluated(direct.direct(upvalues, arg)?, as_integer),
        }
    }
}

fn as_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Integer(n) => Some(*n),
        _ => None,
    }
}

/// `f` of the value itself or of an evaluated thunk's value, borrowed.
#[inline(always)]
fn with_evaluated<R>(value: &Value, f: impl FnOnce(&Value) -> Option<R>) -> Option<R> {
    match value {
        Value::Thunk(t) => match &*t.repr() {
            crate::value::ThunkRepr::Evaluated(inner) => f(inner),
            _ => None,
        },
        other => f(other),
    }
}

/// The value itself, or an evaluated thunk's value; `None` for a thunk not
/// evaluated yet.
fn evaluated(value: Cow<'_, Value>) -> Option<Cow<'_, Value>> {
    match &*value {
        Value::Thunk(t) => t.value().map(Cow::Owned),
        _ => Some(value),
    }
}

/// `closure arg` computed on the spot when the closure is a leaf lambda
/// that completes; the result may be a thunk.
pub(crate) fn call_leaf(lambda: &Lambda, upvalues: &[Value], arg: &Value) -> Option<Value> {
    let leaf = lambda.leaf.as_ref()?;
    Some(leaf.value(upvalues, Some(arg))?.into_owned())
}

/// A thunk's value computed on the spot when its code is a leaf (it is
/// never a thunk).
pub(crate) fn force_leaf(lambda: &Lambda, upvalues: &[Value]) -> Option<Value> {
    // A thunk's code ends with `Force`, done here.
    let leaf = match lambda.leaf.as_ref()? {
        Leaf::Force(operand) => operand,
        other => other,
    };
    Some(evaluated(leaf.operand(upvalues, None)?)?.into_owned())
}

/// `function arg` computed without a frame when that is possible: a leaf
/// lambda that completes, or a curried lambda building its inner closure.
/// `None` otherwise: the call must then be made in full. The result may be
/// a thunk.
pub fn call_on_the_spot(function: &Value, arg: &Value) -> Option<Value> {
    let Value::Closure(closure) = function else {
        return None;
    };
    call_leaf(&closure.lambda, &closure.upvalues, arg)
        .or_else(|| super::calls::apply_curried(closure, arg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(code: Vec<Op>, constants: Vec<Value>) -> Chunk {
        Chunk {
            code,
            constants,
            ..Chunk::default()
        }
    }

    #[test]
    fn straight_line_code_becomes_a_tree() {
        // `b: a.key < b.key` with `a` captured.
        let key = Value::string("key");
        let code = vec![
            Op::GetUpvalue(0),
            Op::Select(0),
            Op::GetLocal(0),
            Op::Select(0),
            Op::Less,
            Op::Return,
        ];
        let leaf = Leaf::compile(&chunk(code, vec![key])).expect("a leaf");
        let set = |n| {
            Value::Attrs(crate::value::NixAttrs::from_iter([(
                crate::value::NixString::from("key"),
                Value::Integer(n),
            )]))
        };
        let upvalues = [set(1)];
        let less = leaf.value(&upvalues, Some(&set(2))).map(Cow::into_owned);
        assert!(matches!(less, Some(Value::Bool(true))));
        let not_less = leaf.value(&upvalues, Some(&set(0))).map(Cow::into_owned);
        assert!(matches!(not_less, Some(Value::Bool(false))));
        // Anything that is not a set makes the ordinary path run.
        assert!(leaf.value(&upvalues, Some(&Value::Integer(2))).is_none());
    }

    #[test]
    fn other_code_is_not_a_leaf() {
        // A call, a jump, or a local besides the argument.
        for code in [
            vec![Op::GetLocal(0), Op::GetLocal(0), Op::Call, Op::Return],
            vec![Op::GetLocal(0), Op::JumpIfFalse(1), Op::Return],
            vec![Op::GetLocal(1), Op::Return],
            vec![Op::GetLocal(0), Op::GetLocal(0)],
        ] {
            assert!(Leaf::compile(&chunk(code, vec![])).is_none());
        }
    }

    #[test]
    fn failing_operators_leave_the_work_to_the_bytecode() {
        let code = vec![Op::GetLocal(0), Op::Constant(0), Op::Div, Op::Return];
        let leaf = Leaf::compile(&chunk(code, vec![Value::Integer(0)])).expect("a leaf");
        assert!(leaf.value(&[], Some(&Value::Integer(1))).is_none());
        let code = vec![Op::GetLocal(0), Op::Constant(0), Op::Add, Op::Return];
        let leaf = Leaf::compile(&chunk(code, vec![Value::Integer(1)])).expect("a leaf");
        assert!(leaf.value(&[], Some(&Value::Integer(i64::MAX))).is_none());
        // A thunk's code has no argument.
        assert!(leaf.value(&[], None).is_none());
    }
}
