//! Evaluation errors: typed kinds, their source spans, the trace of
//! enclosing calls, and rendering with source snippets.

use codemap::{CodeMap, Span};
use codemap_diagnostic::{Diagnostic, Emitter, Level, SpanLabel, SpanStyle};
use std::fmt;
use std::ops::{Deref, DerefMut};

mod kinds;
mod warnings;
pub use kinds::{FromJsonError, HashError, Limit, SelectionPathError, StringContextError};
pub(crate) use warnings::WarningSink;
pub use warnings::{Warning, WarningCallback, WarningKind};

/// What went wrong. Every kind is `Send + Sync` and holds no values.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ErrorKind {
    /// `throw message` (or a `builtins.throw` call); catchable by `tryEval`.
    #[error("{0}")]
    Throw(String),
    /// An `assert` whose condition is false; the text is the condition's source.
    #[error("assertion '{0}' failed")]
    AssertionFailed(String),
    /// `abort message`; `tryEval` cannot catch it.
    #[error("evaluation aborted with the following error message: '{0}'")]
    Abort(String),
    /// A value of the wrong type for an operation or builtin (`1 + "a"` gives "value is a string while an integer was expected").
    #[error("value is {actual} while {expected} was expected")]
    TypeError {
        /// What the operation needs ("an integer", "a set", ...).
        expected: &'static str,
        /// What the value is ("a string", ...).
        actual: &'static str,
    },
    /// Selecting an attribute a set does not have (`{ }.a`).
    #[error("attribute '{name}' missing")]
    AttributeMissing {
        /// The missing attribute.
        name: String,
    },
    /// A variable that is bound nowhere in scope, `with` included.
    #[error("undefined variable '{0}'")]
    UndefinedVariable(String),
    /// A thunk whose value is needed while it is being computed (`let x = x; in x`).
    #[error("infinite recursion encountered")]
    InfiniteRecursion,
    /// Integer division (`/` or `builtins.div`) by 0.
    #[error("division by zero")]
    DivisionByZero,
    /// Integer `+ - * /` whose result does not fit in 64 bits.
    #[error("integer overflow in {operation} {lhs} {symbol} {rhs}")]
    IntegerOverflow {
        /// The operation in words ("adding", "multiplying", ...).
        operation: &'static str,
        /// The operator (`+`, `*`, ...).
        symbol: &'static str,
        /// The left operand.
        lhs: i64,
        /// The right operand.
        rhs: i64,
    },
    /// Calling a value that is neither a function nor a set with `__functor`; the text is its type.
    #[error("attempt to call something which is not a function but {0}")]
    NotCallable(&'static str),
    /// Calling a function whose pattern has an argument without a default that the set lacks.
    #[error("function '{function}' called without required argument '{name}'")]
    MissingArgument {
        /// The function's name, or "anonymous lambda".
        function: String,
        /// The missing argument.
        name: String,
    },
    /// Calling a function whose pattern has no `...` with an attribute it does not name.
    #[error("function '{function}' called with unexpected argument '{name}'")]
    UnexpectedArgument {
        /// The function's name, or "anonymous lambda".
        function: String,
        /// The attribute it does not expect.
        name: String,
    },
    /// A static attribute bound twice in one set or `let` (`{ a = 1; a = 2; }`).
    #[error("attribute '{0}' already defined")]
    DuplicateAttribute(String),
    /// A computed (`${...}`) attribute name bound twice in one set.
    #[error("dynamic attribute '{0}' already defined")]
    DuplicateDynamicAttribute(String),
    /// A value that cannot become a string (a set without `__toString` or `outPath`, a function, ...); the text describes it.
    #[error("cannot coerce {0} to a string")]
    NotCoercibleToString(String),
    /// `<`, `<=`, `>`, `>=` or `sort` on values of types that do not compare (`1 < "a"`, sets, ...).
    #[error("cannot compare {lhs} with {rhs}")]
    Incomparable {
        /// The left operand's type.
        lhs: &'static str,
        /// The right operand's type.
        rhs: &'static str,
    },
    /// `+` on a pair of types that do not add (a path and a set, ...).
    #[error("cannot add {rhs} to {lhs}")]
    CannotAdd {
        /// The left operand's type.
        lhs: &'static str,
        /// The right operand's type.
        rhs: &'static str,
    },
    /// A syntax error (the message says so: `syntax error, unexpected
    /// ';'`), or a literal the parser rejects (`invalid integer '...'`).
    #[error("{0}")]
    Parse(String),
    /// Source that parses but does not compile: a duplicate formal argument, a dynamic attribute in `let`, ...
    #[error("{0}")]
    Compile(String),
    /// Calls nested deeper than the evaluation's maximum call depth (infinite recursion through functions, usually).
    #[error("stack overflow; max-call-depth ({0}) exceeded")]
    CallDepthExceeded(usize),
    /// Source with brackets nested deeper than the parser accepts ([`crate::syntax::MAX_BRACKET_DEPTH`]).
    #[error("expression nested too deeply: {0}")]
    NestingTooDeep(String),
    /// Source with an application or attribute path longer than the parser accepts ([`crate::syntax::MAX_CHAIN`]).
    #[error("expression too long: {0}")]
    TooLong(String),
    /// Syntax or a builtin of an experimental feature that the compile options do not enable (`|>` without `pipe-operators`).
    #[error("experimental Nix feature '{0}' is disabled; add '--extra-experimental-features {0}' to enable it")]
    ExperimentalFeatureDisabled(&'static str),
    /// The evaluation's I/O does not allow the access; `reason` says why
    /// ("in pure evaluation mode ...").
    #[error("{what} '{path}' is forbidden {reason}")]
    AccessForbidden {
        /// What was being done ("reading", "importing", ...).
        what: &'static str,
        /// The path accessed.
        path: String,
        /// Why the access is refused.
        reason: String,
    },
    /// An operating system error while accessing a file.
    #[error("{context} '{path}': {message}")]
    Io {
        /// What was being done ("reading", "importing", ...).
        context: &'static str,
        /// The path accessed.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// `<name>` that no search path entry provides; its message is thrown (catchable by `tryEval`), as in C++ Nix.
    #[error("file '{0}' was not found in the Nix search path (add it using $NIX_PATH or -I)")]
    NotInSearchPath(String),
    /// A flake reference (`builtins.parseFlakeRef`, `flakeRefToString`)
    /// that cannot be parsed or written; the message says why.
    #[error("{0}")]
    InvalidFlakeRef(String),
    /// A derivation (`derivationStrict`) whose attributes are
    /// inconsistent or invalid; the message says why.
    #[error("{0}")]
    InvalidDerivation(String),
    /// A regular expression (`builtins.match`, `builtins.split`) that does
    /// not compile.
    #[error("invalid regular expression '{0}'")]
    InvalidRegex(String),
    /// Text given to `builtins.fromTOML` that is not TOML.
    #[error("while parsing TOML: {0}")]
    FromToml(String),
    /// `builtins.storePath` given a path outside the store.
    #[error("path '{0}' is not in the Nix store")]
    NotInStore(String),
    /// A warning while `abort-on-warn` is set: the evaluation stops there.
    #[error("aborting to reveal stack trace of warning, as abort-on-warn is set")]
    AbortOnWarn,
    /// A builtin given a value of the wrong type, in the words of the
    /// builtins that say what they found (`builtins.warn 1 x`: "expected
    /// a string but found an integer: 1").
    #[error("expected {expected} but found {found}: {value}")]
    ExpectedButFound {
        /// What the builtin needs ("a string").
        expected: &'static str,
        /// What the value is ("an integer").
        found: &'static str,
        /// The value, printed.
        value: String,
    },
    /// A builtin that takes only functions given something else
    /// (`builtins.functionArgs 1`); the builtin's name.
    #[error("'{0}' requires a function")]
    RequiresFunction(&'static str),
    /// An argument set of a builtin lacking a required attribute
    /// (`builtins.path { }`).
    #[error("missing required '{name}' attribute in the first argument to {function}")]
    MissingRequiredAttribute {
        /// The attribute.
        name: &'static str,
        /// The builtin ("builtins.path").
        function: &'static str,
    },
    /// An argument set of a builtin with an attribute it does not know.
    #[error("unsupported argument '{name}' to '{function}'")]
    UnsupportedArgument {
        /// The attribute.
        name: String,
        /// The builtin ("builtins.path").
        function: &'static str,
    },
    /// `builtins.path` with a `sha256` the contents do not have.
    #[error("store path mismatch in (possibly filtered) path added from '{0}'")]
    StorePathMismatch(String),
    /// `builtins.toFile` contents whose context names a derivation.
    #[error("files created by builtins.toFile may not reference derivations, but {name} references {reference}")]
    ToFileReferencesDerivation {
        /// The file's name.
        name: String,
        /// The derivation's context element, encoded.
        reference: String,
    },
    /// A message without a kind of its own, for errors of code outside
    /// tvix-eval (a host's builtins, for example); tvix-eval itself gives
    /// every error a kind. Nothing to match on but the text.
    #[error("{0}")]
    Other(String),
    /// A file or directory that does not exist (`import ./missing.nix`, `readFile`, ...).
    #[error("path '{0}' does not exist")]
    PathNotFound(String),
    /// A string used as a path that does not start with `/` (`builtins.readFile "a"`).
    #[error("string '{0}' doesn't represent an absolute path")]
    NotAnAbsolutePath(String),
    /// A file that is neither a regular file, a directory nor a symlink (a socket, a device) where one is added to the store.
    #[error("file '{0}' has an unsupported type")]
    UnsupportedFileType(String),
    /// A store path `HASH-NAME` whose name is empty, too long or has a
    /// character store paths cannot have; `reason` says which ("has an
    /// empty name", ...).
    #[error("store path '{path}' {reason}")]
    InvalidStorePathName {
        /// The store path as given.
        path: String,
        /// What is wrong with its name.
        reason: String,
    },
    /// A derivation (`.drv` path) neither this evaluation made nor a
    /// store holds.
    #[error(
        "derivation '{0}' was not made by this evaluation, and there is no store to read it from"
    )]
    UnknownDerivation(String),
    /// A hash, hash algorithm or hash format that cannot be used (`hashString`, `convertHash`, fixed-output derivations, ...).
    #[error("{0}")]
    Hash(HashError),
    /// A document `builtins.fromJSON` cannot turn into a value.
    #[error("{0}")]
    FromJson(FromJsonError),
    /// A value `builtins.toJSON` cannot represent; `what` is its
    /// description ("a function", "the built-in function 'map'", ...).
    #[error("cannot convert {what} to JSON")]
    NotConvertibleToJson {
        /// The value's description.
        what: String,
    },
    /// A string that is not UTF-8 given to `builtins.toJSON`; `detail`
    /// names the offending byte as nlohmann::json does.
    #[error("JSON serialization error: [json.exception.type_error.316] {detail}")]
    InvalidUtf8InJson {
        /// The offending byte, as C++ Nix words it.
        detail: String,
    },
    /// A string with a context where none is allowed (an attribute name,
    /// a regular expression, ...); `store_path` is one it refers to.
    #[error(
        "the string '{string}' is not allowed to refer to a store path (such as '{store_path}')"
    )]
    StringContextNotAllowed {
        /// The string (its text).
        string: String,
        /// One of the store paths its context refers to.
        store_path: String,
    },
    /// `path + string` where the string has a context (refers to a store path).
    #[error("a string that refers to a store path cannot be appended to a path")]
    StringContextInPath,
    /// A string context that `appendContext` or `addDrvOutputDependencies` cannot accept.
    #[error("{0}")]
    StringContext(StringContextError),
    /// An `-A` selection path that cannot be followed.
    #[error("{0}")]
    SelectionPath(Box<SelectionPathError>),
    /// `--arg`/`--argstr` give no value for an argument without a default
    /// of the function `nix-instantiate` calls.
    #[error("cannot evaluate a function that has an argument without a value ('{0}')")]
    AutoArgumentMissing(String),
    /// A builtin that takes a set did not find a required attribute in it.
    #[error("attribute '{name}' missing for call to '{function}'")]
    AttributeMissingInArgument {
        /// The attribute that is missing.
        name: &'static str,
        /// The builtin called.
        function: &'static str,
    },
    /// `elemAt` with an index outside the list, or `head []`.
    #[error("list index {0} is out of bounds")]
    IndexOutOfBounds(i64),
    /// A builtin that needs a non-empty list (`tail`, ...) got `[]`.
    #[error("'{0}' called on an empty list")]
    EmptyList(&'static str),
    /// `genList` with a negative length.
    #[error("cannot create list of size {0}")]
    NegativeListSize(i64),
    /// `genList` with a length too large to allocate (or beyond the memory limit).
    #[error("cannot create list of size {0}: out of memory")]
    ListTooLarge(i64),
    /// `substring` with a negative start.
    #[error("negative start position in 'substring'")]
    NegativeSubstringStart,
    /// `replaceStrings` with `from` and `to` lists of different lengths.
    #[error("'from' and 'to' arguments passed to builtins.replaceStrings have different lengths")]
    ReplaceStringsLengthMismatch,
    /// A value nested too deeply to coerce to a string (or that contains
    /// itself through thunks).
    #[error("stack overflow (possible infinite recursion)")]
    StackOverflow,
    /// Errors in another file (an import that does not parse or compile).
    #[error("{}", .0.first().map(|e| e.kind.to_string()).unwrap_or_default())]
    InFile(Vec<Box<Error>>),
    /// A builtin that needs the network (`fetchurl`, `fetchGit`, ...), which tvix-eval does not provide; the text names it.
    #[error("{0} is not supported: it needs the network")]
    Unsupported(String),
    /// The evaluation's interrupt flag was set (Ctrl-C in the REPL; see
    /// [`crate::EvaluationBuilder::interrupt`]). `tryEval` cannot catch it.
    #[error("interrupted by the user")]
    Interrupted,
    /// The evaluation exceeded one of its [`crate::Limits`]. `tryEval`
    /// cannot catch it.
    #[error("{0}")]
    LimitExceeded(Limit),
    /// A broken invariant of the evaluator itself (never the evaluated
    /// program's fault): reported rather than papered over with a
    /// default value, so that such bugs surface.
    #[error("internal error in tvix-eval (please report it): {0}")]
    Internal(&'static str),
}

impl ErrorKind {
    /// A broken invariant of the evaluator ([`ErrorKind::Internal`]),
    /// made only when it happens: `option.ok_or(ErrorKind::Internal(..))`
    /// builds and drops a whole error on every success of a hot path.
    #[cold]
    pub(crate) fn internal(what: &'static str) -> Self {
        ErrorKind::Internal(what)
    }

    /// Whether `builtins.tryEval` catches this error, as in C++ Nix.
    pub fn is_catchable(&self) -> bool {
        matches!(self, ErrorKind::Throw(_) | ErrorKind::AssertionFailed(_))
    }
}

/// The caret under `span`, if there is one.
fn primary_label(span: Option<Span>) -> Vec<SpanLabel> {
    span.map(|span| SpanLabel {
        span,
        label: None,
        style: SpanStyle::Primary,
    })
    .into_iter()
    .collect()
}

/// One entry of an error's trace: where an enclosing call or import was
/// (with its span), or a context message given to
/// `builtins.addErrorContext` (without a span).
#[derive(Debug, Clone)]
pub struct TraceEntry {
    /// Where the enclosing call or import is; `None` for an error context.
    pub span: Option<Span>,
    /// The trace line ("while calling 'f'", or the context's message).
    pub message: String,
}

impl TraceEntry {
    /// Whether this is an error context, shown even without `--show-trace`.
    pub fn is_context(&self) -> bool {
        self.span.is_none()
    }
}

/// How many entries a trace keeps of enclosing calls; error contexts may
/// fill it up to [`MAX_TRACE_WITH_CONTEXTS`].
pub(crate) const MAX_TRACE: usize = 64;
/// How many entries a trace keeps at most, error contexts included.
pub(crate) const MAX_TRACE_WITH_CONTEXTS: usize = 128;

/// An error with where it happened.
///
/// One pointer wide: the details live in a box, so that every
/// `Result<T, Error>` stays small and the path without an error moves
/// no more than its value. The fields of [`ErrorDetails`] are reached
/// through the error (`err.kind`, `err.span`, `err.trace`).
#[derive(Clone)]
pub struct Error(Box<ErrorDetails>);

/// What an [`Error`] holds.
#[derive(Debug, Clone)]
pub struct ErrorDetails {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Where it happened, if known.
    pub span: Option<Span>,
    /// Enclosing calls and error contexts, innermost first.
    pub trace: Vec<TraceEntry>,
}

impl Deref for Error {
    type Target = ErrorDetails;

    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

/// As the fields would print without the box: `Error { kind, span, trace }`.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("span", &self.span)
            .field("trace", &self.trace)
            .finish()
    }
}

