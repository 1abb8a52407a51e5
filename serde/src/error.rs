//! The error type of tvix-serde, the source location it may carry, and the
//! warnings an evaluation returns.
//!
//! Evaluator values are reference counted and not `Send`, so everything an
//! error needs is turned into text when the error is made: evaluation
//! errors keep the evaluator's rendering, deserialisation errors the path
//! to the failing value and, when it is known, its position with the
//! source line and a caret.

use codemap::{CodeMap, Span};
use codemap_diagnostic::{Diagnostic, Emitter, Level, SpanLabel, SpanStyle};
use std::fmt;
use tvix_eval::SourcePos;
use tvix_eval::value::SourceFiles;

/// What kind of failure an [`Error`] reports.
///
/// ```
/// use tvix_serde::Category;
///
/// let err = tvix_serde::from_str::<i64>("1 + true").unwrap_err();
/// assert_eq!(err.category(), Category::Evaluation);
/// let err = tvix_serde::from_str::<bool>("1").unwrap_err();
/// assert_eq!(err.category(), Category::Data);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// The Nix code failed to parse or to evaluate.
    Evaluation,
    /// The value does not fit the Rust type.
    Data,
    /// The configuration file could not be read.
    Io,
}

/// A position in a Nix source file: 1-based line and column (in
/// characters).
///
/// ```
/// use tvix_serde::Location;
///
/// let location = Location { file: "config.nix".into(), line: 3, column: 5 };
/// assert_eq!(location.to_string(), "config.nix:3:5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file name as the evaluator knows it (`(string)` for source
    /// given as text).
    pub file: String,
    /// The line, counted from 1.
    pub line: usize,
    /// The column, counted from 1, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Location {
    pub(crate) fn of_span(codemap: &CodeMap, span: Span) -> Location {
        let found = codemap.look_up_span(span);
        Location {
            file: found.file.name().to_string(),
            line: found.begin.line + 1,
            column: found.begin.column + 1,
        }
    }
}

/// A warning or `builtins.trace` message of the evaluation, returned to
/// the caller (tvix-serde never prints).
///
/// ```
/// let loaded = tvix_serde::load_str::<i64, _>(r#"builtins.trace "hi" 1"#, |b| b).unwrap();
/// assert_eq!(loaded.value, 1);
/// assert!(loaded.warnings[0].is_trace());
/// assert_eq!(loaded.warnings[0].message(), "hi");
/// assert_eq!(loaded.warnings[0].to_string(), "trace: hi");
/// ```
#[derive(Debug, Clone)]
pub struct Warning {
    message: String,
    rendered: String,
    is_trace: bool,
}

impl Warning {
    pub(crate) fn from_eval(warning: &tvix_eval::Warning, codemap: &CodeMap) -> Warning {
        Warning {
            message: warning.kind.to_string(),
            rendered: warning.render(codemap).trim_end().to_string(),
            is_trace: matches!(warning.kind, tvix_eval::WarningKind::Trace(_)),
        }
    }

    /// The message alone, without position.
    ///
    /// ```
    /// let loaded = tvix_serde::load_str::<i64, _>(r#"builtins.trace "hi" 1"#, |b| b).unwrap();
    /// assert_eq!(loaded.warnings[0].message(), "hi");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether this is the output of `builtins.trace`.
    ///
    /// ```
    /// let loaded = tvix_serde::load_str::<i64, _>(r#"builtins.trace "hi" 1"#, |b| b).unwrap();
    /// assert!(loaded.warnings[0].is_trace());
    /// ```
    pub fn is_trace(&self) -> bool {
        self.is_trace
    }
}

/// Prints the warning as the evaluator renders it (`trace: MESSAGE`, or a
/// warning with its source line).
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

