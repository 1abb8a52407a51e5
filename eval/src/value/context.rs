//! String contexts: the store paths a string refers to, as C++ Nix tracks
//! them. A context is a set of elements, each a plain store path, a
//! derivation with all its outputs (`=drv` in Nix's encoding), or one
//! output of a derivation (`!out!drv`). This evaluator has no store, so
//! contexts only arise from `builtins.appendContext`; they are carried
//! through string operations so that programs observe what C++ Nix shows.
//!
//! Also here: the syntax of store paths, which `appendContext` checks.

use std::collections::BTreeSet;

/// The store directory of the store paths in contexts.
pub const STORE_DIR: &str = "/nix/store";

/// The length of the hash part of a store path's base name.
const HASH_LEN: usize = 32;

/// The longest name part of a store path.
const MAX_NAME_LEN: usize = 211;

/// One element of a string context.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextElement {
    /// A store path the string refers to (`path = true` in `getContext`).
    Path(Box<str>),
    /// A derivation, with all its outputs (`allOutputs = true`).
    AllOutputs(Box<str>),
    /// One output of a derivation (an entry of `outputs`).
    Output { drv: Box<str>, output: Box<str> },
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
    pub fn new() -> Self {
        NixContext(BTreeSet::new())
    }

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

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

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

/// The characters of Nix's base-32 alphabet (no `e`, `o`, `u`, `t`).
fn is_nix32_char(c: u8) -> bool {
    matches!(c, b'0'..=b'9' | b'a'..=b'z') && !matches!(c, b'e' | b'o' | b'u' | b't')
}

/// Whether `path` is a store path: `/nix/store/<32 base-32 chars>-<name>`,
/// the name of at most 211 characters from `[a-zA-Z0-9+-._?=]`.
pub fn is_store_path(path: &str) -> bool {
    let Some(base) = path
        .strip_prefix(STORE_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    let bytes = base.as_bytes();
    if bytes.len() < HASH_LEN + 2 || bytes[HASH_LEN] != b'-' {
        return false;
    }
    let name = &bytes[HASH_LEN + 1..];
    bytes[..HASH_LEN].iter().all(|&c| is_nix32_char(c))
        && name.len() <= MAX_NAME_LEN
        && name
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || b"+-._?=".contains(&c))
}

/// Whether a store path names a derivation (its name ends in `.drv`).
pub fn is_derivation_path(path: &str) -> bool {
    path.ends_with(".drv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_paths() {
        let hash = "0123456789abcdfghijklmnpqrsvwxyz";
        assert!(is_store_path(&format!("/nix/store/{hash}-foo-1.0")));
        assert!(!is_store_path("/nix/store/abc-foo"));
        assert!(!is_store_path(&format!("/tmp/{hash}-foo")));
        assert!(!is_store_path(&format!("/nix/store/{hash}-")));
        assert!(!is_store_path(&format!("/nix/store/{hash}_foo")));
        assert!(!is_store_path(&format!("/nix/store/{hash}-a/b")));
        assert!(!is_store_path(&format!("/nix/store/{hash}-a b")));
        let bad_hash = "e123456789abcdfghijklmnpqrsvwxyz";
        assert!(!is_store_path(&format!("/nix/store/{bad_hash}-foo")));
    }

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
