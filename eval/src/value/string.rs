//! `NixString`: the immutable byte string behind Nix string values and
//! attribute names. Nix strings are bytes, not necessarily UTF-8, and may
//! carry a context (the store paths they refer to, see `context.rs`).
//!
//! A `NixString` is one pointer to a single reference-counted allocation:
//! a header (reference count, length, context) followed by the bytes. A
//! string without context (nearly all of them) pays one null pointer for
//! it. Equality, ordering and hashing look at the bytes only, as Nix
//! compares strings without their contexts.

use super::context::NixContext;
use crate::errors::ErrorKind;
use bstr::{BStr, ByteSlice};
use std::alloc::{self, Layout};
use std::borrow::Borrow;
use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ptr::{self, NonNull};
use std::rc::Rc;

/// The start of every string allocation; the bytes follow it.
#[repr(C)]
struct Header {
    refs: Cell<usize>,
    /// The length in bytes, and [`KNOWN_UTF8`].
    len: usize,
    context: Option<Rc<NixContext>>,
}

/// Set in [`Header::len`] when the bytes are known to be UTF-8 (the string
/// was made from a Rust `str`: the text of a program, say), so that
/// reading it as `str` needs no check. No allocation reaches this length.
const KNOWN_UTF8: usize = 1 << (usize::BITS - 1);

/// Set in [`Header::len`] when the string is the one interned copy of its
/// bytes for this thread (see `intern.rs`): two interned strings are
/// equal exactly when they are the same allocation. No allocation reaches
/// this length either.
const INTERNED: usize = 1 << (usize::BITS - 2);

/// The flag bits of [`Header::len`].
const LEN_FLAGS: usize = KNOWN_UTF8 | INTERNED;

/// Where the bytes start in the allocation (the header's size is a
/// multiple of its alignment, so the bytes follow without padding).
const DATA_OFFSET: usize = std::mem::size_of::<Header>();

/// How many bytes follow the header: the string's bytes, then zeros up to
/// a whole number of words, at least one. Ordering and equality read the
/// first word at once (see [`NixString::first_word`]) instead of calling
/// `memcmp`; the allocator rounds small sizes up to words anyway.
fn stored_len(len: usize) -> Option<usize> {
    Some(len.max(1).checked_add(WORD - 1)? & !(WORD - 1))
}

const WORD: usize = std::mem::size_of::<u64>();

fn layout(len: usize) -> Layout {
    match stored_len(len)
        .and_then(|stored| DATA_OFFSET.checked_add(stored))
        .filter(|_| len & LEN_FLAGS == 0)
        .and_then(|size| Layout::from_size_align(size, std::mem::align_of::<Header>()).ok())
    {
        Some(layout) => layout,
        // Only reachable with lengths no memory could hold; Vec aborts
        // the same way.
        None => alloc::handle_alloc_error(Layout::new::<Header>()),
    }
}

/// An immutable, cheaply clonable Nix string.
pub struct NixString {
    header: NonNull<Header>,
    _owns: PhantomData<Header>,
}

