//! `NixAttrs`: attribute sets. Keys iterate in sorted byte order, as in
//! Nix. A set built at once (a literal, `listToAttrs`, `mapAttrs`, a
//! filter) is a sorted vector, read by binary search, whatever its size;
//! a large set that `//` or `insert` keeps extending becomes an `imbl`
//! ordered map, whose updates share structure. Every attribute carries
//! the position of its definition, if it has one (what `unsafeGetAttrPos`
//! reports). The representation is private.
//!
//! Why both: most large sets are built once and only read (a package
//! scope, a module's options), and a vector is several times cheaper to
//! build and to search than a map of nodes; but `foldl' (acc: x: acc //
//! { ... })` over a large set would copy the whole vector at each step.
//! So `//` merges two vectors into a new one (as C++ Nix does) only while
//! the result is small, or the sides are of like size ([`MERGE_RATIO`])
//! and the chain of merges that made them is short ([`MERGE_CHAIN`]);
//! otherwise the result is a map, and updating a map copies only the
//! nodes it changes.

use super::{NixString, SourcePos, Value};
use imbl::shared_ptr::RcK;
use imbl::GenericOrdMap;
use std::rc::Rc;

type Map = GenericOrdMap<NixString, Slot, RcK>;

/// An attribute's value and where it was defined.
#[derive(Clone)]
struct Slot {
    value: Value,
    pos: Option<SourcePos>,
}

/// An attribute of a small set.
#[derive(Clone)]
struct Entry {
    key: NixString,
    value: Value,
    pos: Option<SourcePos>,
}

impl Entry {
    fn new(key: NixString, value: Value) -> Self {
        Entry {
            key,
            value,
            pos: None,
        }
    }
}

/// Sets with at most this many attributes are always sorted vectors:
/// merging two of them costs less than any map operation.
const SMALL: usize = 32;

/// How many `//` merges in a row may produce a larger vector before the
/// result becomes a map: a fold that grows a set one update at a time
/// then pays at most this many full copies, not one per step.
const MERGE_CHAIN: u8 = 8;

/// `//` of two large vectors merges them only when the smaller side has
/// at least 1/`MERGE_RATIO` of the larger one's attributes: a merge copies
/// every attribute of both, and inserting a few attributes into a map
/// costs less than that (a map's insert costs about as much as copying
/// twenty attributes).
const MERGE_RATIO: usize = 16;

#[derive(Clone)]
enum Repr {
    /// Sorted by key, keys unique; any size.
    Flat(Vec<Entry>),
    /// A set extended by updates (see the module documentation).
    Map(Map),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Flat(Vec::new())
    }
}

/// What copies of a set share: the attributes, and whether their values
/// are known to hold nothing left to evaluate at any depth (constant
/// data), which lets deep forcing pass the set over.
#[derive(Default)]
struct Shared {
    repr: Repr,
    forced: bool,
    /// For a vector made by `//`: the length of the chain of merges that
    /// made it (see [`MERGE_CHAIN`]).
    merges: u8,
}

/// An immutable Nix attribute set; cloning is O(1).
#[derive(Clone, Default)]
pub struct NixAttrs(Rc<Shared>);

/// Iterates entries in sorted key order.
pub struct Iter<'a>(IterRepr<'a>);

enum IterRepr<'a> {
    Small(std::slice::Iter<'a, Entry>),
    Large(imbl::ordmap::Iter<'a, NixString, Slot, RcK>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a NixString, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Small(it) => it.next().map(|e| (&e.key, &e.value)),
            IterRepr::Large(it) => it.next().map(|(k, s)| (k, &s.value)),
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
            IterRepr::Small(it) => it.next_back().map(|e| (&e.key, &e.value)),
            IterRepr::Large(it) => it.next_back().map(|(k, s)| (k, &s.value)),
        }
    }
}

fn from_sorted(entries: Vec<Entry>) -> NixAttrs {
    NixAttrs::of(Repr::Flat(entries))
}

/// The map of sorted, unique entries.
fn map_of(entries: &[Entry]) -> Map {
    entries
        .iter()
        .map(|e| {
            (
                e.key.clone(),
                Slot {
                    value: e.value.clone(),
                    pos: e.pos,
                },
            )
        })
        .collect()
}

