//! Families of related errors that [`super::ErrorKind`] groups under one
//! kind each (hashes, `fromJSON`, string contexts, `-A` selection paths,
//! the resource limit an evaluation exceeded),
//! so that a caller can match on the family or on the precise case.

use std::fmt;
use std::time::Duration;

/// A hash, a hash algorithm or a hash format that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("unknown hash algorithm '{0}', expect 'md5', 'sha1', 'sha256', or 'sha512'")]
    UnknownAlgorithm(String),
    #[error("unknown hash format '{0}', expect 'base16', 'base32', 'nix32', 'base64', or 'sri'")]
    UnknownFormat(String),
    /// Not a valid encoding of a hash of its algorithm.
    #[error("invalid hash '{0}'")]
    Invalid(String),
    /// The hash names an algorithm other than the one given separately.
    #[error("hash '{hash}' should have type '{expected}'")]
    WrongAlgorithm {
        hash: String,
        expected: &'static str,
    },
    /// A bare hash without an algorithm given anywhere.
    #[error("hash '{0}' does not include a type, nor is the type otherwise known from context")]
    MissingAlgorithm(String),
}

/// A document `builtins.fromJSON` cannot turn into a Nix value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FromJsonError {
    /// Not JSON; `line` and `column` count from 1.
    #[error("JSON parse error at line {line}, column {column}: {problem}")]
    Syntax {
        line: usize,
        column: usize,
        problem: &'static str,
    },
    #[error("JSON parse error: invalid UTF-8 at byte {0}")]
    InvalidUtf8(usize),
    /// A string with a NUL byte (shown as `␀`), which Nix strings cannot
    /// hold.
    #[error(
        "input string '{0}' cannot be represented as Nix string because it contains null bytes"
    )]
    NullByte(String),
    /// An integer above `i64::MAX` that fits in a `u64`.
    #[error("unsigned json number {0} outside of Nix integer range")]
    UnsignedOutOfRange(String),
    /// A number too large for a float.
    #[error("number overflow parsing '{0}'")]
    NumberOverflow(String),
}

/// A string context that `builtins.appendContext` or
/// `builtins.addDrvOutputDependencies` cannot accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StringContextError {
    #[error("context key '{0}' is not a store path")]
    NotAStorePath(String),
    #[error("tried to add all-outputs context of {0}, which is not a derivation, to a string")]
    AllOutputsOfNonDerivation(String),
    #[error(
        "tried to add derivation output context of {0}, which is not a derivation, to a string"
    )]
    OutputsOfNonDerivation(String),
    #[error("context of string '{string}' must have exactly one element, but has {count}")]
    NotOneElement { string: String, count: usize },
    #[error("path '{0}' is not a derivation")]
    NotADerivation(String),
    /// `addDrvOutputDependencies` on the output `0` of a derivation.
    #[error("`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as '{0}'")]
    OutputNotDerivation(String),
}

/// An `-A` selection path (`nix-instantiate -A a.b.0`) that cannot be
/// followed; `path` is the whole selection path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionPathError {
    #[error("missing closing quote in selection path '{path}'")]
    UnclosedQuote { path: String },
    #[error("empty attribute name in selection path '{path}'")]
    EmptyName { path: String },
    /// `suggestions` is the "Did you mean ...?" text, or empty.
    #[error("attribute '{name}' in selection path '{path}' not found{}",
        if suggestions.is_empty() { String::new() } else { format!("\n{suggestions}") })]
    AttributeNotFound {
        path: String,
        name: String,
        suggestions: String,
    },
    #[error("list index {index} in selection path '{path}' is out of range")]
    IndexOutOfRange { path: String, index: usize },
    /// A name was to select from something other than a set, or an
    /// index from something other than a list.
    #[error("the expression selected by the selection path '{path}' should be {expected} but is {actual}")]
    WrongType {
        path: String,
        expected: &'static str,
        actual: &'static str,
    },
}

/// The limit an evaluation exceeded, with its configured value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    Steps(u64),
    Time(Duration),
    Memory(usize),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Steps(n) => write!(f, "evaluation exceeded its step budget ({n} steps)"),
            Limit::Time(d) => write!(
                f,
                "evaluation exceeded its time budget ({} s)",
                d.as_secs_f64()
            ),
            Limit::Memory(n) => write!(
                f,
                "evaluation exceeded its memory budget ({})",
                format_size(*n)
            ),
        }
    }
}

/// `n` bytes as written on the command line: `200 MiB` when it is a
/// whole number of a unit, else `209715201 bytes`.
fn format_size(n: usize) -> String {
    const UNITS: [(&str, usize); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if n >= size && n % size == 0 {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}