impl NixString {
    /// Allocates a string of `len` bytes and fills it from `pieces`,
    /// which must yield exactly `len` bytes in total.
    fn from_pieces<'a>(
        len: usize,
        context: Option<Rc<NixContext>>,
        pieces: impl IntoIterator<Item = &'a [u8]>,
    ) -> NixString {
        Self::from_pieces_marked(len, context, pieces, false)
    }

    /// [`Self::from_pieces`]; `utf8` says that the pieces are known to be
    /// UTF-8 together.
    fn from_pieces_marked<'a>(
        len: usize,
        context: Option<Rc<NixContext>>,
        pieces: impl IntoIterator<Item = &'a [u8]>,
        utf8: bool,
    ) -> NixString {
        let layout = layout(len);
        // SAFETY: the layout has a non-zero size (the header). The header
        // is written before use; the pieces are copied into the `len`
        // bytes after it, never beyond (checked per piece), and any bytes
        // the pieces did not fill are zeroed, up to the stored length
        // that `layout` made room for, so all stored bytes are
        // initialised and those past `len` are zero.
        unsafe {
            let raw = alloc::alloc(layout);
            let Some(header) = NonNull::new(raw as *mut Header) else {
                alloc::handle_alloc_error(layout)
            };
            header.as_ptr().write(Header {
                refs: Cell::new(1),
                len: if utf8 { len | KNOWN_UTF8 } else { len },
                context,
            });
            let data = raw.add(DATA_OFFSET);
            let mut filled = 0;
            for piece in pieces {
                let n = piece.len().min(len - filled);
                ptr::copy_nonoverlapping(piece.as_ptr(), data.add(filled), n);
                filled += n;
            }
            let stored = layout.size() - DATA_OFFSET;
            if filled < stored {
                ptr::write_bytes(data.add(filled), 0, stored - filled);
            }
            NixString {
                header,
                _owns: PhantomData,
            }
        }
    }

    fn header(&self) -> &Header {
        // SAFETY: the header lives as long as any reference to it.
        unsafe { self.header.as_ref() }
    }

    /// A string of these bytes, without context.
    pub fn new(bytes: impl AsRef<[u8]>) -> Self {
        let bytes = bytes.as_ref();
        Self::from_pieces(bytes.len(), None, [bytes])
    }

    /// A string of these bytes with this context (`None`: no context).
    pub fn new_with_context(bytes: impl AsRef<[u8]>, context: Option<Rc<NixContext>>) -> Self {
        let bytes = bytes.as_ref();
        let context = context.filter(|c| !c.is_empty());
        Self::from_pieces(bytes.len(), context, [bytes])
    }

    /// The concatenation of `parts`, with the union of their contexts.
    pub fn join(parts: &[&NixString]) -> NixString {
        Self::join_with_separator(parts, None)
    }

    /// The concatenation of `parts` with `separator` between them, with
    /// the union of all their contexts (the separator's counts even
    /// for fewer than two parts, as in C++ Nix).
    pub fn join_with_separator(parts: &[&NixString], separator: Option<&NixString>) -> NixString {
        let separator_len = separator.map_or(0, |s| s.len());
        let mut len = separator_len.saturating_mul(parts.len().saturating_sub(1));
        let mut context = ContextUnion::default();
        if let Some(separator) = separator {
            context.add(separator);
        }
        for part in parts {
            len = len.saturating_add(part.len());
            context.add(part);
        }
        let separator_bytes = separator.map_or(&b""[..], |s| s.as_bytes());
        let pieces = parts.iter().enumerate().flat_map(|(i, part)| {
            let before: &[u8] = if i == 0 { b"" } else { separator_bytes };
            [before, part.as_bytes()]
        });
        Self::from_pieces(len, context.finish(), pieces)
    }

    /// The string's bytes (Nix strings need not be UTF-8).
    pub fn as_bytes(&self) -> &[u8] {
        let len = self.len();
        // SAFETY: the allocation holds `len` initialised bytes after the
        // header, alive as long as `self`.
        unsafe {
            std::slice::from_raw_parts((self.header.as_ptr() as *const u8).add(DATA_OFFSET), len)
        }
    }

    /// The bytes as a [`BStr`], which prints and searches like text.
    pub fn as_bstr(&self) -> &BStr {
        self.as_bytes().as_bstr()
    }

    /// The string as UTF-8, with invalid sequences replaced.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        self.as_bytes().to_str_lossy()
    }

    /// The string as UTF-8, if it is valid UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        self.as_utf8().ok()
    }

    /// The string as UTF-8, or why it is not; checked only for strings
    /// not made from Rust text.
    pub fn as_utf8(&self) -> Result<&str, std::str::Utf8Error> {
        if self.header().len & KNOWN_UTF8 != 0 {
            // SAFETY: only strings made from a `str` are marked, and
            // their bytes never change.
            Ok(unsafe { std::str::from_utf8_unchecked(self.as_bytes()) })
        } else {
            std::str::from_utf8(self.as_bytes())
        }
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.header().len & !LEN_FLAGS
    }

    /// Whether the string has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether both are copies of one string (cheap; equal strings may differ).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.header == other.header
    }

    /// The first eight bytes (zeros past the end), as a number that
    /// orders as the bytes do: two strings whose first words differ are
    /// ordered by them, and are unequal.
    #[inline(always)]
    fn first_word(&self) -> u64 {
        // SAFETY: every allocation stores at least one whole word after
        // the header, which is word-aligned (`layout`), zero past `len`.
        u64::from_be(unsafe {
            ptr::read((self.header.as_ptr() as *const u8).add(DATA_OFFSET) as *const u64)
        })
    }

    /// Whether this is the interned copy of its bytes (see `intern.rs`).
    pub(crate) fn is_interned(&self) -> bool {
        self.header().len & INTERNED != 0
    }

    /// Marks a string that no one else holds as the interned copy of its
    /// bytes; `false` (and no mark) when it is shared or has a context.
    pub(super) fn mark_interned(&mut self) -> bool {
        let header = self.header();
        if header.refs.get() != 1 || header.context.is_some() {
            return false;
        }
        // SAFETY: this is the only reference to the allocation (count 1,
        // and `&mut self`), so nothing reads the header while it is
        // written.
        unsafe { (*self.header.as_ptr()).len |= INTERNED };
        true
    }

    /// The string's context, if it has one (it is never empty).
    pub fn context(&self) -> Option<&Rc<NixContext>> {
        self.header().context.as_ref()
    }

    /// Whether the string refers to store paths.
    pub fn has_context(&self) -> bool {
        self.header().context.is_some()
    }

    /// The string itself if it has no context; the error C++ Nix gives
    /// where a string must not refer to store paths (attribute names,
    /// regular expressions, ...).
    pub fn require_no_context(&self) -> Result<&NixString, ErrorKind> {
        match self.context().and_then(|c| c.iter().next()) {
            None => Ok(self),
            Some(element) => Err(ErrorKind::StringContextNotAllowed {
                string: self.to_string(),
                store_path: element.encoded().to_string(),
            }),
        }
    }

    /// The same bytes without context.
    pub fn without_context(&self) -> NixString {
        match self.context() {
            None => self.clone(),
            Some(_) => NixString::new(self.as_bytes()),
        }
    }

    /// The same bytes with `context` instead of the string's own.
    pub fn with_context(&self, context: Option<Rc<NixContext>>) -> NixString {
        let context = context.filter(|c| !c.is_empty());
        if context.is_none() && !self.has_context() {
            return self.clone();
        }
        NixString::new_with_context(self.as_bytes(), context)
    }

    /// The bytes from `start` to `end`, keeping the context (even when
    /// the result is empty, as in C++ Nix).
    pub fn slice(&self, start: usize, end: usize) -> NixString {
        let end = end.min(self.len());
        let start = start.min(end);
        if start == 0 && end == self.len() {
            return self.clone();
        }
        NixString::new_with_context(&self.as_bytes()[start..end], self.context().cloned())
    }

    /// This string followed by `other` (bytes without context).
    pub fn concat(&self, other: &[u8]) -> NixString {
        Self::from_pieces(
            self.len().saturating_add(other.len()),
            self.context().cloned(),
            [self.as_bytes(), other],
        )
    }

    /// This string followed by `other`, with both contexts.
    pub fn concat_string(&self, other: &NixString) -> NixString {
        Self::join(&[self, other])
    }
}

