//! Interned names: one string per distinct name of a program, per thread.
//!
//! The compiler interns the names it reads from source (attribute names
//! of set literals, selected attributes, formal arguments, `with` look-ups,
//! short string literals), so that the name in a look-up and the key of a
//! set built from a literal are most often the same allocation, and two
//! different interned names are known to differ without reading their
//! bytes (`NixString`'s `PartialEq`). A set look-up then compares
//! pointers where it compared lengths and bytes.
//!
//! Strings made at run time (interpolation, `listToAttrs` of computed
//! names) are not interned; they compare by their bytes as before, so
//! interning only makes comparisons faster, never different.
//!
//! The table keeps its strings for the life of the thread, as C++ Nix
//! keeps its symbols: only names up to [`MAX_LEN`] bytes are interned,
//! and at most [`MAX_NAMES`] of them, so that no input makes it grow
//! without bound (past the limit, names are simply not interned).
//! Values never leave their thread (`Rc`), so a per-thread table is as
//! good as a global one and needs no lock.

use super::string::NixString;
use rustc_hash::FxHasher;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// The longest name interned, in bytes.
const MAX_LEN: usize = 64;

/// How many names the table holds at most.
const MAX_NAMES: usize = 1 << 18;

thread_local! {
    static NAMES: RefCell<HashSet<NixString, BuildHasherDefault<FxHasher>>> =
        RefCell::new(HashSet::default());
}

/// The interned copy of `text`, or a fresh string when names that long,
/// or that many, are not interned.
pub(crate) fn intern(text: &str) -> NixString {
    if text.len() > MAX_LEN {
        return NixString::from(text);
    }
    NAMES
        .try_with(|names| {
            let mut names = names.borrow_mut();
            if let Some(name) = names.get(text.as_bytes()) {
                return name.clone();
            }
            let mut name = NixString::from(text);
            if names.len() < MAX_NAMES && name.mark_interned() {
                names.insert(name.clone());
            }
            name
        })
        .unwrap_or_else(|_| NixString::from(text))
}

/// The interned copy of a name known when the evaluator is built, made
/// once per thread: for the builtins that look up fixed attributes
/// (`listToAttrs`'s `name` and `value`).
macro_rules! interned {
    ($text:literal) => {{
        thread_local! {
            static NAME: $crate::value::NixString = $crate::value::intern($text);
        }
        NAME.with(|name| name.clone())
    }};
}
pub(crate) use interned;

/// `string` interned when it is a short string without context, as
/// [`intern`]; any other string is returned as it is.
pub(crate) fn intern_string(string: NixString) -> NixString {
    if string.is_interned() || string.has_context() || string.len() > MAX_LEN {
        return string;
    }
    match string.to_str() {
        Some(text) => intern(text),
        None => string,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_names_are_one_string() {
        let a = intern("services");
        let b = intern("services");
        assert!(a.ptr_eq(&b));
        assert!(a.is_interned());
        let c = intern("options");
        assert!(a == b);
        assert!(a != c);
    }

    #[test]
    fn interned_and_computed_strings_compare_by_bytes() {
        let interned = intern("enable");
        let computed = NixString::join(&[&NixString::from("en"), &NixString::from("able")]);
        assert!(!computed.is_interned());
        assert!(interned == computed);
        assert!(computed == interned);
        assert_eq!(interned, computed);
        let other = NixString::from("enabled");
        assert!(interned != other);
    }

    #[test]
    fn long_names_are_not_interned() {
        let long = "x".repeat(MAX_LEN + 1);
        let a = intern(&long);
        let b = intern(&long);
        assert!(!a.is_interned());
        assert!(!a.ptr_eq(&b));
        assert!(a == b);
    }

    #[test]
    fn strings_with_context_or_not_utf8_stay_as_they_are() {
        let bytes = NixString::new([0xff, 0xfe]);
        let kept = intern_string(bytes.clone());
        assert!(kept.ptr_eq(&bytes));
        assert!(!kept.is_interned());
    }
}
