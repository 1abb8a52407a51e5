//! The values of the Nix language as the evaluator and its users see them.
//!
//! `Value` holds only what a Nix program can observe: no compiler or VM
//! bookkeeping appears here. Containers are cheap to clone (shared
//! persistent structures) and drop without recursion.

mod attrs;
pub(crate) mod builtin;
pub mod context;
mod cycles;
mod drop_queue;
mod function;
mod intern;
mod list;
mod position;
mod string;
mod thunk;

pub use attrs::NixAttrs;
pub(crate) use builtin::InPlace;
pub use builtin::{
    Builtin, BuiltinDef, BuiltinFn, FromArgument, Function, Lazy, Parameters, ReadingFn,
};
pub use context::{ContextElement, NixContext};
pub(crate) use cycles::Placeholders;
pub(crate) use function::Captures;
pub use function::Closure;
pub(crate) use intern::{intern, intern_string, interned};
pub use list::NixList;
pub use position::{SourceFiles, SourceLocation, SourcePos};
pub use string::{
    is_bare_identifier, write_nix_string_literal, ContextUnion, NixString, NixStringBuilder,
};
pub use thunk::Thunk;
pub(crate) use thunk::ThunkRepr;

use crate::errors::ErrorKind;
use std::path::PathBuf;
use std::rc::Rc;

/// A Nix value.
#[derive(Default)]
pub enum Value {
    /// `null`
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A 64-bit signed integer.
    Integer(i64),
    /// A 64-bit float.
    Float(f64),
    /// A string: bytes with a context.
    String(NixString),
    /// A path; those the evaluator makes are absolute, with `.` and `..` resolved.
    Path(Rc<PathBuf>),
    /// An attribute set.
    Attrs(NixAttrs),
    /// A list.
    List(NixList),
    /// A function written in Nix, with the variables it captured.
    Closure(Rc<Closure>),
    /// A builtin function, possibly applied to some of its arguments.
    Builtin(Rc<Builtin>),
    /// A value not evaluated yet (or evaluated; see [`Thunk::value`]).
    Thunk(Thunk),
}

/// A copy shares what the value refers to: one more reference counted.
///
/// Written out rather than derived: each variant only counts one more
/// reference, and the copy is the value's two words, where the derived
/// version rebuilds each variant from its cloned field (see
/// docs/performance.md, "The instruction pointer and copies of values").
impl Clone for Value {
    #[inline]
    fn clone(&self) -> Self {
        match self {
            Value::Null | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => {}
            Value::String(s) => s.retain(),
            Value::Path(p) => retain(p),
            Value::Attrs(a) => a.retain(),
            Value::List(l) => l.retain(),
            Value::Closure(c) => retain(c),
            Value::Builtin(b) => retain(b),
            Value::Thunk(t) => retain(&t.0),
        }
        // SAFETY: what the value refers to (if anything) has just counted
        // one more reference, which the bitwise copy owns.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// A string value (without context unless `s` has one).
    pub fn string(s: impl Into<NixString>) -> Value {
        Value::String(s.into())
    }

    /// A path value.
    pub fn path(p: impl Into<PathBuf>) -> Value {
        Value::Path(Rc::new(p.into()))
    }

    /// The name `builtins.typeOf` gives this value's type.
    pub fn type_of(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Integer(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Path(_) => "path",
            Value::Attrs(_) => "set",
            Value::List(_) => "list",
            Value::Closure(_) | Value::Builtin(_) => "lambda",
            Value::Thunk(t) => match t.value() {
                Some(v) => v.type_of(),
                None => "thunk",
            },
        }
    }

    /// The type with an article, as error messages name it ("a set").
    pub fn type_description(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a Boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::String(_) => "a string",
            Value::Path(_) => "a path",
            Value::Attrs(_) => "a set",
            Value::List(_) => "a list",
            Value::Closure(_) => "a function",
            Value::Builtin(_) => "a built-in function",
            Value::Thunk(t) => match t.value() {
                Some(v) => v.type_description(),
                None => "a thunk",
            },
        }
    }