impl NixString {
    /// Takes one reference off this string when others remain, and says
    /// so (see `Value::release`): the caller must then forget its copy.
    #[inline(always)]
    pub(super) fn release_shared(&self) -> bool {
        let refs = &self.header().refs;
        let count = refs.get();
        if count > 1 {
            refs.set(count - 1);
            true
        } else {
            false
        }
    }

    /// One more reference, for a bitwise copy (see `Value::clone`).
    #[inline(always)]
    pub(super) fn retain(&self) {
        let refs = &self.header().refs;
        let count = refs.get().wrapping_add(1);
        if count == 0 {
            // As `Rc` does when its count overflows.
            std::process::abort();
        }
        refs.set(count);
    }
}

impl Clone for NixString {
    #[inline(always)]
    fn clone(&self) -> Self {
        self.retain();
        NixString {
            header: self.header,
            _owns: PhantomData,
        }
    }
}

impl Drop for NixString {
    fn drop(&mut self) {
        let refs = &self.header().refs;
        let count = refs.get() - 1;
        refs.set(count);
        if count == 0 {
            let layout = layout(self.len());
            // SAFETY: this was the last reference: drop the header's
            // fields (the context) and free the allocation made with
            // the same layout.
            unsafe {
                ptr::drop_in_place(self.header.as_ptr());
                alloc::dealloc(self.header.as_ptr() as *mut u8, layout);
            }
        }
    }
}

