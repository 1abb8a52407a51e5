//! Warnings: what a [`Warning`] is about ([`WarningKind`]), how it is
//! rendered as C++ Nix prints it, and where the warnings of an evaluation
//! go ([`WarningSink`]: collected, or streamed to a callback).

use super::Error;
use codemap::{CodeMap, Span};
use std::cell::RefCell;
use std::rc::Rc;

/// A warning found while compiling or evaluating; returned as data.
#[derive(Debug, Clone)]
pub struct Warning {
    /// What the warning is about.
    pub kind: WarningKind,
    /// Where it is, if it has a position.
    pub span: Option<Span>,
}

/// What a [`Warning`] is about; its `Display` is the message printed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WarningKind {
    /// An unquoted URL literal, when [`crate::CompileOptions::lint_url_literals`] asks.
    #[error("URL literals are discouraged. Consider using a string literal \"{0}\" instead (lint-url-literals)")]
    UrlLiteral(String),
    /// A relative path literal without `./` or `../`, when [`crate::CompileOptions::lint_short_path_literals`] asks.
    #[error("{} (lint-short-path-literals)", short_path_text(.0))]
    ShortPathLiteral(String),
    /// An absolute or `~/` path literal, when [`crate::CompileOptions::lint_absolute_path_literals`] asks.
    #[error("{} (lint-absolute-path-literals)", absolute_path_text(.0))]
    AbsolutePathLiteral(String),
    /// `e or` as a list element or argument: a call of `e` with `or` for
    /// now (the expression, parenthesised, is given).
    #[error("This expression uses `or` as an identifier in a way that will change in a future Nix release.\nWrap this entire expression in parentheses to preserve its current meaning:\n    {0}\nGive feedback at https://github.com/NixOS/nix/pull/11121")]
    CursedOr(String),
    /// A deprecated use, reported without a position (`warning: MESSAGE`).
    #[error("{0}")]
    Deprecation(String),
    /// `builtins.trace` (and `traceVerbose`): printed as `trace: MESSAGE`.
    #[error("{0}")]
    Trace(String),
    /// `builtins.warn`: printed as `evaluation warning: MESSAGE`.
    #[error("{0}")]
    Evaluation(String),
    /// A message without a kind of its own (from code outside tvix-eval, for example).
    #[error("{0}")]
    Other(String),
    /// A warning about an attribute of the derivation `name`, printed
    /// under "while evaluating derivation" as C++ Nix prints it.
    #[error("{message}")]
    Derivation {
        /// The derivation's name.
        name: String,
        /// The warning's text.
        message: String,
    },
    /// Errors in another file (an import that does not parse or compile).
    #[error("{}", .0.first().map(|e| e.kind.to_string()).unwrap_or_default())]
    InFile(Vec<Box<Error>>),
}

impl WarningKind {
    /// The compile error this lint warning becomes when its lint level is
    /// fatal; `None` for warnings that are not lints.
    pub(crate) fn fatal_lint_message(&self) -> Option<String> {
        Some(match self {
            // C++ Nix's error for a URL literal when they are forbidden.
            WarningKind::UrlLiteral(url) => format!("URL literal '{url}' is deprecated"),
            WarningKind::ShortPathLiteral(path) => short_path_text(path),
            WarningKind::AbsolutePathLiteral(path) => absolute_path_text(path),
            _ => return None,
        })
    }
}

fn short_path_text(path: &str) -> String {
    format!("relative path literal '{path}' should be prefixed with '.' for clarity: './{path}'")
}

fn absolute_path_text(path: &str) -> String {
    let kind = if path.starts_with('~') {
        "home"
    } else {
        "absolute"
    };
    format!("{kind} path literals are not portable. Consider replacing path literal '{path}' by a string, relative path, or parameter")
}

/// `evaluation warning: MESSAGE` as C++ Nix prints it: further lines are
/// indented under the first, unless the message starts on a new line.
fn render_evaluation_warning(message: &str) -> String {
    const PREFIX: &str = "evaluation warning:";
    if message.starts_with('\n') {
        return format!("{PREFIX}{message}\n");
    }
    let indent = " ".repeat(PREFIX.len() + 1);
    let mut out = format!("{PREFIX} ");
    for (i, line) in message.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&indent);
            }
        }
        out.push_str(line);
    }
    out.push('\n');
    out
}