impl NixAttrs {
    fn of(repr: Repr) -> NixAttrs {
        NixAttrs(Rc::new(Shared {
            repr,
            forced: false,
            merges: 0,
        }))
    }

    fn repr(&self) -> &Repr {
        &self.0.repr
    }

    /// The set, marked as holding only values that need no evaluation at
    /// any depth (no thunks; its lists and sets marked the same way), so
    /// that deep forcing skips it. Only a set not shared yet is marked.
    pub(crate) fn mark_forced(mut self) -> NixAttrs {
        if let Some(shared) = Rc::get_mut(&mut self.0) {
            shared.forced = true;
        }
        self
    }

    /// Whether the set is marked as needing no evaluation inside.
    pub(crate) fn is_forced(&self) -> bool {
        self.0.forced
    }

    /// The empty set.
    pub fn new() -> Self {
        NixAttrs::default()
    }

    /// The number of attributes.
    pub fn len(&self) -> usize {
        match self.repr() {
            Repr::Flat(v) => v.len(),
            Repr::Map(m) => m.len(),
        }
    }

    /// Whether the set has no attributes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of the attribute `key`.
    pub fn get(&self, key: &[u8]) -> Option<&Value> {
        match self.repr() {
            // Most sets are tiny: comparing for equality (length first)
            // beats a binary search of ordered comparisons.
            Repr::Flat(v) => small_find(v, key).map(|e| &e.value),
            Repr::Map(m) => m.get(key).map(|s| &s.value),
        }
    }

    /// The value of the attribute `name`: [`Self::get`] for a name the
    /// program gives, which is most often interned (`intern.rs`) and then
    /// found by comparing pointers.
    #[inline]
    pub(crate) fn get_name(&self, name: &NixString) -> Option<&Value> {
        match self.repr() {
            Repr::Flat(v) => small_find_name(v, name).map(|e| &e.value),
            Repr::Map(m) => m.get(name).map(|s| &s.value),
        }
    }

    /// Where the attribute `name` was defined: [`Self::position`] for a
    /// name as [`Self::get_name`] takes it.
    pub(crate) fn position_name(&self, name: &NixString) -> Option<SourcePos> {
        match self.repr() {
            Repr::Flat(v) => small_find_name(v, name).and_then(|e| e.pos),
            Repr::Map(m) => m.get(name).and_then(|s| s.pos),
        }
    }

    /// Where the attribute `key` was defined, if it was defined in source.
    pub fn position(&self, key: &[u8]) -> Option<SourcePos> {
        match self.repr() {
            Repr::Flat(v) => small_find(v, key).and_then(|e| e.pos),
            Repr::Map(m) => m.get(key).and_then(|s| s.pos),
        }
    }