/// Equal bytes. Two copies of one string are equal at once, and two
/// different interned strings unequal at once (the names of a program
/// are interned, `intern.rs`); any other pair compares its lengths, its
/// first words, then the rest of its bytes.
impl PartialEq for NixString {
    #[inline(always)]
    fn eq(&self, other: &Self) -> bool {
        if self.header == other.header {
            return true;
        }
        let (a, b) = (self.header().len, other.header().len);
        if a & b & INTERNED != 0 {
            return false;
        }
        let len = a & !LEN_FLAGS;
        if len != b & !LEN_FLAGS || self.first_word() != other.first_word() {
            return false;
        }
        len <= WORD || self.as_bytes()[WORD..] == other.as_bytes()[WORD..]
    }
}

impl Eq for NixString {}

impl PartialOrd for NixString {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NixString {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if self.ptr_eq(other) {
            return std::cmp::Ordering::Equal;
        }
        let (a, b) = (self.first_word(), other.first_word());
        if a != b {
            return a.cmp(&b);
        }
        self.as_bytes().cmp(other.as_bytes())
    }
}

/// Hashes like the `[u8]` it borrows as.
impl Hash for NixString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state)
    }
}

impl Default for NixString {
    fn default() -> Self {
        NixString::new(b"")
    }
}

impl Borrow<[u8]> for NixString {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl AsRef<[u8]> for NixString {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl From<&str> for NixString {
    fn from(s: &str) -> Self {
        NixString::from_pieces_marked(s.len(), None, [s.as_bytes()], true)
    }
}

impl From<String> for NixString {
    fn from(s: String) -> Self {
        NixString::from(s.as_str())
    }
}

impl From<&[u8]> for NixString {
    fn from(s: &[u8]) -> Self {
        NixString::new(s)
    }
}

impl From<Vec<u8>> for NixString {
    fn from(s: Vec<u8>) -> Self {
        NixString::new(&s)
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

/// Collects the union of the contexts of several strings, sharing a
/// context rather than copying it while only one string has one.
#[derive(Default)]
pub struct ContextUnion(Option<Rc<NixContext>>);

impl ContextUnion {
    /// Adds the context of `s`.
    pub fn add(&mut self, s: &NixString) {
        if let Some(context) = s.context() {
            self.add_context(context);
        }
    }

    /// Adds the elements of `context`.
    pub fn add_context(&mut self, context: &Rc<NixContext>) {
        match &mut self.0 {
            None => self.0 = Some(context.clone()),
            Some(mine) => {
                if !Rc::ptr_eq(mine, context) && !mine.contains_all(context) {
                    Rc::make_mut(mine).extend(context);
                }
            }
        }
    }

    /// Whether no context was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The union: `None` if no context was added.
    pub fn finish(self) -> Option<Rc<NixContext>> {
        self.0
    }
}

/// Builds a string piece by piece, with the union of the contexts of the
/// strings appended.
#[derive(Default)]
pub struct NixStringBuilder {
    bytes: Vec<u8>,
    context: ContextUnion,
}

impl NixStringBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        NixStringBuilder {
            bytes: Vec::with_capacity(capacity),
            context: ContextUnion::default(),
        }
    }