impl Warning {
    /// Renders the warning as C++ Nix prints it: `trace: MESSAGE` for
    /// `builtins.trace`, `evaluation warning: MESSAGE` for `builtins.warn`,
    /// else `warning: MESSAGE` and, if it has one, the position with the
    /// source lines around it.
    pub fn render(&self, codemap: &CodeMap) -> String {
        match &self.kind {
            WarningKind::Trace(message) => return format!("trace: {message}\n"),
            WarningKind::Evaluation(message) => return render_evaluation_warning(message),
            WarningKind::InFile(errors) => {
                return errors.iter().map(|e| e.render(codemap, false)).collect()
            }
            WarningKind::Derivation { name, message } => {
                let indent = "         ";
                let mut out = format!(
                    "warning:\n{indent}… while evaluating derivation '{name}'\n\n{indent}warning: {message}\n"
                );
                if let Some(span) = self.span {
                    out.push_str(&nix_position(codemap, span, indent));
                }
                return out;
            }
            // The position leads the message, as C++ Nix prints it.
            WarningKind::CursedOr(_) => {
                let at = self.span.map_or(String::new(), |span| {
                    let location = codemap.look_up_span(span);
                    format!(
                        "at {}:{}:{}: ",
                        location.file.name(),
                        location.begin.line + 1,
                        location.begin.column + 1
                    )
                });
                return format!("warning: {at}{}\n", self.kind);
            }
            _ => {}
        }
        let mut out = format!("warning: {}\n", self.kind);
        if let (Some(span), false) = (self.span, matches!(self.kind, WarningKind::Deprecation(_))) {
            out.push_str(&nix_position(codemap, span, "         "));
        }
        out
    }
}

/// `at FILE:LINE:COLUMN:` and the lines around it with a caret under the
/// column, as C++ Nix shows positions, each line after `indent`.
fn nix_position(codemap: &CodeMap, span: Span, indent: &str) -> String {
    let location = codemap.look_up_span(span);
    let (line, column) = (location.begin.line, location.begin.column);
    let file = &location.file;
    let mut out = format!("{indent}at {}:{}:{}:\n", file.name(), line + 1, column + 1);
    let lines: Vec<&str> = file.source().split('\n').collect();
    let code_line = |out: &mut String, n: usize| {
        if let Some(text) = lines.get(n) {
            let shown = format!("{indent} {:>5}| {text}", n + 1);
            out.push_str(shown.trim_end());
            out.push('\n');
        }
    };
    if line > 0 {
        code_line(&mut out, line - 1);
    }
    code_line(&mut out, line);
    out.push_str(&format!("{indent}      |{}^\n", " ".repeat(column + 1)));
    code_line(&mut out, line + 1);
    out
}

/// A function that receives warnings as they happen, with the sources
/// their spans point into (see [`Warning::render`]).
pub type WarningCallback = dyn FnMut(&Warning, &CodeMap);

/// Where the warnings of an evaluation go: collected (returned in
/// [`crate::EvaluationResult::warnings`]), or handed to a callback as soon
/// as they happen.
#[derive(Clone, Default)]
pub(crate) struct WarningSink(Rc<RefCell<SinkState>>);

#[derive(Default)]
struct SinkState {
    collected: Vec<Warning>,
    stream: Option<Stream>,
}

struct Stream {
    callback: Rc<RefCell<WarningCallback>>,
    codemap: Rc<RefCell<CodeMap>>,
}

impl WarningSink {
    /// Hands every warning to `callback` instead of collecting it.
    pub(crate) fn streaming(
        callback: Rc<RefCell<WarningCallback>>,
        codemap: Rc<RefCell<CodeMap>>,
    ) -> Self {
        WarningSink(Rc::new(RefCell::new(SinkState {
            collected: Vec::new(),
            stream: Some(Stream { callback, codemap }),
        })))
    }

    pub(crate) fn push(&self, warning: Warning) {
        let Ok(mut state) = self.0.try_borrow_mut() else {
            return;
        };
        state.collected.push(warning);
        if state.stream.is_some() {
            drop(state);
            self.flush();
        }
    }

    /// Delivers collected warnings to the callback, if there is one and
    /// the sources are not being modified right now (then later).
    pub(crate) fn flush(&self) {
        let Ok(mut state) = self.0.try_borrow_mut() else {
            return;
        };
        let Some(stream) = &state.stream else {
            return;
        };
        let (callback, codemap) = (stream.callback.clone(), stream.codemap.clone());
        let pending = std::mem::take(&mut state.collected);
        drop(state);
        let (Ok(codemap), Ok(mut callback)) = (codemap.try_borrow(), callback.try_borrow_mut())
        else {
            if let Ok(mut state) = self.0.try_borrow_mut() {
                let later = std::mem::replace(&mut state.collected, pending);
                state.collected.extend(later);
            }
            return;
        };
        for warning in &pending {
            callback(warning, &codemap);
        }
    }

    /// The collected warnings (none when streaming, once flushed).
    pub(crate) fn take(&self) -> Vec<Warning> {
        self.flush();
        self.0
            .try_borrow_mut()
            .map(|mut state| std::mem::take(&mut state.collected))
            .unwrap_or_default()
    }
}
