//! The reference cycles an evaluation leaves behind, and their release.
//!
//! Values are reference counted and immutable, so a cycle can only be
//! closed by writing into a thunk after something else has come to refer
//! to it. The one such write is filling the placeholder of a recursive
//! binding (`let`, `rec`, a formal's default that names another formal):
//! `let f = n: ... f ...; in f` makes the placeholder `f` hold a closure
//! whose captured values hold the placeholder. Without help, every
//! recursive binding an evaluation runs (nixpkgs lib has hundreds) keeps
//! its memory after the evaluation is dropped: megabytes per evaluation
//! for a program that loads its configuration again and again.
//!
//! So the VM creates placeholders through [`Placeholders`], which keeps a
//! weak reference to each. When a one-shot evaluation ends,
//! [`Placeholders::release`] empties every placeholder still alive that
//! the result does not reach as data (through lists, attribute sets and
//! evaluated thunks); that breaks each cycle through it. What the caller
//! can see of the result is unchanged: a function in the result can no
//! longer be called (nothing can call it once its evaluation is over),
//! and a value that contains itself as data (`let x = { a = x; }; in x`)
//! stays a cycle, as the caller holds it.
//!
//! The weak references are pruned whenever their number doubles, so the
//! registry costs at most twice the placeholders alive at once.

use super::{Thunk, ThunkRepr, Value};
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// The fewest weak references kept before the first pruning.
const FIRST_PRUNING: usize = 1024;

/// The placeholders of one evaluation's recursive bindings.
pub(crate) struct Placeholders {
    made: Vec<Weak<RefCell<ThunkRepr>>>,
    prune_at: usize,
}

impl Default for Placeholders {
    fn default() -> Self {
        Placeholders {
            made: Vec::new(),
            prune_at: FIRST_PRUNING,
        }
    }
}

impl Placeholders {
    /// A new placeholder, remembered for [`Placeholders::release`].
    #[inline]
    pub(crate) fn make(&mut self) -> Thunk {
        let thunk = Thunk::placeholder();
        if self.made.len() >= self.prune_at {
            self.prune();
        }
        self.made.push(Rc::downgrade(&thunk.0));
        thunk
    }

    /// Forgets the placeholders already freed.
    fn prune(&mut self) {
        self.made.retain(|weak| weak.strong_count() > 0);
        self.prune_at = (self.made.len() * 2).max(FIRST_PRUNING);
    }

    /// Empties every placeholder still alive that `result` does not reach
    /// as data, and forgets them all.
    pub(crate) fn release(&mut self, result: Option<&Value>) {
        self.prune();
        if self.made.is_empty() {
            return;
        }
        let kept = result.map(reached_as_data).unwrap_or_default();
        for weak in std::mem::take(&mut self.made) {
            let Some(cell) = weak.upgrade() else {
                continue;
            };
            if kept.contains(&(Rc::as_ptr(&cell) as usize)) {
                continue;
            }
            // Taken out first and dropped after the borrow ends: dropping
            // the old content may drop the last other reference to this
            // very thunk's neighbours, which may look at it.
            let old = match cell.try_borrow_mut() {
                Ok(mut repr) => std::mem::replace(&mut *repr, ThunkRepr::Blackhole),
                Err(_) => continue,
            };
            drop(cell);
            drop(old);
        }
        self.prune_at = FIRST_PRUNING;
    }
}

/// The addresses of the thunks `root` reaches through lists, attribute
/// sets and evaluated thunks (not through functions or unevaluated code).
fn reached_as_data(root: &Value) -> FxHashSet<usize> {
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut thunks: FxHashSet<usize> = FxHashSet::default();
    let mut stack: Vec<Value> = vec![root.clone()];
    while let Some(value) = stack.pop() {
        match value {
            Value::List(list) if seen.insert(list.identity()) => {
                stack.extend(list.iter().cloned());
            }
            Value::Attrs(attrs) if seen.insert(attrs.identity()) => {
                stack.extend(attrs.values().cloned());
            }
            Value::Thunk(thunk) if thunks.insert(Rc::as_ptr(&thunk.0) as usize) => {
                if let Some(inner) = thunk.value() {
                    stack.push(inner);
                }
            }
            _ => {}
        }
    }
    thunks
}
