//! Closures: compiled lambdas together with the values they captured, and
//! [`Captures`], those values as closures, thunks and the frames running
//! their code share them.

use super::Value;
use crate::bytecode::Lambda;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::rc::Rc;

/// A lambda together with the values it captured.
pub struct Closure {
    pub(crate) lambda: Rc<Lambda>,
    pub(crate) upvalues: Captures,
    /// For a lambda that binds the enclosing frame's local 0
    /// (`Lambda::binds_outer_local`, the inner function of `a: b: ...`):
    /// that value, `a`, which a call pushes as the frame's local 1.
    bound: Option<CapturedValue>,
}

impl Closure {
    /// A closure of `lambda` over the values it captured.
    #[inline(always)]
    pub(crate) fn new(lambda: Rc<Lambda>, upvalues: Captures) -> Self {
        Closure {
            lambda,
            upvalues,
            bound: None,
        }
    }

    /// A closure of a lambda that binds the enclosing frame's local 0
    /// (`outer`), sharing that frame's captured values (`upvalues`).
    #[inline(always)]
    pub(crate) fn binding(lambda: Rc<Lambda>, upvalues: Captures, outer: Value) -> Self {
        Closure {
            lambda,
            upvalues,
            bound: Some(CapturedValue(ManuallyDrop::new(outer))),
        }
    }

    /// The compiled function: its code, name and source span.
    pub fn lambda(&self) -> &Lambda {
        &self.lambda
    }

    /// The enclosing frame's local 0 that this closure binds, if its
    /// lambda binds one.
    #[inline(always)]
    pub(crate) fn bound(&self) -> Option<&Value> {
        self.bound.as_ref().map(|value| &*value.0)
    }
}

/// The values a closure or a thunk captured (its upvalues), shared with
/// the frames that run its code.
///
/// A single captured value is held in place (`One`): a third of the
/// thunks of module-system code and most inner closures of curried
/// functions (`a: b: ...` applied to `a`) capture one value, and an
/// array of one would cost an allocation, a count and a free each.
/// Copying `One` copies the value (one more count on what it refers
/// to), as copying an array shares it.
#[derive(Clone)]
pub(crate) enum Captures {
    One(CapturedValue),
    Many(CaptureArray),
}

impl Captures {
    /// No captured values.
    pub(crate) fn none() -> Self {
        Captures::Many(CaptureArray(ManuallyDrop::new(Rc::from(Vec::new()))))
    }

    /// One captured value, held in place.
    #[inline(always)]
    pub(crate) fn one(value: Value) -> Self {
        Captures::One(CapturedValue(ManuallyDrop::new(value)))
    }
}

impl Deref for Captures {
    type Target = [Value];

    #[inline(always)]
    fn deref(&self) -> &[Value] {
        match self {
            Captures::One(value) => std::slice::from_ref(&value.0),
            Captures::Many(values) => &values.0,
        }
    }
}

/// Two values in an array of their own (one goes through
/// [`Captures::one`], more through `collect`).
impl From<[Value; 2]> for Captures {
    #[inline(always)]
    fn from(values: [Value; 2]) -> Self {
        Captures::Many(CaptureArray(ManuallyDrop::new(Rc::new(values))))
    }
}

impl FromIterator<Value> for Captures {
    #[inline]
    fn from_iter<I: IntoIterator<Item = Value>>(values: I) -> Self {
        Captures::Many(CaptureArray(ManuallyDrop::new(
            values.into_iter().collect(),
        )))
    }
}

/// One captured value, held in place. Letting go of it goes through the
/// drop queue when it is the last reference to something (see
/// [`CaptureArray`]).
#[derive(Clone)]
pub(crate) struct CapturedValue(ManuallyDrop<Value>);

impl Drop for CapturedValue {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the field is not used after this.
        unsafe { ManuallyDrop::take(&mut self.0) }.release_deferred();
    }
}

/// Several captured values, shared.
///
/// Most captured values are copies of values held elsewhere too (a
/// variable of the enclosing scope, a set, a function). When the last
/// reference to the array goes, which happens for about every thunk
/// forced and every curried application, each value is let go of with
/// [`Value::release`]: copies only have their counts taken down, inline,
/// instead of through the out-of-line drop code of `Value`, one call per
/// value. Last references go through the drop queue (see
/// `drop_queue`), so that deep chains of captures drop without
/// recursion.
#[derive(Clone)]
pub(crate) struct CaptureArray(ManuallyDrop<Rc<[Value]>>);

impl Drop for CaptureArray {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the field is not used after this.
        let values = unsafe { ManuallyDrop::take(&mut self.0) };
        if Rc::strong_count(&values) > 1 || Rc::weak_count(&values) > 0 {
            drop(values);
        } else {
            release_all(values);
        }
    }
}

/// Lets go of the values of the last reference to captured values, then
/// of their memory.
#[inline(never)]
fn release_all(values: Rc<[Value]>) {
    let raw = Rc::into_raw(values);
    // SAFETY: this was the only reference, so nothing else reads the
    // values while each is moved out here and let go of exactly once; the
    // memory is then freed as an `Rc` of values that are not dropped
    // again (`ManuallyDrop<Value>` has the layout of `Value`, so the
    // allocation's layout is the same).
    unsafe {
        for value in (*raw).iter() {
            std::ptr::read(value).release_deferred();
        }
        drop(Rc::from_raw(raw as *const [ManuallyDrop<Value>]));
    }
}
