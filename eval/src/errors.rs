//! Evaluation errors: typed kinds, their source spans, the trace of
//! enclosing calls, and rendering with source snippets.

use codemap::{CodeMap, Span};
use codemap_diagnostic::{Diagnostic, Emitter, Level, SpanLabel, SpanStyle};
use std::fmt;

/// What went wrong. Every kind is `Send + Sync` and holds no values.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ErrorKind {
    #[error("{0}")]
    Throw(String),
    #[error("assertion '{0}' failed")]
    AssertionFailed(String),
    #[error("evaluation aborted with the following error message: '{0}'")]
    Abort(String),
    #[error("value is {actual} while {expected} was expected")]
    TypeError {
        expected: &'static str,
        actual: &'static str,
    },
    #[error("attribute '{name}' missing")]
    AttributeMissing { name: String },
    #[error("undefined variable '{0}'")]
    UndefinedVariable(String),
    #[error("infinite recursion encountered")]
    InfiniteRecursion,
    #[error("division by zero")]
    DivisionByZero,
    #[error("integer overflow in {operation} {lhs} {symbol} {rhs}")]
    IntegerOverflow {
        operation: &'static str,
        symbol: &'static str,
        lhs: i64,
        rhs: i64,
    },
    #[error("integer overflow in negating {0}")]
    NegationOverflow(i64),
    #[error("attempt to call something which is not a function but {0}")]
    NotCallable(&'static str),
    #[error("function '{function}' called without required argument '{name}'")]
    MissingArgument { function: String, name: String },
    #[error("function '{function}' called with unexpected argument '{name}'")]
    UnexpectedArgument { function: String, name: String },
    #[error("attribute '{0}' already defined")]
    DuplicateAttribute(String),
    #[error("dynamic attribute '{0}' already defined")]
    DuplicateDynamicAttribute(String),
    #[error("cannot coerce {0} to a string")]
    NotCoercibleToString(String),
    #[error("cannot compare {lhs} with {rhs}")]
    Incomparable {
        lhs: &'static str,
        rhs: &'static str,
    },
    #[error("cannot add {rhs} to {lhs}")]
    CannotAdd {
        lhs: &'static str,
        rhs: &'static str,
    },
    #[error("syntax error: {0}")]
    Parse(String),
    #[error("{0}")]
    Compile(String),
    #[error("stack overflow; max-call-depth ({0}) exceeded")]
    CallDepthExceeded(usize),
    #[error("expression nested too deeply: {0}")]
    NestingTooDeep(String),
    #[error("expression too long: {0}")]
    TooLong(String),
    #[error("experimental Nix feature '{0}' is disabled; add '--extra-experimental-features {0}' to enable it")]
    ExperimentalFeatureDisabled(&'static str),
    #[error("{what} '{path}' is forbidden because file access is disabled (pure evaluation)")]
    AccessForbidden { what: &'static str, path: String },
    #[error("{context} '{path}': {message}")]
    Io {
        context: &'static str,
        path: String,
        message: String,
    },
    #[error("file '{0}' was not found in the Nix search path (add it using $NIX_PATH or -I)")]
    NotInSearchPath(String),
    #[error("{0}")]
    Other(String),
    /// Errors in another file (an import that does not parse or compile).
    #[error("{}", .0.first().map(|e| e.kind.to_string()).unwrap_or_default())]
    InFile(Vec<Box<Error>>),
    #[error("{0} is not supported without a Nix store")]
    Unsupported(String),
}

impl ErrorKind {
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

/// One entry of an error's trace: where an enclosing call or import was.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub span: Span,
    pub message: String,
}

/// An error with where it happened.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    pub span: Option<Span>,
    /// Enclosing calls, innermost first.
    pub trace: Vec<TraceEntry>,
}

impl Error {
    pub fn new(kind: ErrorKind, span: Option<Span>) -> Self {
        Error {
            kind,
            span,
            trace: Vec::new(),
        }
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
                    let note = Error::new(
                        ErrorKind::Other("while importing this file".into()),
                        Some(span),
                    );
                    out.push_str(&note.render(codemap, false).replacen("error:", "note:", 1));
                }
            }
            return out;
        }
        let mut diagnostics = vec![Diagnostic {
            level: Level::Error,
            message: self.kind.to_string(),
            code: None,
            spans: primary_label(self.span),
        }];
        if show_trace {
            // Innermost first, as `--show-trace` lists them.
            for entry in &self.trace {
                diagnostics.push(Diagnostic {
                    level: Level::Note,
                    message: entry.message.clone(),
                    code: None,
                    spans: primary_label(Some(entry.span)),
                });
            }
        }
        let mut out = Vec::new();
        {
            let mut emitter = Emitter::vec(&mut out, Some(codemap));
            emitter.emit(&diagnostics);
        }
        String::from_utf8_lossy(&out).into_owned()
    }
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

/// A warning found while compiling or evaluating; returned as data.
#[derive(Debug, Clone)]
pub struct Warning {
    pub kind: WarningKind,
    pub span: Option<Span>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum WarningKind {
    #[error("URL literal '{0}' is deprecated")]
    UrlLiteral(String),
    #[error("path literal '{0}' is a short path; write './{0}'")]
    ShortPathLiteral(String),
    #[error("absolute path literal '{0}'")]
    AbsolutePathLiteral(String),
    #[error("{0}")]
    Trace(String),
    #[error("{0}")]
    Other(String),
    /// Errors in another file (an import that does not parse or compile).
    #[error("{}", .0.first().map(|e| e.kind.to_string()).unwrap_or_default())]
    InFile(Vec<Box<Error>>),
}

impl Warning {
    /// Renders the warning; `builtins.trace` messages print as
    /// `trace: MESSAGE`, as Nix prints them.
    pub fn render(&self, codemap: &CodeMap) -> String {
        if let WarningKind::Trace(message) = &self.kind {
            return format!("trace: {message}\n");
        }
        let diagnostic = Diagnostic {
            level: Level::Warning,
            message: self.kind.to_string(),
            code: None,
            spans: primary_label(self.span),
        };
        let mut out = Vec::new();
        {
            let mut emitter = Emitter::vec(&mut out, Some(codemap));
            emitter.emit(&[diagnostic]);
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}