    /// The value itself, or the value of an evaluated thunk.
    #[inline]
    pub fn forced(&self) -> Option<Value> {
        match self {
            Value::Thunk(t) => t.value(),
            v => Some(v.clone()),
        }
    }

    /// Whether the value is a thunk (evaluated or not).
    pub fn is_thunk(&self) -> bool {
        matches!(self, Value::Thunk(_))
    }

    /// Lets go of this value. A reference among several only has its
    /// count taken down, here, inline; the last reference goes through the
    /// drop code. The VM lets go of values millions of times, nearly all
    /// of them copies (a captured variable, a set looked up in, a
    /// function called): the drop code is out of line, behind a branch on
    /// the variant that every caller shares, and then looks at the count
    /// itself.
    #[inline(always)]
    pub(crate) fn release(self) {
        if self.release_if_shared() {
            std::mem::forget(self);
        } else {
            drop(self);
        }
    }

    /// [`Self::release`], with the last reference to a container, closure
    /// or thunk handed to the drop queue (see `drop_queue`), which bounds
    /// how deep drops nest.
    #[inline(always)]
    pub(crate) fn release_deferred(self) {
        if self.release_if_shared() {
            std::mem::forget(self);
        } else if match &self {
            Value::String(_) | Value::Path(_) => true,
            Value::Thunk(t) => t.drops_flat(),
            _ => false,
        } {
            drop(self);
        } else {
            drop_queue::defer(self);
        }
    }

    /// Takes this reference off the count when it owns nothing or others
    /// remain, and says so: the caller must then forget it.
    #[inline(always)]
    fn release_if_shared(&self) -> bool {
        match self {
            Value::Null | Value::Bool(_) | Value::Integer(_) | Value::Float(_) => true,
            Value::String(s) => s.release_shared(),
            Value::Path(p) => release_shared(p),
            Value::Attrs(a) => a.release_shared(),
            Value::List(l) => l.release_shared(),
            Value::Closure(c) => release_shared(c),
            Value::Builtin(b) => release_shared(b),
            Value::Thunk(t) => release_shared(&t.0),
        }
    }

    /// Whether dropping this value drops other values: it is a container,
    /// closure or thunk holding the last reference to its contents.
    pub(crate) fn is_last_owner(&self) -> bool {
        match self {
            Value::Attrs(a) => a.is_unique(),
            Value::List(l) => l.is_unique(),
            Value::Closure(c) => Rc::strong_count(c) == 1,
            Value::Thunk(t) => t.is_unique(),
            Value::Builtin(b) => Rc::strong_count(b) == 1,
            _ => false,
        }
    }

    fn type_error(&self, expected: &'static str) -> ErrorKind {
        ErrorKind::TypeError {
            expected,
            actual: self.type_description(),
        }
    }

    /// The Boolean, or a type error.
    pub fn as_bool(&self) -> Result<bool, ErrorKind> {
        match self {
            Value::Bool(b) => Ok(*b),
            v => Err(v.type_error("a Boolean")),
        }
    }

    /// The integer, or a type error (floats are not converted).
    pub fn as_int(&self) -> Result<i64, ErrorKind> {
        match self {
            Value::Integer(i) => Ok(*i),
            v => Err(v.type_error("an integer")),
        }
    }

    /// An integer or float, as a float.
    pub fn as_float(&self) -> Result<f64, ErrorKind> {
        match self {
            Value::Integer(i) => Ok(*i as f64),
            Value::Float(f) => Ok(*f),
            v => Err(v.type_error("a float")),
        }
    }

    /// The string, or a type error (paths are not coerced).
    pub fn as_str(&self) -> Result<&NixString, ErrorKind> {
        match self {
            Value::String(s) => Ok(s),
            v => Err(v.type_error("a string")),
        }
    }

    /// The attribute set, or a type error.
    pub fn as_attrs(&self) -> Result<&NixAttrs, ErrorKind> {
        match self {
            Value::Attrs(a) => Ok(a),
            v => Err(v.type_error("a set")),
        }
    }

