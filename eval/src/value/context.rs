//! String contexts: the store paths a string refers to, as C++ Nix tracks
//! them. A context is a set of elements, each a plain store path, a
//! derivation with all its outputs (`=drv` in Nix's encoding), or one
//! output of a derivation (`!out!drv`). Contexts arise where C++ Nix
//! makes them: paths copied to the store, `toFile`, `storePath`,
//! derivations, `appendContext`; they are carried through string
//! operations. Store paths themselves are `crate::store`'s business.

use std::collections::BTreeSet;

/// One element of a string context.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextElement {
    /// A store path the string refers to (`path = true` in `getContext`).
    Path(Box<str>),
    /// A derivation, with all its outputs (`allOutputs = true`).
    AllOutputs(Box<str>),
    /// One output of a derivation (an entry of `outputs`).
    Output {
        /// The derivation's store path.
        drv: Box<str>,
        /// The output's name (`out`, `dev`, ...).
        output: Box<str>,
    },
}

impl ContextElement {
    /// The store path this element is about (the derivation for outputs).
    pub fn store_path(&self) -> &str {
        match self {
            ContextElement::Path(p) | ContextElement::AllOutputs(p) => p,
            ContextElement::Output { drv, .. } => drv,
        }
    }

    /// The element in C++ Nix's encoding: `path`, `=drv` or `!out!drv`.
    pub fn encoded(&self) -> String {
        match self {
            ContextElement::Path(p) => p.to_string(),
            ContextElement::AllOutputs(drv) => format!("={drv}"),
            ContextElement::Output { drv, output } => format!("!{output}!{drv}"),
        }
    }
}

/// A non-empty set of context elements. Strings without context carry no
/// `NixContext` at all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NixContext(BTreeSet<ContextElement>);

impl NixContext {
    /// An empty context (to be filled before a string gets it).
    pub fn new() -> Self {
        NixContext(BTreeSet::new())
    }

    /// Adds an element (once: a context is a set).
    pub fn insert(&mut self, element: ContextElement) {
        self.0.insert(element);
    }

    /// Adds the elements of `other`.
    pub fn extend(&mut self, other: &NixContext) {
        if self.0.is_empty() {
            self.0 = other.0.clone();
        } else {
            self.0.extend(other.0.iter().cloned());
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it has no elements.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The elements, in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = &ContextElement> {
        self.0.iter()
    }

    /// Whether every element of `other` is in `self`.
    pub fn contains_all(&self, other: &NixContext) -> bool {
        other.0.is_subset(&self.0)
    }
}

impl FromIterator<ContextElement> for NixContext {
    fn from_iter<I: IntoIterator<Item = ContextElement>>(iter: I) -> Self {
        NixContext(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union() {
        let mut a: NixContext = [ContextElement::Path("/nix/store/x".into())]
            .into_iter()
            .collect();
        let b: NixContext = [ContextElement::AllOutputs("/nix/store/y.drv".into())]
            .into_iter()
            .collect();
        a.extend(&b);
        assert_eq!(a.len(), 2);
        assert!(a.contains_all(&b));
    }
}