    /// The value of the attribute `key`, given as text.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.get(key.as_bytes())
    }

    /// Whether the set has the attribute `key`.
    pub fn contains(&self, key: &[u8]) -> bool {
        self.get(key).is_some()
    }

    /// Entries in sorted key order.
    pub fn iter(&self) -> Iter<'_> {
        match self.repr() {
            Repr::Flat(v) => Iter(IterRepr::Small(v.iter())),
            Repr::Map(m) => Iter(IterRepr::Large(m.iter())),
        }
    }

    /// The names, sorted.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &NixString> + '_ {
        self.iter().map(|(k, _)| k)
    }

    /// The values, in the order of their names.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + '_ {
        self.iter().map(|(_, v)| v)
    }

    /// A copy with `key` set to `value` (defined nowhere in source).
    pub fn insert(&self, key: NixString, value: Value) -> NixAttrs {
        match self.repr() {
            Repr::Flat(v) if v.len() < SMALL => {
                let mut entries = v.clone();
                match entries.binary_search_by(|e| e.key.cmp(&key)) {
                    Ok(i) => entries[i] = Entry::new(key, value),
                    Err(i) => entries.insert(i, Entry::new(key, value)),
                }
                from_sorted(entries)
            }
            _ => {
                let mut map = self.to_map();
                map.insert(key, Slot { value, pos: None });
                NixAttrs::of(Repr::Map(map))
            }
        }
    }

    /// A copy without `key`.
    pub fn remove(&self, key: &[u8]) -> NixAttrs {
        match self.repr() {
            Repr::Flat(v) if v.len() <= SMALL => {
                let mut entries = v.clone();
                if let Ok(i) = entries.binary_search_by(|e| e.key.as_bytes().cmp(key)) {
                    entries.remove(i);
                }
                NixAttrs::of(Repr::Flat(entries))
            }
            _ => {
                let mut map = self.to_map();
                map.remove(key);
                NixAttrs::of(Repr::Map(map))
            }
        }
    }

    /// `self // other`: the attributes of both, `other` winning.
    pub fn update(&self, other: &NixAttrs) -> NixAttrs {
        if other.is_empty() {
            return self.clone();
        }
        if self.is_empty() {
            return other.clone();
        }
        if let (Repr::Flat(a), Repr::Flat(b)) = (self.repr(), other.repr()) {
            let chain = self.0.merges.max(other.0.merges).saturating_add(1);
            let (larger, smaller) = (a.len().max(b.len()), a.len().min(b.len()));
            if larger + smaller <= SMALL
                || (chain <= MERGE_CHAIN && smaller.saturating_mul(MERGE_RATIO) >= larger)
            {
                let mut merged = NixAttrs::of(Repr::Flat(merge(a, b)));
                if merged.len() > SMALL {
                    if let Some(shared) = Rc::get_mut(&mut merged.0) {
                        shared.merges = chain;
                    }
                }
                return merged;
            }
        }
        // Insert the smaller side into a copy of the larger map.
        let (base, extra, extra_wins) = if self.len() >= other.len() {
            (self, other, true)
        } else {
            (other, self, false)
        };
        let mut map = base.to_map();
        extra.for_each_slot(|k, slot| {
            if extra_wins || !map.contains_key(k) {
                map.insert(k.clone(), slot);
            }
        });
        NixAttrs::of(Repr::Map(map))
    }
}

/// The entries of two sorted vectors, those of `b` winning.
fn merge(a: &[Entry], b: &[Entry]) -> Vec<Entry> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].key.cmp(&b[j].key) {
            std::cmp::Ordering::Less => {
                merged.push(a[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                merged.push(b[j].clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                merged.push(b[j].clone());
                i += 1;
                j += 1;
            }
        }
    }
    merged.extend_from_slice(&a[i..]);
    merged.extend_from_slice(&b[j..]);
    merged
}

impl NixAttrs {
    fn to_map(&self) -> Map {
        match self.repr() {
            Repr::Flat(v) => map_of(v),
            Repr::Map(m) => m.clone(),
        }
    }

    fn for_each_slot(&self, mut f: impl FnMut(&NixString, Slot)) {
        match self.repr() {
            Repr::Flat(v) => v.iter().for_each(|e| {
                f(
                    &e.key,
                    Slot {
                        value: e.value.clone(),
                        pos: e.pos,
                    },
                )
            }),
            Repr::Map(m) => m.iter().for_each(|(k, s)| f(k, s.clone())),
        }
    }

    /// The attributes of `self` whose names satisfy `keep`, positions
    /// kept (`removeAttrs`, `intersectAttrs`).
    pub fn filter_keys(&self, mut keep: impl FnMut(&[u8]) -> bool) -> NixAttrs {
        match self.repr() {
            Repr::Flat(v) => from_sorted(
                v.iter()
                    .filter(|e| keep(e.key.as_bytes()))
                    .cloned()
                    .collect(),
            ),
            Repr::Map(m) => {
                let mut entries = Vec::new();
                for (k, s) in m.iter() {
                    if keep(k.as_bytes()) {
                        entries.push(Entry {
                            key: k.clone(),
                            value: s.value.clone(),
                            pos: s.pos,
                        });
                    }
                }
                from_sorted(entries)
            }
        }
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

    /// Whether both are copies of one set (cheap; equal sets may differ).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// An address identifying this set's storage while it is alive: the
    /// same for every copy of the set (printers use it to spot a set met
    /// again).
    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// Builds a set from entries, failing with the first repeated key.
    pub fn from_unique(entries: Vec<(NixString, Value)>) -> Result<NixAttrs, NixString> {
        Self::from_unique_with_positions(
            entries
                .into_iter()
                .map(|(key, value)| (key, value, None))
                .collect(),
        )
    }

    /// A set of entries already in key order with distinct keys (the
    /// caller guarantees it), each with where it was defined. The entries
    /// are collected once, into the set's own vector.
    pub(crate) fn from_sorted_unique(
        entries: impl IntoIterator<Item = (NixString, Value, Option<SourcePos>)>,
    ) -> NixAttrs {
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|(key, value, pos)| Entry { key, value, pos })
            .collect();
        debug_assert!(entries.windows(2).all(|w| w[0].key < w[1].key));
        from_sorted(entries)
    }

    /// Like [`Self::from_unique`], with where each attribute was defined.
    pub fn from_unique_with_positions(
        entries: Vec<(NixString, Value, Option<SourcePos>)>,
    ) -> Result<NixAttrs, NixString> {
        let mut entries: Vec<Entry> = entries
            .into_iter()
            .map(|(key, value, pos)| Entry { key, value, pos })
            .collect();
        // Data often comes sorted, and strictly sorted keys are unique.
        // Otherwise: keys are unique when this succeeds, so an unstable
        // sort (no scratch buffer) gives the order a stable one would.
        if !entries.is_sorted_by(|a, b| a.key < b.key) {
            entries.sort_unstable_by(|a, b| a.key.cmp(&b.key));
            if let Some(pair) = entries.windows(2).find(|w| w[0].key == w[1].key) {
                return Err(pair[0].key.clone());
            }
        }
        Ok(from_sorted(entries))
    }
}

/// The entry for `key` in a sorted vector.
fn small_find<'a>(entries: &'a [Entry], key: &[u8]) -> Option<&'a Entry> {
    // Most sets are tiny: comparing for equality (length first) beats a
    // binary search of ordered comparisons.
    if entries.len() <= 8 {
        entries.iter().find(|e| e.key.as_bytes() == key)
    } else {
        entries
            .binary_search_by(|e| e.key.as_bytes().cmp(key))
            .ok()
            .map(|i| &entries[i])
    }
}