    /// The list, or a type error.
    pub fn as_list(&self) -> Result<&NixList, ErrorKind> {
        match self {
            Value::List(l) => Ok(l),
            v => Err(v.type_error("a list")),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<NixString> for Value {
    fn from(s: NixString) -> Self {
        Value::String(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
    }
}

impl From<NixAttrs> for Value {
    fn from(a: NixAttrs) -> Self {
        Value::Attrs(a)
    }
}

impl From<NixList> for Value {
    fn from(l: NixList) -> Self {
        Value::List(l)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Null => write!(f, "null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Path(p) => write!(f, "{}", p.display()),
            Value::Attrs(a) => write!(f, "{{ {} attributes }}", a.len()),
            Value::List(l) => write!(f, "[ {} elements ]", l.len()),
            Value::Closure(_) => write!(f, "<LAMBDA>"),
            Value::Builtin(b) => write!(f, "<PRIMOP {}>", b.name()),
            Value::Thunk(t) => match t.value() {
                Some(v) => v.fmt(f),
                None => write!(f, "<CODE>"),
            },
        }
    }
}

/// Counts one more reference to `rc`'s value, for a copy the caller
/// makes bitwise.
#[inline(always)]
fn retain<T>(rc: &Rc<T>) {
    // SAFETY: the pointer is the one `into_raw` would give for a live
    // reference; the caller makes a copy that owns the new count.
    unsafe { Rc::increment_strong_count(Rc::as_ptr(rc)) }
}

/// Takes one reference off `rc` when others remain, and says so: the
/// caller must then forget its copy instead of dropping it. False, with
/// nothing done, for the last reference.
#[inline(always)]
fn release_shared<T>(rc: &Rc<T>) -> bool {
    if Rc::strong_count(rc) > 1 {
        // SAFETY: the pointer is the one `into_raw` would give for the
        // caller's reference, and the count stays at least 1 (another
        // reference remains), so nothing is freed; the caller forgets its
        // copy, so this reference is let go of exactly once.
        unsafe { Rc::decrement_strong_count(Rc::as_ptr(rc)) };
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the value refers to and how many references it has, or
    /// `None` for a scalar.
    fn count(value: &Value) -> Option<(usize, usize)> {
        fn of<T>(rc: &Rc<T>) -> Option<(usize, usize)> {
            Some((Rc::as_ptr(rc) as usize, Rc::strong_count(rc)))
        }
        match value {
            Value::Path(p) => of(p),
            Value::Closure(c) => of(c),
            Value::Builtin(b) => of(b),
            Value::Thunk(t) => of(&t.0),
            _ => None,
        }
    }

    #[test]
    fn a_copy_shares_what_the_value_refers_to_and_counts_it() {
        let values = [
            Value::Null,
            Value::Bool(true),
            Value::Integer(-7),
            Value::Float(1.5),
            Value::string("a string longer than one word"),
            Value::path("/a/path"),
            Value::Attrs(NixAttrs::from_sorted_unique(vec![(
                NixString::from("k"),
                Value::Integer(1),
                None,
            )])),
            Value::List(NixList::from(vec![Value::Integer(1), Value::Integer(2)])),
            Value::Thunk(Thunk::evaluated(Value::Integer(3))),
        ];
        for value in values {
            let before = count(&value);
            let copy = value.clone();
            assert_eq!(copy.type_of(), value.type_of());
            if let Some((address, refs)) = before {
                assert_eq!(count(&copy), Some((address, refs + 1)));
                drop(copy);
                assert_eq!(count(&value), Some((address, refs)));
            } else {
                drop(copy);
            }
        }
        let s = Value::string("shared");
        let copy = s.clone();
        match (&s, &copy) {
            (Value::String(a), Value::String(b)) => assert!(a.ptr_eq(b) && a == b),
            _ => panic!("a copy of a string is a string"),
        }
        let attrs = Value::Attrs(NixAttrs::default());
        match (&attrs, &attrs.clone()) {
            (Value::Attrs(a), Value::Attrs(b)) => assert_eq!(a.identity(), b.identity()),
            _ => panic!("a copy of a set is a set"),
        }
    }
}