impl From<ErrorDetails> for Error {
    fn from(details: ErrorDetails) -> Self {
        Error(Box::new(details))
    }
}

impl Error {
    /// An error of `kind` at `span`, with an empty trace.
    pub fn new(kind: ErrorKind, span: Option<Span>) -> Self {
        Error(Box::new(ErrorDetails {
            kind,
            span,
            trace: Vec::new(),
        }))
    }

    /// The kind, taken out of the error.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The details, taken out of the error's box.
    pub fn into_details(self) -> ErrorDetails {
        *self.0
    }

    /// Adds an error context (`builtins.addErrorContext`) as the next
    /// entry of the trace; past the limit, one note says that more were
    /// left out.
    pub(crate) fn add_context(&mut self, message: String) {
        let message = match self.trace.len() {
            n if n < MAX_TRACE_WITH_CONTEXTS => message,
            n if n == MAX_TRACE_WITH_CONTEXTS => "(further error contexts omitted)".to_string(),
            _ => return,
        };
        self.trace.push(TraceEntry {
            span: None,
            message,
        });
    }

    /// Renders the error as `nix-instantiate` users expect: a message and
    /// the source line with a caret; with `show_trace`, the enclosing calls.
    pub fn render(&self, codemap: &CodeMap, show_trace: bool) -> String {
        if let ErrorKind::InFile(inner) = &self.kind {
            let mut out: String = inner
                .iter()
                .map(|e| e.render(codemap, show_trace))
                .collect();
            if show_trace {
                if let Some(span) = self.span {
                    let mut note = vec![Diagnostic {
                        level: Level::Note,
                        message: "while importing this file".into(),
                        code: None,
                        spans: primary_label(Some(span)),
                    }];
                    let mut rendered = Vec::new();
                    emit(&mut rendered, codemap, &mut note);
                    out.push_str(&String::from_utf8_lossy(&rendered));
                }
            }
            let mut trace = Vec::new();
            self.render_trace(&mut trace, codemap, show_trace, Vec::new());
            out.push_str(&String::from_utf8_lossy(&trace));
            return out;
        }
        let main = Diagnostic {
            level: Level::Error,
            message: self.kind.to_string(),
            code: None,
            spans: primary_label(self.span),
        };
        let mut out = Vec::new();
        self.render_trace(&mut out, codemap, show_trace, vec![main]);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The trace under the message (`batch`, not yet emitted): error
    /// contexts always, the enclosing calls with `show_trace`. Consecutive
    /// calls are emitted together, so they are not separated by blank
    /// lines.
    fn render_trace(
        &self,
        out: &mut Vec<u8>,
        codemap: &CodeMap,
        show_trace: bool,
        mut batch: Vec<Diagnostic>,
    ) {
        // Innermost first, as `--show-trace` lists them; error contexts
        // always, as C++ Nix prints them.
        for entry in &self.trace {
            match entry.span {
                None => {
                    emit(out, codemap, &mut batch);
                    render_context(out, &entry.message);
                }
                Some(span) if show_trace => batch.push(Diagnostic {
                    level: Level::Note,
                    message: entry.message.clone(),
                    code: None,
                    spans: primary_label(Some(span)),
                }),
                Some(_) => {}
            }
        }
        emit(out, codemap, &mut batch);
    }
}

/// Renders the diagnostics of `batch` with their source snippets and
/// empties it.
fn emit(out: &mut Vec<u8>, codemap: &CodeMap, batch: &mut Vec<Diagnostic>) {
    if batch.is_empty() {
        return;
    }
    let mut emitter = Emitter::vec(out, Some(codemap));
    emitter.emit(batch);
    batch.clear();
}

/// An error context as C++ Nix shows it: `… MESSAGE`, further lines of the
/// message indented under the first, and a blank line.
fn render_context(out: &mut Vec<u8>, message: &str) {
    for (i, line) in message.split('\n').enumerate() {
        let lead = if i == 0 { "… " } else { "  " };
        let shown = format!("{lead}{line}");
        out.extend_from_slice(shown.trim_end().as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;
    use std::mem::size_of;

    #[test]
    fn an_error_is_one_pointer_wide() {
        assert_eq!(size_of::<Error>(), size_of::<usize>());
        // The box's pointer is never null, so `Option<Error>` needs no tag.
        assert_eq!(size_of::<Option<Error>>(), size_of::<usize>());
    }

    #[test]
    fn a_result_with_a_value_is_no_larger_than_the_value() {
        // A `Value` is 16 bytes (a tag and a pointer or a scalar); the
        // error fits in its unused tags, so the `Result` the evaluator
        // returns everywhere is 16 bytes too (112 when `Error` held its
        // details inline).
        assert_eq!(size_of::<Value>(), 16);
        assert_eq!(size_of::<Result<Value, Error>>(), 16);
        assert_eq!(size_of::<Result<(), Error>>(), size_of::<usize>());
    }

    #[test]
    fn a_kind_stays_as_small_as_before_the_kinds_of_their_own() {
        // The largest kinds hold a `&'static str` and two `String`s (64
        // bytes) besides the tag; larger families are boxed.
        assert_eq!(size_of::<ErrorKind>(), 72);
    }

    #[test]
    fn kinds_of_their_own_read_as_the_messages_they_replace() {
        let not_found = |suggestions: &str| {
            ErrorKind::SelectionPath(Box::new(SelectionPathError::AttributeNotFound {
                path: "a.b".into(),
                name: "b".into(),
                suggestions: suggestions.into(),
            }))
            .to_string()
        };
        assert_eq!(
            not_found(""),
            "attribute 'b' in selection path 'a.b' not found"
        );
        assert_eq!(
            not_found("Did you mean c?"),
            "attribute 'b' in selection path 'a.b' not found\nDid you mean c?"
        );
        let wrong = ErrorKind::Hash(HashError::WrongAlgorithm {
            hash: "md5:x".into(),
            expected: "sha256",
        });
        assert_eq!(wrong.to_string(), "hash 'md5:x' should have type 'sha256'");
        let syntax = ErrorKind::FromJson(FromJsonError::Syntax {
            line: 2,
            column: 3,
            problem: "invalid number",
        });
        assert_eq!(
            syntax.to_string(),
            "JSON parse error at line 2, column 3: invalid number"
        );
        assert_eq!(
            ErrorKind::EmptyList("tail").to_string(),
            "'tail' called on an empty list"
        );
    }

    #[test]
    fn the_details_stay_reachable_through_the_error() {
        let mut error = Error::new(ErrorKind::DivisionByZero, None);
        error.add_context("while dividing".into());
        assert!(matches!(error.kind, ErrorKind::DivisionByZero));
        assert_eq!(error.trace.len(), 1);
        assert_eq!(error.to_string(), "division by zero");
        assert!(format!("{error:?}").starts_with("Error { kind: DivisionByZero"));
        assert!(matches!(error.into_kind(), ErrorKind::DivisionByZero));
    }
}
