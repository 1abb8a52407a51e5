//! `NixString`: the immutable byte string behind Nix string values and
//! attribute names. Nix strings are bytes, not necessarily UTF-8.

use bstr::{BStr, ByteSlice};
use std::borrow::Borrow;
use std::fmt;
use std::rc::Rc;

/// An immutable, cheaply clonable Nix string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NixString(Rc<Box<[u8]>>);

impl NixString {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        NixString(Rc::new(bytes.into().into_boxed_slice()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn as_bstr(&self) -> &BStr {
        self.0.as_bstr()
    }

    /// The string as UTF-8, with invalid sequences replaced.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        self.0.to_str_lossy()
    }

    /// The string as UTF-8, if it is valid UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn ptr_eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    pub fn concat(&self, other: &[u8]) -> NixString {
        let mut bytes = Vec::with_capacity(self.len() + other.len());
        bytes.extend_from_slice(self.as_bytes());
        bytes.extend_from_slice(other);
        NixString::new(bytes)
    }
}

impl Borrow<[u8]> for NixString {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl From<&str> for NixString {
    fn from(s: &str) -> Self {
        NixString::new(s.as_bytes())
    }
}

impl From<String> for NixString {
    fn from(s: String) -> Self {
        NixString::new(s.into_bytes())
    }
}

impl From<&[u8]> for NixString {
    fn from(s: &[u8]) -> Self {
        NixString::new(s)
    }
}

impl From<Vec<u8>> for NixString {
    fn from(s: Vec<u8>) -> Self {
        NixString::new(s)
    }
}

/// Displays the raw contents (lossily as UTF-8), not the Nix representation.
impl fmt::Display for NixString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_bstr(), f)
    }
}

impl fmt::Debug for NixString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_bstr(), f)
    }
}

/// Whether `name` can be printed as a bare Nix identifier
/// (`[a-zA-Z_][a-zA-Z0-9_'-]*` and not a keyword).
pub fn is_bare_identifier(name: &[u8]) -> bool {
    let Some((first, rest)) = name.split_first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || *first == b'_') {
        return false;
    }
    if !rest
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-'))
    {
        return false;
    }
    !matches!(
        name,
        b"if"
            | b"then"
            | b"else"
            | b"assert"
            | b"with"
            | b"let"
            | b"in"
            | b"rec"
            | b"inherit"
            | b"or"
    )
}

/// Writes `bytes` as a Nix string literal, escaping as `nix-instantiate` does.
pub fn write_nix_string_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'$' if bytes.get(i + 1) == Some(&b'{') => out.extend_from_slice(b"\\$"),
            _ => out.push(c),
        }
        i += 1;
    }
    out.push(b'"');
}
