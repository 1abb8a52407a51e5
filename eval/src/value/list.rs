//! `NixList`: the list type of Nix values. Short lists (most of them) are
//! a vector; longer ones an `imbl` persistent vector, so that `++` in a
//! fold shares structure. The representation is private.

use super::Value;
use imbl::shared_ptr::RcK;
use imbl::GenericVector;
use std::rc::Rc;

type Vector = GenericVector<Value, RcK>;

/// Lists with at most this many elements are stored as plain vectors.
const SMALL: usize = 32;

#[derive(Clone)]
enum Repr {
    Small(Vec<Value>),
    Large(Vector),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Small(Vec::new())
    }
}

/// An immutable Nix list; cloning is O(1).
#[derive(Clone, Default)]
pub struct NixList(Rc<Repr>);

/// Iterates the elements in order.
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Small(std::slice::Iter<'a, Value>),
    Large(imbl::vector::Iter<'a, Value, RcK>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Small(it) => it.next(),
            IterRepr::Large(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Small(it) => it.size_hint(),
            IterRepr::Large(it) => it.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Small(it) => it.next_back(),
            IterRepr::Large(it) => it.next_back(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

fn from_vec(values: Vec<Value>) -> NixList {
    if values.len() <= SMALL {
        NixList(Rc::new(Repr::Small(values)))
    } else {
        NixList(Rc::new(Repr::Large(values.into_iter().collect())))
    }
}

impl NixList {
    pub fn new() -> Self {
        NixList::default()
    }

    pub fn len(&self) -> usize {
        match &*self.0 {
            Repr::Small(v) => v.len(),
            Repr::Large(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<&Value> {
        match &*self.0 {
            Repr::Small(v) => v.get(index),
            Repr::Large(v) => v.get(index),
        }
    }

    pub fn iter(&self) -> Iter<'_> {
        match &*self.0 {
            Repr::Small(v) => Iter(IterRepr::Small(v.iter())),
            Repr::Large(v) => Iter(IterRepr::Large(v.iter())),
        }
    }

    fn to_vector(&self) -> Vector {
        match &*self.0 {
            Repr::Small(v) => v.iter().cloned().collect(),
            Repr::Large(v) => v.clone(),
        }
    }

    /// `self ++ other`.
    pub fn concat(&self, other: &NixList) -> NixList {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        if self.len() + other.len() <= SMALL {
            let mut values = Vec::with_capacity(self.len() + other.len());
            values.extend(self.iter().cloned());
            values.extend(other.iter().cloned());
            return NixList(Rc::new(Repr::Small(values)));
        }
        let mut joined = self.to_vector();
        joined.append(other.to_vector());
        NixList(Rc::new(Repr::Large(joined)))
    }

    /// Elements `from..` (clamped), as a new list.
    pub fn skip(&self, from: usize) -> NixList {
        if from == 0 {
            return self.clone();
        }
        let from = from.min(self.len());
        match &*self.0 {
            Repr::Small(v) => NixList(Rc::new(Repr::Small(v[from..].to_vec()))),
            Repr::Large(v) => {
                let mut rest = v.clone();
                let tail = rest.split_off(from);
                if tail.len() <= SMALL {
                    NixList(Rc::new(Repr::Small(tail.into_iter().collect())))
                } else {
                    NixList(Rc::new(Repr::Large(tail)))
                }
            }
        }
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }

    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// An address identifying this list while it is alive.
    pub(crate) fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }
}

impl FromIterator<Value> for NixList {
    fn from_iter<T: IntoIterator<Item = Value>>(iter: T) -> Self {
        from_vec(iter.into_iter().collect())
    }
}

impl From<Vec<Value>> for NixList {
    fn from(values: Vec<Value>) -> Self {
        from_vec(values)
    }
}

impl Drop for NixList {
    fn drop(&mut self) {
        if let Some(repr) = Rc::get_mut(&mut self.0) {
            match std::mem::take(repr) {
                Repr::Small(values) => {
                    if values.iter().any(Value::is_last_owner) {
                        super::drop_queue::defer_all(values);
                    }
                }
                Repr::Large(mut values) => {
                    // Moving the elements out in place is much cheaper
                    // than consuming the vector from the front.
                    if values.iter().any(Value::is_last_owner) {
                        super::drop_queue::defer_all(values.iter_mut().map(std::mem::take));
                    }
                }
            }
        }
    }
}