/// The entry for `name` in a sorted vector, comparing whole strings
/// (interned names by pointer, see `NixString`'s `PartialEq`).
#[inline]
fn small_find_name<'a>(entries: &'a [Entry], name: &NixString) -> Option<&'a Entry> {
    if entries.len() <= 8 {
        entries.iter().find(|e| e.key == *name)
    } else {
        entries
            .binary_search_by(|e| e.key.cmp(name))
            .ok()
            .map(|i| &entries[i])
    }
}

/// Builds a set; later duplicates replace earlier ones.
impl FromIterator<(NixString, Value)> for NixAttrs {
    fn from_iter<T: IntoIterator<Item = (NixString, Value)>>(iter: T) -> Self {
        let mut entries: Vec<Entry> = iter
            .into_iter()
            .map(|(key, value)| Entry::new(key, value))
            .collect();
        // A stable sort keeps duplicates in order; keep the last of each.
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let mut unique: Vec<Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            match unique.last_mut() {
                Some(last) if last.key == entry.key => *last = entry,
                _ => unique.push(entry),
            }
        }
        from_sorted(unique)
    }
}

impl Drop for NixAttrs {
    fn drop(&mut self) {
        if let Some(shared) = Rc::get_mut(&mut self.0) {
            match std::mem::take(&mut shared.repr) {
                Repr::Flat(entries) => {
                    if entries.iter().any(|e| e.value.is_last_owner()) {
                        super::drop_queue::defer_all(entries.into_iter().map(|e| e.value));
                    }
                }
                Repr::Map(map) => {
                    // Nodes shared with other versions of the set (every
                    // `//` result shares them) only lose a reference:
                    // dropping in place costs nothing per entry, where
                    // consuming the map would copy each shared node.
                    let Some(map) = super::drop_queue::drop_inline(map) else {
                        return;
                    };
                    // Too deep for the Rust stack: hand the values to the
                    // queue.
                    super::drop_queue::defer_all(map.into_iter().map(|(_, s)| s.value))
                }
            }
        }
    }
}
