//! `NixList`: the list type of Nix values. The representation (an `imbl`
//! persistent vector) is private so that it can change without touching
//! the rest of the evaluator.

use super::Value;
use imbl::shared_ptr::RcK;
use imbl::GenericVector;
use std::rc::Rc;

type Repr = GenericVector<Value, RcK>;

/// An immutable Nix list; cloning is O(1).
#[derive(Clone, Default)]
pub struct NixList(Rc<Repr>);

impl NixList {
    pub fn new() -> Self {
        NixList::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Value> {
        self.0.get(index)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + '_ {
        self.0.iter()
    }

    /// `self ++ other`.
    pub fn concat(&self, other: &NixList) -> NixList {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let mut repr: Repr = (*self.0).clone();
        repr.append((*other.0).clone());
        NixList(Rc::new(repr))
    }

    /// Elements `from..` (clamped), as a new list.
    pub fn skip(&self, from: usize) -> NixList {
        if from == 0 {
            return self.clone();
        }
        let from = from.min(self.len());
        let mut repr: Repr = (*self.0).clone();
        NixList(Rc::new(repr.split_off(from)))
    }

    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// Moves the elements out if this is the only reference to them (used
    /// to drop nested values without recursion).
    pub(crate) fn take_if_unique(&mut self) -> Option<Repr> {
        Rc::get_mut(&mut self.0).map(std::mem::take)
    }
}

impl FromIterator<Value> for NixList {
    fn from_iter<T: IntoIterator<Item = Value>>(iter: T) -> Self {
        NixList(Rc::new(iter.into_iter().collect()))
    }
}

impl From<Vec<Value>> for NixList {
    fn from(values: Vec<Value>) -> Self {
        values.into_iter().collect()
    }
}

impl Drop for NixList {
    fn drop(&mut self) {
        if let Some(elements) = self.take_if_unique() {
            super::drop_queue::defer_all(elements);
        }
    }
}

impl NixList {
    /// An address identifying this list while it is alive.
    pub(crate) fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }
}
