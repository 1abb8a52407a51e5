//! `NixList`: the list type of Nix values. A list built at once (a
//! literal, `map`, `genList`, `filter`, ...) is a plain vector of any
//! length: indexing and iteration are as cheap as they get. A long result
//! of `++` or `tail` is an `imbl` persistent vector, so that `++` in a
//! fold and walking a list with `tail` share structure instead of copying.
//! The representation is private.

use super::Value;
use imbl::shared_ptr::RcK;
use imbl::GenericVector;
use std::rc::Rc;

type Vector = GenericVector<Value, RcK>;

/// Results of `++` and `tail` with at most this many elements are plain
/// vectors: copying them costs less than building a tree, and a fold
/// that appends copies at most this many elements per step.
const SMALL: usize = 128;

#[derive(Clone)]
enum Repr {
    Flat(Vec<Value>),
    Tree(Vector),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Flat(Vec::new())
    }
}

/// What copies of a list share: the elements, and whether they are
/// known to hold nothing left to evaluate at any depth (constant data),
/// which lets deep forcing pass the list over.
#[derive(Default)]
struct Shared {
    repr: Repr,
    forced: bool,
}

/// An immutable Nix list; cloning is O(1).
#[derive(Clone, Default)]
pub struct NixList(Rc<Shared>);

/// Iterates the elements in order.
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Flat(std::slice::Iter<'a, Value>),
    Tree(imbl::vector::Iter<'a, Value, RcK>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Flat(it) => it.next(),
            IterRepr::Tree(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterRepr::Flat(it) => it.size_hint(),
            IterRepr::Tree(it) => it.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Flat(it) => it.next_back(),
            IterRepr::Tree(it) => it.next_back(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

fn from_vec(mut values: Vec<Value>) -> NixList {
    // Builders reserve for the largest outcome (`filter` for every
    // element): a list kept alive should not carry much unused room.
    if values.capacity() - values.len() > values.len() / 2 + 4 {
        values.shrink_to_fit();
    }
    NixList::of(Repr::Flat(values))
}

impl NixList {
    fn of(repr: Repr) -> NixList {
        NixList(Rc::new(Shared {
            repr,
            forced: false,
        }))
    }

    fn repr(&self) -> &Repr {
        &self.0.repr
    }

    /// The list, marked as holding only values that need no evaluation at
    /// any depth (no thunks; its lists and sets marked the same way), so
    /// that deep forcing skips it. Only a list not shared yet is marked.
    pub(crate) fn mark_forced(mut self) -> NixList {
        if let Some(shared) = Rc::get_mut(&mut self.0) {
            shared.forced = true;
        }
        self
    }

    /// Whether the list is marked as needing no evaluation inside.
    pub(crate) fn is_forced(&self) -> bool {
        self.0.forced
    }

    /// The empty list.
    pub fn new() -> Self {
        NixList::default()
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        match self.repr() {
            Repr::Flat(v) => v.len(),
            Repr::Tree(v) => v.len(),
        }
    }

    /// Whether the list has no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `index` (from 0), if there is one.
    pub fn get(&self, index: usize) -> Option<&Value> {
        match self.repr() {
            Repr::Flat(v) => v.get(index),
            Repr::Tree(v) => v.get(index),
        }
    }

    /// The items in order.
    pub fn iter(&self) -> Iter<'_> {
        match self.repr() {
            Repr::Flat(v) => Iter(IterRepr::Flat(v.iter())),
            Repr::Tree(v) => Iter(IterRepr::Tree(v.iter())),
        }
    }

    /// Iterates the elements from `start` on (none if it is past the end).
    pub fn iter_from(&self, start: usize) -> Iter<'_> {
        let start = start.min(self.len());
        match self.repr() {
            Repr::Flat(v) => Iter(IterRepr::Flat(v[start..].iter())),
            Repr::Tree(v) => Iter(IterRepr::Tree(v.focus().narrow(start..).into_iter())),
        }
    }

    fn to_vector(&self) -> Vector {
        match self.repr() {
            Repr::Flat(v) => v.iter().cloned().collect(),
            Repr::Tree(v) => v.clone(),
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
            return NixList::of(Repr::Flat(values));
        }
        // A few elements on one side are pushed one by one: `imbl`'s
        // `append` rebalances the tree, which costs far more.
        let joined = if other.len() <= SMALL {
            let mut joined = self.to_vector();
            for value in other.iter() {
                joined.push_back(value.clone());
            }
            joined
        } else if self.len() <= SMALL {
            let mut joined = other.to_vector();
            for value in self.iter().rev() {
                joined.push_front(value.clone());
            }
            joined
        } else {
            let mut joined = self.to_vector();
            joined.append(other.to_vector());
            joined
        };
        NixList::of(Repr::Tree(joined))
    }

    /// Elements `from..` (clamped), as a new list. A long rest shares
    /// the elements as a tree, so that walking a list with `tail` costs
    /// one copy of it rather than one per step.
    pub fn skip(&self, from: usize) -> NixList {
        if from == 0 {
            return self.clone();
        }
        let from = from.min(self.len());
        let rest = match self.repr() {
            Repr::Flat(v) if v.len() - from <= SMALL => return from_vec(v[from..].to_vec()),
            Repr::Flat(v) => v[from..].iter().cloned().collect(),
            Repr::Tree(v) => v.clone().split_off(from),
        };
        if rest.len() <= SMALL {
            return from_vec(rest.into_iter().collect());
        }
        NixList::of(Repr::Tree(rest))
    }

    pub(crate) fn is_unique(&self) -> bool {
        Rc::strong_count(&self.0) == 1
    }

    /// One more reference, for a bitwise copy (see `Value::clone`).
    #[inline(always)]
    pub(super) fn retain(&self) {
        super::retain(&self.0)
    }

    /// See [`Value::release`].
    #[inline(always)]
    pub(super) fn release_shared(&self) -> bool {
        super::release_shared(&self.0)
    }

    /// Whether both are copies of one list (cheap; equal lists may differ).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// An address identifying this list's storage while it is alive: the
    /// same for every copy of the list.
    pub fn identity(&self) -> usize {
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
        if let Some(shared) = Rc::get_mut(&mut self.0) {
            match std::mem::take(&mut shared.repr) {
                Repr::Flat(values) => {
                    if values.iter().any(Value::is_last_owner) {
                        super::drop_queue::defer_all(values);
                    }
                }
                Repr::Tree(values) => {
                    // Nodes shared with other lists (`++` in a fold) only
                    // lose a reference: dropping in place costs nothing
                    // per element, where a walk over the elements would.
                    let Some(mut values) = super::drop_queue::drop_inline(values) else {
                        return;
                    };
                    // Too deep: hand the elements to the queue, moved
                    // out in place (much cheaper than consuming the
                    // vector from the front).
                    if values.iter().any(Value::is_last_owner) {
                        super::drop_queue::defer_all(values.iter_mut().map(std::mem::take));
                    }
                }
            }
        }
    }
}
