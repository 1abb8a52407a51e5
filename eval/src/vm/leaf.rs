//! Computing leaf lambdas on the spot (see `bytecode::leaf`): a call or
//! the forcing of a thunk whose lambda has a leaf tree computes the tree
//! from references to the operands, or gives up without effect.

use super::ops;
use crate::bytecode::leaf::Leaf;
use crate::bytecode::operators::BinOp;
use crate::bytecode::Lambda;
use crate::value::{Closure, Value};
use std::borrow::Cow;

/// A leaf's locals: the argument (none for a thunk) and the value its
/// closure binds (see `Lambda::binds_outer_local`).
#[derive(Clone, Copy, Default)]
struct Locals<'a> {
    argument: Option<&'a Value>,
    bound: Option<&'a Value>,
}

impl Leaf {
    /// The value, from the lambda's upvalues and argument (none for a
    /// thunk); `None` when the ordinary path must compute it.
    fn value<'a>(&'a self, upvalues: &'a [Value], arg: Locals<'a>) -> Option<Cow<'a, Value>> {
        Some(match self {
            Leaf::Argument => Cow::Borrowed(arg.argument?),
            Leaf::Bound => Cow::Borrowed(arg.bound?),
            Leaf::Upvalue(i) => Cow::Borrowed(upvalues.get(*i as usize)?),
            Leaf::Constant(value) => Cow::Borrowed(value),
            Leaf::Force(operand) => evaluated(operand.operand(upvalues, arg)?)?,
            Leaf::Select(set, name) => {
                let set = evaluated(set.operand(upvalues, arg)?)?;
                let Value::Attrs(attrs) = &*set else {
                    return None;
                };
                // An evaluated thunk stands for its value.
                match attrs.get_name(name)? {
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
                    if let Some(result) = on_integers(*op, a, b) {
                        return Some(Cow::Owned(result));
                    }
                }
                let lhs = evaluated(lhs.operand(upvalues, arg)?)?;
                let rhs = evaluated(rhs.operand(upvalues, arg)?)?;
                if let (Value::Integer(a), Value::Integer(b)) = (&*lhs, &*rhs) {
                    if let Some(result) = on_integers(*op, *a, *b) {
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
    fn operand<'a>(&'a self, upvalues: &'a [Value], arg: Locals<'a>) -> Option<Cow<'a, Value>> {
        match self.direct(upvalues, arg) {
            Some(value) => Some(Cow::Borrowed(value)),
            None => self.value(upvalues, arg),
        }
    }

    /// The value of an argument, upvalue or constant as it is (maybe a
    /// thunk); `None` for other nodes.
    #[inline(always)]
    fn direct<'a>(&'a self, upvalues: &'a [Value], arg: Locals<'a>) -> Option<&'a Value> {
        match self {
            Leaf::Argument => arg.argument,
            Leaf::Bound => arg.bound,
            Leaf::Upvalue(i) => upvalues.get(*i as usize),
            Leaf::Constant(value) => Some(value),
            _ => None,
        }
    }

    /// The integer an argument, upvalue, constant or a selection from one
    /// of them evaluates to, read in place, or that integer arithmetic on
    /// such operands computes (`x / 1000 * 1000 - x`, without a `Value`
    /// per step); `None` for anything else.
    #[inline(always)]
    fn integer(&self, upvalues: &[Value], arg: Locals<'_>) -> Option<i64> {
        match self {
            Leaf::Select(set, name) => with_evaluated(set.direct(upvalues, arg)?, |set| {
                let Value::Attrs(attrs) = set else {
                    return None;
                };
                with_evaluated(attrs.get_name(name)?, as_integer)
            }),
            Leaf::Binary(op, lhs, rhs) => nested_integer(*op, lhs, rhs, upvalues, arg),
            direct => with_evaluated(direct.direct(upvalues, arg)?, as_integer),
        }
    }
}

/// [`Leaf::integer`] of an arithmetic node (out of line: it recurses).
#[inline(never)]
fn nested_integer(
    op: BinOp,
    lhs: &Leaf,
    rhs: &Leaf,
    upvalues: &[Value],
    arg: Locals<'_>,
) -> Option<i64> {
    let a = lhs.integer(upvalues, arg)?;
    let b = rhs.integer(upvalues, arg)?;
    match op {
        BinOp::Add => a.checked_add(b),
        BinOp::Sub => a.checked_sub(b),
        BinOp::Mul => a.checked_mul(b),
        BinOp::Div => a.checked_div(b),
        // Comparisons: not an integer.
        _ => None,
    }
}