/// Everything that can go wrong loading a value: evaluation errors,
/// values that do not fit the Rust type, unreadable files.
///
/// `Send + Sync + 'static` and one pointer wide. `Display` gives the
/// complete report: for evaluation errors the evaluator's rendering (the
/// message, file, line and column, the source line with a caret, the
/// trace); for deserialisation errors the path to the failing value and
/// the message, followed by the source line with a caret when the
/// position is known.
///
/// ```
/// #[derive(serde::Deserialize, Debug)]
/// struct Server { port: u16 }
///
/// let err = tvix_serde::from_str::<Server>("{ port = 70000; }").unwrap_err();
/// assert_eq!(err.path(), Some("port"));
/// assert_eq!(err.message(), "integer `70000` is out of range for u16");
/// ```
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    category: Category,
    message: String,
    /// Whether the path (and location) have been filled in: the innermost
    /// value that failed decides them.
    placed: bool,
    path: Option<String>,
    location: Option<Location>,
    /// Where the failing value is defined, when the value itself knows it
    /// (functions); used instead of the enclosing attribute's position.
    value_span: Option<Span>,
    rendered: Option<String>,
    warnings: Vec<Warning>,
    paths_read: Vec<std::path::PathBuf>,
    env_vars_read: Vec<String>,
}

impl Error {
    fn new(category: Category, message: String) -> Error {
        Error {
            inner: Box::new(ErrorImpl {
                category,
                message,
                placed: false,
                path: None,
                location: None,
                value_span: None,
                rendered: None,
                warnings: Vec::new(),
                paths_read: Vec::new(),
                env_vars_read: Vec::new(),
            }),
        }
    }

    /// A deserialisation error about a value defined at `span`.
    pub(crate) fn data_at(message: String, span: Option<Span>) -> Error {
        let mut error = Error::new(Category::Data, message);
        error.inner.value_span = span;
        error
    }

    /// An error from the evaluator, rendered with `codemap`.
    pub(crate) fn evaluation(result: &tvix_eval::EvaluationResult) -> Error {
        let codemap = result.codemap.borrow();
        let first = result.errors.first();
        let mut error = Error::new(
            Category::Evaluation,
            first
                .map(|e| e.kind.to_string())
                .unwrap_or_else(|| "evaluation failed".to_string()),
        );
        error.inner.placed = true;
        error.inner.location = first
            .and_then(|e| e.span)
            .map(|span| Location::of_span(&codemap, span));
        error.inner.rendered = Some(result.render_errors(true).trim_end().to_string());
        error
    }

    pub(crate) fn io(message: String) -> Error {
        let mut error = Error::new(Category::Io, message);
        error.inner.placed = true;
        error
    }

    pub(crate) fn with_warnings(mut self, warnings: Vec<Warning>) -> Error {
        self.inner.warnings = warnings;
        self
    }

    pub(crate) fn with_reads(
        mut self,
        paths: Vec<std::path::PathBuf>,
        env_vars: Vec<String>,
    ) -> Error {
        self.inner.paths_read = paths;
        self.inner.env_vars_read = env_vars;
        self
    }

    pub(crate) fn is_placed(&self) -> bool {
        self.inner.placed
    }

    /// Records where the failing value is: its path from the root (`None`
    /// for the root itself) and, from `span` or the span the error already
    /// carries, its position in the source.
    pub(crate) fn place(
        mut self,
        path: Option<String>,
        span: Option<Span>,
        positions: Option<(&SourceFiles, &CodeMap)>,
    ) -> Error {
        let inner = &mut *self.inner;
        inner.placed = true;
        inner.path = path;
        let Some((sources, codemap)) = positions else {
            return self;
        };
        // A span of another evaluation would not be found in `codemap`.
        let span = inner
            .value_span
            .filter(|span| is_known(sources, *span))
            .or(span);
        if let Some(span) = span {
            inner.location = Some(Location::of_span(codemap, span));
            inner.rendered = Some(render_with_caret(
                codemap,
                span,
                &headline(inner.path.as_deref(), &inner.message),
            ));
        }
        self
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// let err = tvix_serde::from_str::<i64>("throw \"no\"").unwrap_err();
    /// assert_eq!(err.category(), tvix_serde::Category::Evaluation);
    /// ```
    pub fn category(&self) -> Category {
        self.inner.category
    }

    /// The message alone: no path, no position (for an evaluation error,
    /// the first error's message).
    ///
    /// ```
    /// let err = tvix_serde::from_str::<String>("[ ]").unwrap_err();
    /// assert_eq!(err.message(), "invalid type: list of 0 elements, expected a string");
    /// ```
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The path from the root to the value that could not be deserialised,
    /// as in `servers[1].port`; `None` for the root value and for errors
    /// that are not about a value.
    ///
    /// ```
    /// #[derive(serde::Deserialize, Debug)]
    /// struct Server { port: u16 }
    ///
    /// let err = tvix_serde::from_str::<Vec<Server>>("[ { port = 1; } { port = -1; } ]")
    ///     .unwrap_err();
    /// assert_eq!(err.path(), Some("[1].port"));
    /// ```
    pub fn path(&self) -> Option<&str> {
        self.inner.path.as_deref()
    }

    /// Where the error is in the Nix source: for evaluation errors where
    /// the evaluator reports it, for deserialisation errors the attribute
    /// holding the failing value (the nearest enclosing attribute for a
    /// list element), or the definition of a function found where data
    /// was expected.
    ///
    /// ```
    /// let err = tvix_serde::from_str::<i64>("\n  1 + true").unwrap_err();
    /// let location = err.location().unwrap();
    /// assert_eq!((location.line, location.column), (2, 3));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        self.inner.location.as_ref()
    }

