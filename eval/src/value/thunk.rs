//! Thunks: suspended computations, evaluated at most once.
//!
//! A thunk is created suspended (code plus captured upvalues), becomes a
//! black hole while the VM evaluates it (forcing it again then is infinite
//! recursion), and ends evaluated. Recursive bindings first create
//! *placeholder* thunks that the compiled code fills in once every binding
//! of the scope exists, so that bindings can capture each other.
//! The lazy applications that builtins make (`map f xs`, `mapAttrs`) are
//! thunks of their own kind, *applications*: a function and its argument,
//! with no code and no array of captures, which the VM calls directly
//! when they are forced (see `Vm::begin_apply`).

use super::function::Captures;
use super::Value;
use crate::bytecode::Lambda;
use std::cell::{Ref, RefCell};
use std::rc::Rc;

pub(crate) enum ThunkRepr {
    /// Not yet evaluated.
    Suspended {
        lambda: Rc<Lambda>,
        upvalues: Captures,
    },
    /// `function arg`, not yet computed.
    Apply { function: Value, arg: Value },
    /// Being evaluated right now.
    Blackhole,
    /// A placeholder for a recursive binding not yet filled in.
    Placeholder,
    /// Evaluated; never holds another thunk.
    Evaluated(Value),
}

/// A lazily evaluated value, shared by reference.
#[derive(Clone)]
pub struct Thunk(pub(crate) Rc<RefCell<ThunkRepr>>);

impl Thunk {
    pub(crate) fn suspended(lambda: Rc<Lambda>, upvalues: Captures) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkRepr::Suspended {
            lambda,
            upvalues,
        })))
    }

    /// The lazy application `function arg`.
    pub(crate) fn apply(function: Value, arg: Value) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkRepr::Apply { function, arg })))
    }

    pub(crate) fn placeholder() -> Self {
        Thunk(Rc::new(RefCell::new(ThunkRepr::Placeholder)))
    }

    /// The value, if the thunk has been evaluated.
    #[inline]
    pub fn value(&self) -> Option<Value> {
        // SAFETY: the reference lives only while the value is cloned,
        // which touches no thunk's cell (an evaluated thunk holds no
        // thunk, and cloning one only counts a reference); a cell being
        // replaced (`set`) answers `Err` and is treated as unevaluated,
        // as `borrow` would have panicked.
        match unsafe { self.0.try_borrow_unguarded() } {
            Ok(ThunkRepr::Evaluated(v)) => Some(v.clone()),
            _ => None,
        }
    }

    /// `read` of the value, if the thunk has been evaluated, without
    /// copying it out: for look-ups into an evaluated set.
    #[inline]
    pub(crate) fn read_value<R>(&self, read: impl FnOnce(&Value) -> R) -> Option<R> {
        // SAFETY: as in `value`: `read` gets the value for as long as it
        // runs, and callers only look into it and clone parts of it,
        // which writes no thunk's cell.
        match unsafe { self.0.try_borrow_unguarded() } {
            Ok(ThunkRepr::Evaluated(v)) => Some(read(v)),
            _ => None,
        }
    }

    /// A thunk that is already evaluated.
    pub fn evaluated(value: Value) -> Self {
        Thunk(Rc::new(RefCell::new(ThunkRepr::Evaluated(value))))
    }

    /// Whether the value is already computed.
    pub fn is_evaluated(&self) -> bool {
        matches!(&*self.0.borrow(), ThunkRepr::Evaluated(_))
    }

    pub(crate) fn repr(&self) -> Ref<'_, ThunkRepr> {
        self.0.borrow()
    }

    pub(crate) fn set(&self, repr: ThunkRepr) -> ThunkRepr {
        std::mem::replace(&mut *self.0.borrow_mut(), repr)
    }

    /// Stores the value of a thunk whose evaluation ends (it was a black
    /// hole): the black hole holds nothing, so it is not dropped, which
    /// saves an out-of-line call to the drop code of `ThunkRepr` per
    /// thunk forced.
    #[inline]
    pub(crate) fn finish(&self, value: Value) {
        let previous = self.set(ThunkRepr::Evaluated(value));
        if matches!(previous, ThunkRepr::Blackhole) {
            std::mem::forget(previous);
        } else {
            drop(previous);
        }
    }

    /// Whether both are the same thunk (so forcing one forces the other).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }
}

impl Drop for Thunk {
    #[inline]
    fn drop(&mut self) {
        // Most drops let go of one reference among several.
        if Rc::strong_count(&self.0) == 1 {
            self.drop_contents();
        }
    }
}

impl Thunk {
    /// Whether letting go of the last reference to this thunk nests no
    /// drops on the Rust stack: its own `Drop` hands an evaluated value or
    /// an application's parts to the drop queue, and a black hole or a
    /// placeholder holds nothing. Only a suspended thunk's captures would
    /// be dropped in place, and a chain of those could nest without bound.
    #[inline(always)]
    pub(crate) fn drops_flat(&self) -> bool {
        // SAFETY: the reference is only matched against, while no cell is
        // written; a cell being replaced answers `Err` (not flat).
        matches!(
            unsafe { self.0.try_borrow_unguarded() },
            Ok(ThunkRepr::Evaluated(_)
                | ThunkRepr::Apply { .. }
                | ThunkRepr::Blackhole
                | ThunkRepr::Placeholder)
        )
    }

    /// Hands what the last reference to this thunk holds to the drop
    /// queue (see [`super::drop_queue`]).
    #[inline(never)]
    fn drop_contents(&mut self) {
        let Ok(mut repr) = self.0.try_borrow_mut() else {
            return;
        };
        match &mut *repr {
            ThunkRepr::Evaluated(v) if v.is_last_owner() => {
                super::drop_queue::defer(std::mem::take(v));
            }
            ThunkRepr::Apply { function, arg } => {
                for value in [function, arg] {
                    if value.is_last_owner() {
                        super::drop_queue::defer(std::mem::take(value));
                    }
                }
            }
            _ => {}
        }
    }
}