/// `op` on two integers when that cannot fail, division included
/// (truncating, as `numeric_arithmetic`): `None` by zero or on overflow,
/// leaving the error to the ordinary path.
#[inline(always)]
fn on_integers(op: BinOp, a: i64, b: i64) -> Option<Value> {
    match op {
        BinOp::Div => a.checked_div(b).map(Value::Integer),
        _ => op.on_integers(a, b),
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
pub(crate) fn call_leaf(closure: &Closure, arg: &Value) -> Option<Value> {
    let lambda = &closure.lambda;
    let leaf = lambda.leaf.as_ref()?;
    if !worth_trying(lambda) {
        return None;
    }
    let locals = Locals {
        argument: Some(arg),
        bound: closure.bound(),
    };
    let value = leaf.value(&closure.upvalues, locals).map(Cow::into_owned);
    record(lambda, value.is_some());
    value
}

/// A thunk's value computed on the spot when its code is a leaf (it is
/// never a thunk).
pub(crate) fn force_leaf(lambda: &Lambda, upvalues: &[Value]) -> Option<Value> {
    // A thunk's code ends with `Force`, done here.
    let leaf = match lambda.leaf.as_ref()? {
        Leaf::Force(operand) => operand,
        other => other,
    };
    if !worth_trying(lambda) {
        return None;
    }
    let value = leaf
        .operand(upvalues, Locals::default())
        .and_then(evaluated)
        .map(Cow::into_owned);
    record(lambda, value.is_some());
    value
}

/// Failed attempts in a row after which a lambda's leaf is tried only
/// now and then. An attempt that fails (an operand not evaluated yet, a
/// non-scalar) costs about 100 instructions for nothing, and some
/// lambdas nearly always fail: in `rec` sets whose attributes refer to
/// each other, thunks whose captures are other thunks (2.4 of 3.8
/// million attempts failed in `g-scoping`, 290,000 of 310,000 in the
/// `modules` benchmark).
const BACK_OFF_AFTER: u8 = 8;

/// Whether to attempt `lambda`'s leaf: always until it has failed
/// [`BACK_OFF_AFTER`] times in a row, then once after every 248 calls
/// left to the bytecode (the operands it meets may change), until an
/// attempt succeeds again.
#[inline]
fn worth_trying(lambda: &Lambda) -> bool {
    let misses = lambda.leaf_misses.get();
    if misses < BACK_OFF_AFTER {
        return true;
    }
    let next = match misses {
        u8::MAX => BACK_OFF_AFTER - 1,
        n => n + 1,
    };
    lambda.leaf_misses.set(next);
    false
}

/// Counts an attempt's outcome towards [`worth_trying`].
#[inline]
fn record(lambda: &Lambda, succeeded: bool) {
    let misses = lambda.leaf_misses.get();
    match (succeeded, misses) {
        (true, 0) => {}
        (true, _) => lambda.leaf_misses.set(0),
        (false, _) => lambda
            .leaf_misses
            .set(misses.saturating_add(1).min(BACK_OFF_AFTER)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The locals of a call with `value` as its argument.
    fn argument(value: &Value) -> Locals<'_> {
        Locals {
            argument: Some(value),
            bound: None,
        }
    }
    use crate::bytecode::BinOp;
    use crate::value::{NixAttrs, NixString};

    fn select(set: Leaf) -> Leaf {
        Leaf::Select(Box::new(set), NixString::from("key"))
    }

    #[test]
    fn trees_compute_scalars() {
        // `b: a.key < b.key` with `a` captured.
        let leaf = Leaf::Binary(
            BinOp::Less,
            Box::new(select(Leaf::Upvalue(0))),
            Box::new(select(Leaf::Argument)),
        );
        let set = |n| {
            Value::Attrs(NixAttrs::from_iter([(
                NixString::from("key"),
                Value::Integer(n),
            )]))
        };
        let upvalues = [set(1)];
        let less = leaf
            .value(&upvalues, argument(&set(2)))
            .map(Cow::into_owned);
        assert!(matches!(less, Some(Value::Bool(true))));
        let not_less = leaf
            .value(&upvalues, argument(&set(0)))
            .map(Cow::into_owned);
        assert!(matches!(not_less, Some(Value::Bool(false))));
        // Anything that is not a set makes the ordinary path run.
        assert!(leaf
            .value(&upvalues, argument(&Value::Integer(2)))
            .is_none());
    }

    #[test]
    fn a_leaf_that_keeps_failing_is_tried_rarely_until_it_succeeds() {
        // A thunk of `x + 1`, `x` its capture.
        let span = codemap::CodeMap::new()
            .add_file(String::new(), String::new())
            .span;
        let leaf = Leaf::Binary(
            BinOp::Add,
            Box::new(Leaf::Upvalue(0)),
            Box::new(Leaf::Constant(Value::Integer(1))),
        );
        let lambda = Lambda::new(Default::default(), 1, None, None, span, Some(leaf));
        let failing = [Value::string("not a number")];
        for _ in 0..BACK_OFF_AFTER {
            assert!(force_leaf(&lambda, &failing).is_none());
        }
        // Backed off: even operands it can compute are left to the
        // bytecode 248 times, then one attempt is made.
        let tries = (0..249)
            .filter(|_| force_leaf(&lambda, &[Value::Integer(1)]).is_some())
            .count();
        assert_eq!(tries, 1);
        // That attempt succeeded: every call is tried again.
        for n in 0..20 {
            let value = force_leaf(&lambda, &[Value::Integer(n)]);
            assert!(matches!(value, Some(Value::Integer(m)) if m == n + 1));
        }
    }

    #[test]
    fn failing_operators_leave_the_work_to_the_bytecode() {
        let divide = Leaf::Binary(
            BinOp::Div,
            Box::new(Leaf::Argument),
            Box::new(Leaf::Constant(Value::Integer(0))),
        );
        assert!(divide.value(&[], argument(&Value::Integer(1))).is_none());
        let add = Leaf::Binary(
            BinOp::Add,
            Box::new(Leaf::Argument),
            Box::new(Leaf::Constant(Value::Integer(1))),
        );
        assert!(add
            .value(&[], argument(&Value::Integer(i64::MAX)))
            .is_none());
        // A thunk's code has no argument.
        assert!(add.value(&[], Locals::default()).is_none());
    }
}