    /// Warnings and `builtins.trace` output of the evaluation that failed.
    ///
    /// ```
    /// let err = tvix_serde::from_str::<i64>(r#"builtins.trace "before" (throw "no")"#)
    ///     .unwrap_err();
    /// assert_eq!(err.warnings()[0].message(), "before");
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.inner.warnings
    }

    /// The files and directories the failed load read or looked at, as
    /// [`Loaded::paths_read`](crate::Loaded::paths_read) lists them (for
    /// [`load_file`](crate::load_file), the file itself first, even when
    /// it could not be read): watch them to load again once the
    /// configuration is fixed.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("tvix-serde-doc-err-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("config.nix"), "import ./port.nix").unwrap();
    /// let err = tvix_serde::from_file::<u16>(dir.join("config.nix")).unwrap_err();
    /// let dir = std::fs::canonicalize(&dir).unwrap();
    /// assert_eq!(err.paths_read(), [dir.join("config.nix"), dir.join("port.nix")]);
    /// ```
    pub fn paths_read(&self) -> &[std::path::PathBuf] {
        &self.inner.paths_read
    }

    /// The environment variables the failed load looked up with
    /// `builtins.getEnv`, as [`Loaded::env_vars_read`](crate::Loaded::env_vars_read)
    /// lists them.
    ///
    /// ```
    /// let err = tvix_serde::from_str::<u16>(r#"builtins.getEnv "PORT""#).unwrap_err();
    /// assert_eq!(err.env_vars_read(), ["PORT"]);
    /// ```
    pub fn env_vars_read(&self) -> &[String] {
        &self.inner.env_vars_read
    }
}

/// Whether `span` lies within one of the evaluation's files.
fn is_known(sources: &SourceFiles, span: Span) -> bool {
    let end = span.subspan(span.len(), span.len());
    let file_of = |span: Span| SourcePos::of_span(span).and_then(|pos| sources.locate(pos));
    match (file_of(span), file_of(end)) {
        (Some(start), Some(end)) => start.file == end.file,
        _ => false,
    }
}

/// The first line of a deserialisation error: `PATH: MESSAGE`.
fn headline(path: Option<&str>, message: &str) -> String {
    match path {
        Some(path) => format!("{path}: {message}"),
        None => message.to_string(),
    }
}

/// Renders `message` with the source line of `span` and a caret, the way
/// the evaluator renders its errors.
fn render_with_caret(codemap: &CodeMap, span: Span, message: &str) -> String {
    let diagnostic = Diagnostic {
        level: Level::Error,
        message: message.to_string(),
        code: None,
        spans: vec![SpanLabel {
            span,
            label: None,
            style: SpanStyle::Primary,
        }],
    };
    let mut out = Vec::new();
    {
        let mut emitter = Emitter::vec(&mut out, Some(codemap));
        emitter.emit(&[diagnostic]);
    }
    String::from_utf8_lossy(&out).trim_end().to_string()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        match &inner.rendered {
            Some(rendered) => f.write_str(rendered),
            None => f.write_str(&headline(inner.path.as_deref(), &inner.message)),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Error")
            .field("category", &inner.category)
            .field("message", &inner.message)
            .field("path", &inner.path)
            .field("location", &inner.location)
            .finish()
    }
}

impl std::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::new(Category::Data, message.to_string())
    }
}
