//! Families of related errors that [`super::ErrorKind`] groups under one
//! kind each (hashes, `fromJSON`, string contexts, `-A` selection paths,
//! the resource limit an evaluation exceeded),
//! so that a caller can match on the family or on the precise case.

use std::fmt;
use std::time::Duration;

/// A hash, a hash algorithm or a hash format that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// An algorithm name other than `md5`, `sha1`, `sha256` and `sha512`.
    #[error("unknown hash algorithm '{0}', expect 'md5', 'sha1', 'sha256', or 'sha512'")]
    UnknownAlgorithm(String),
    /// A format name other than `base16`, `nix32` (`base32`), `base64` and `sri`.
    #[error("unknown hash format '{0}', expect 'base16', 'base32', 'nix32', 'base64', or 'sri'")]
    UnknownFormat(String),
    /// Not a valid encoding of a hash of its algorithm.
    #[error("invalid hash '{0}'")]
    Invalid(String),
    /// The hash names an algorithm other than the one given separately.
    #[error("hash '{hash}' should have type '{expected}'")]
    WrongAlgorithm {
        /// The hash as given.
        hash: String,
        /// The algorithm given separately.
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
        /// The line of the error.
        line: usize,
        /// The column of the error.
        column: usize,
        /// What is wrong ("unexpected end of input", ...).
        problem: &'static str,
    },
    /// A document that is not UTF-8; the number is the offset of the first bad byte.
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
    /// A context entry (`appendContext`'s attribute name) that is not a store path.
    #[error("context key '{0}' is not a store path")]
    NotAStorePath(String),
    /// `allOutputs = true` for a store path that is not a `.drv`.
    #[error("tried to add all-outputs context of {0}, which is not a derivation, to a string")]
    AllOutputsOfNonDerivation(String),
    /// `outputs = [...]` for a store path that is not a `.drv`.
    #[error(
        "tried to add derivation output context of {0}, which is not a derivation, to a string"
    )]
    OutputsOfNonDerivation(String),
    /// `addDrvOutputDependencies` on a string whose context is not exactly one entry.
    #[error("context of string '{string}' must have exactly one element, but has {count}")]
    NotOneElement {
        /// The string (its text).
        string: String,
        /// How many context entries it has.
        count: usize,
    },
    /// `addDrvOutputDependencies` on a string whose context entry is not a `.drv`.
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
    /// A quoted name (`"a.b"`) whose closing quote is missing.
    #[error("missing closing quote in selection path '{path}'")]
    UnclosedQuote {
        /// The whole selection path.
        path: String,
    },
    /// An empty attribute name (`a..b`, `a.""`) to select from a set.
    #[error("empty attribute name in selection path '{path}'")]
    EmptyName {
        /// The whole selection path.
        path: String,
    },
    /// `suggestions` is the "Did you mean ...?" text, or empty.
    #[error("attribute '{name}' in selection path '{path}' not found{}",
        if suggestions.is_empty() { String::new() } else { format!("\n{suggestions}") })]
    AttributeNotFound {
        /// The whole selection path.
        path: String,
        /// The name not found.
        name: String,
        /// The "Did you mean ...?" text, or empty.
        suggestions: String,
    },
    /// A list index beyond the list's end.
    #[error("list index {index} in selection path '{path}' is out of range")]
    IndexOutOfRange {
        /// The whole selection path.
        path: String,
        /// The index.
        index: usize,
    },
    /// A name was to select from something other than a set, or an
    /// index from something other than a list.
    #[error("the expression selected by the selection path '{path}' should be {expected} but is {actual}")]
    WrongType {
        /// The whole selection path.
        path: String,
        /// What the selection needs ("a set", "a list").
        expected: &'static str,
        /// What the value is.
        actual: &'static str,
    },
}

/// The limit an evaluation exceeded, with its configured value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// More bytecode steps than allowed (the `Limits` step budget).
    Steps(u64),
    /// A run longer than the time budget.
    Time(Duration),
    /// More memory than the budget, in bytes.
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
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}
