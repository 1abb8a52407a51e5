//! `NixAttrs`: attribute sets. Keys iterate in sorted byte order, as in
//! Nix. The representation (an `imbl` ordered map) is private.

use super::{NixString, Value};
use imbl::shared_ptr::RcK;
use imbl::GenericOrdMap;
use std::rc::Rc;

type Repr = GenericOrdMap<NixString, Value, RcK>;

/// An immutable Nix attribute set; cloning is O(1).
#[derive(Clone, Default)]
pub struct NixAttrs(Rc<Repr>);

impl NixAttrs {
    pub fn new() -> Self {
        NixAttrs::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, key: &[u8]) -> Option<&Value> {
        self.0.get(key)
    }

    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.0.get(key.as_bytes())
    }

    pub fn contains(&self, key: &[u8]) -> bool {
        self.0.contains_key(key)
    }

    /// Entries in sorted key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&NixString, &Value)> + '_ {
        self.0.iter()
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &NixString> + '_ {
        self.0.keys()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + '_ {
        self.0.values()
    }

    /// A copy with `key` set to `value`.
    pub fn insert(&self, key: NixString, value: Value) -> NixAttrs {
        let mut repr: Repr = (*self.0).clone();
        repr.insert(key, value);
        NixAttrs(Rc::new(repr))
    }

    /// A copy without `key`.
    pub fn remove(&self, key: &[u8]) -> NixAttrs {
        let mut repr: Repr = (*self.0).clone();
        repr.remove(key);
        NixAttrs(Rc::new(repr))
    }

    /// `self // other`: the attributes of both, `other` winning.
    pub fn update(&self, other: &NixAttrs) -> NixAttrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        let (base, extra, extra_wins) = if self.len() >= other.len() {
            (self, other, true)
        } else {
            (other, self, false)
        };
        let mut repr: Repr = (*base.0).clone();
        for (k, v) in extra.iter() {
            if extra_wins || !repr.contains_key(k.as_bytes()) {
                repr.insert(k.clone(), v.clone());
            }
        }
        NixAttrs(Rc::new(repr))
    }

    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub(crate) fn take_if_unique(&mut self) -> Option<Repr> {
        Rc::get_mut(&mut self.0).map(std::mem::take)
    }
}

/// Builds a set; later duplicates replace earlier ones.
impl FromIterator<(NixString, Value)> for NixAttrs {
    fn from_iter<T: IntoIterator<Item = (NixString, Value)>>(iter: T) -> Self {
        NixAttrs(Rc::new(iter.into_iter().collect()))
    }
}

impl Drop for NixAttrs {
    fn drop(&mut self) {
        if let Some(entries) = self.take_if_unique() {
            super::drop_queue::defer_all(entries.into_iter().map(|(_, v)| v));
        }
    }
}

impl NixAttrs {
    /// Builds a set from entries, failing with the first repeated key.
    pub fn from_unique(entries: Vec<(NixString, Value)>) -> Result<NixAttrs, NixString> {
        let mut repr = Repr::new();
        for (key, value) in entries {
            if let Some(_previous) = repr.insert(key.clone(), value) {
                return Err(key);
            }
        }
        Ok(NixAttrs(Rc::new(repr)))
    }
}

impl NixAttrs {
    /// An address identifying this set while it is alive.
    pub(crate) fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }
}
