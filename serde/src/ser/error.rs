//! [`SerializeError`]: why a Rust value could not be written as Nix, and
//! where in the value that happened.

use std::fmt;
use tvix_eval::value::{is_bare_identifier, write_nix_string_literal};

/// What kind of value could not be written (see [`SerializeError::kind`]).
///
/// ```
/// use tvix_serde::SerializeErrorKind;
///
/// let err = tvix_serde::to_string(&f64::NAN).unwrap_err();
/// assert_eq!(err.kind(), SerializeErrorKind::NonFiniteFloat);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SerializeErrorKind {
    /// An integer outside Nix's signed 64-bit range (`u64` above
    /// `i64::MAX`, large `i128` and `u128`).
    IntegerOutOfRange,
    /// NaN or an infinity: Nix has no literal for them.
    NonFiniteFloat,
    /// A map key that is not written as a string: attribute names are
    /// strings, chars, integers, finite floats, booleans or unit variants.
    UnsupportedKey,
    /// Two entries of one map or struct with the same attribute name.
    DuplicateKey,
    /// A string (or attribute name) with a NUL character, which Nix
    /// strings cannot hold.
    NulInString,
    /// An error raised by a `Serialize` implementation itself.
    Custom,
    /// Writing the text failed ([`crate::to_writer`]).
    Io,
}

/// The error of [`crate::to_string`], [`crate::to_writer`] and
/// [`crate::Serializer`]: what could not be written and the path to it.
///
/// `Display` gives `PATH: MESSAGE` (or the message alone for the root).
///
/// ```
/// use std::collections::BTreeMap;
///
/// let servers = vec![BTreeMap::from([("weight", f64::INFINITY)])];
/// let err = tvix_serde::to_string(&servers).unwrap_err();
/// assert_eq!(err.path(), Some("[0].weight"));
/// assert_eq!(err.to_string(), "[0].weight: float `inf` cannot be written in Nix");
/// ```
pub struct SerializeError {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    kind: SerializeErrorKind,
    message: String,
    path: Option<String>,
    io: Option<std::io::Error>,
}

impl SerializeError {
    pub(crate) fn new(kind: SerializeErrorKind, message: String) -> Self {
        SerializeError {
            inner: Box::new(ErrorImpl {
                kind,
                message,
                path: None,
                io: None,
            }),
        }
    }

    pub(crate) fn io(error: std::io::Error) -> Self {
        let mut e = SerializeError::new(SerializeErrorKind::Io, error.to_string());
        e.inner.io = Some(error);
        e
    }

    /// The error, placed inside attribute `name` of its parent.
    pub(crate) fn in_attr(mut self, name: &str) -> Self {
        let mut segment = if name == "or" || is_bare_identifier(name.as_bytes()) {
            name.to_string()
        } else {
            let mut quoted = Vec::new();
            write_nix_string_literal(&mut quoted, name.as_bytes());
            String::from_utf8_lossy(&quoted).into_owned()
        };
        if let Some(rest) = self.inner.path.take() {
            if !rest.starts_with('[') {
                segment.push('.');
            }
            segment.push_str(&rest);
        }
        self.inner.path = Some(segment);
        self
    }

    /// The error, placed inside element `index` of its parent list.
    pub(crate) fn in_element(mut self, index: usize) -> Self {
        let mut segment = format!("[{index}]");
        if let Some(rest) = self.inner.path.take() {
            if !rest.starts_with('[') {
                segment.push('.');
            }
            segment.push_str(&rest);
        }
        self.inner.path = Some(segment);
        self
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// let err = tvix_serde::to_string(&u64::MAX).unwrap_err();
    /// assert_eq!(err.kind(), tvix_serde::SerializeErrorKind::IntegerOutOfRange);
    /// ```
    pub fn kind(&self) -> SerializeErrorKind {
        self.inner.kind
    }

    /// The message alone, without the path.
    ///
    /// ```
    /// let err = tvix_serde::to_string(&u64::MAX).unwrap_err();
    /// assert_eq!(
    ///     err.message(),
    ///     "integer `18446744073709551615` is out of range for Nix integers (signed 64-bit)",
    /// );
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The path from the root to the value that failed (`servers[1].port`,
    /// `hosts."db-1"`), `None` for the root itself. For a map key that
    /// cannot be written, the path of the map.
    ///
    /// ```
    /// let err = tvix_serde::to_string(&vec![vec![1.0, f64::NAN]]).unwrap_err();
    /// assert_eq!(err.path(), Some("[0][1]"));
    /// ```
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.path {
            Some(path) => write!(f, "{path}: {}", self.inner.message),
            None => f.write_str(&self.inner.message),
        }
    }
}

impl fmt::Debug for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SerializeError")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
            .field("path", &self.inner.path)
            .finish()
    }
}

impl std::error::Error for SerializeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .io
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl serde::ser::Error for SerializeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        SerializeError::new(SerializeErrorKind::Custom, message.to_string())
    }
}