    /// Appends a string with its context.
    pub fn push_string(&mut self, s: &NixString) {
        self.bytes.extend_from_slice(s.as_bytes());
        self.context.add(s);
    }

    /// Appends bytes without context.
    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends one byte.
    pub fn push_byte(&mut self, byte: u8) {
        self.bytes.push(byte);
    }

    /// The bytes written so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether no bytes were written.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Adds the context of `s` without its bytes.
    pub fn add_context_of(&mut self, s: &NixString) {
        self.context.add(s);
    }

    /// The bytes written so far.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes written so far, to change in place (the context is unaffected).
    pub fn bytes_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }

    /// The string, with the union of the contexts appended.
    pub fn finish(self) -> NixString {
        NixString::new_with_context(&self.bytes, self.context.finish())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::context::ContextElement;

    fn with_path(s: &str, path: &str) -> NixString {
        let context: NixContext = [ContextElement::Path(path.into())].into_iter().collect();
        NixString::new_with_context(s, Some(Rc::new(context)))
    }

    #[test]
    fn text_is_marked_utf8_and_bytes_are_checked() {
        let text = NixString::from("grüße");
        assert_eq!(text.len(), "grüße".len());
        assert_eq!(text.as_bytes(), "grüße".as_bytes());
        assert_eq!(text.as_utf8(), Ok("grüße"));
        assert_eq!(NixString::new("ok".as_bytes()).as_utf8(), Ok("ok"));
        let invalid = NixString::new([b'a', 0xff]);
        assert_eq!(invalid.len(), 2);
        assert!(invalid.as_utf8().is_err());
        assert_eq!(invalid.to_str(), None);
        // Equal, ordered and hashed by bytes whatever the mark.
        assert_eq!(NixString::from("ok"), NixString::new(b"ok"));
    }

    #[test]
    fn bytes_and_clones() {
        let s = NixString::from("hello");
        let t = s.clone();
        assert_eq!(t.as_bytes(), b"hello");
        assert!(s.ptr_eq(&t));
        drop(s);
        assert_eq!(t.len(), 5);
        assert_eq!(NixString::default().as_bytes(), b"");
        assert_eq!(NixString::from(vec![0u8, 255]).as_bytes(), &[0, 255]);
        assert_eq!(
            std::mem::size_of::<NixString>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn contexts_propagate() {
        let a = with_path("a", "/nix/store/p");
        let b = with_path("b", "/nix/store/q");
        let plain = NixString::from("c");
        let ab = a.concat_string(&b);
        assert_eq!(ab.as_bytes(), b"ab");
        assert_eq!(ab.context().map(|c| c.len()), Some(2));
        assert_eq!(a.concat_string(&plain).context().map(|c| c.len()), Some(1));
        assert!(!plain.concat(b"x").has_context());
        assert!(a.slice(0, 0).has_context());
        assert_eq!(a, NixString::from("a"));
        let joined = NixString::join_with_separator(&[&plain, &plain], Some(&a));
        assert_eq!(joined.as_bytes(), b"cac");
        assert!(joined.has_context());
        assert!(!a.without_context().has_context());
    }

    #[test]
    fn builder() {
        let mut builder = NixStringBuilder::new();
        builder.push_bytes(b"x=");
        builder.push_string(&with_path("1", "/nix/store/p"));
        let s = builder.finish();
        assert_eq!(s.as_bytes(), b"x=1");
        assert!(s.has_context());
    }
}
