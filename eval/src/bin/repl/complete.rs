//! Tab completion, as `nix repl` completes (its `completePrefix`), plus
//! the `:` commands:
//!
//! - a word without a dot: the names in scope (variables and builtins);
//! - `EXPR.prefix`: `EXPR` (the longest part before a dot that compiles)
//!   is evaluated and its attributes starting with `prefix` are offered,
//!   quoted when they are not plain names (`config.serv<TAB>`,
//!   `builtins.<TAB>`);
//! - a word with a `/`, or the argument of `:l`: file names;
//! - `:` at the start of the line: the commands.
//!
//! Evaluating for completion must not hang the terminal (Ctrl-C is a key
//! while a line is edited), so it is interrupted after
//! [`EVALUATION_LIMIT`]; its errors and warnings are not shown.

use super::commands::{is_var_name, COMMANDS};
use super::interrupt::Interrupts;
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use tvix_eval::value::write_nix_string_literal;
use tvix_eval::{Session, Value};

/// How long an evaluation for completion may take.
pub const EVALUATION_LIMIT: Duration = Duration::from_secs(2);

/// Characters that end the word being completed.
const WORD_BREAKS: &[char] = &[' ', '\n', '\r', '\t', '(', ')', '{', '}', '[', ']'];

/// The line editor's helper: completion only.
pub struct Completion {
    session: Rc<RefCell<Session>>,
    interrupts: Interrupts,
    /// Set while completing, so that warnings are not printed.
    muted: Rc<Cell<bool>>,
}

impl Completion {
    pub fn new(
        session: Rc<RefCell<Session>>,
        interrupts: Interrupts,
        muted: Rc<Cell<bool>>,
    ) -> Self {
        Completion {
            session,
            interrupts,
            muted,
        }
    }

    /// Where the completed text starts in `prefix` (the line up to the
    /// cursor), and what may replace it.
    pub fn candidates(&self, prefix: &str) -> (usize, Vec<String>) {
        if prefix.starts_with(':') && !prefix.contains(char::is_whitespace) {
            let names = COMMANDS
                .iter()
                .flat_map(|(names, _, _)| names.iter())
                .filter(|name| name.starts_with(prefix))
                .map(|name| name.to_string())
                .collect::<BTreeSet<_>>();
            return (0, names.into_iter().collect());
        }
        for command in [":l ", ":load "] {
            if let Some(rest) = prefix.strip_prefix(command) {
                let start = command.len() + (rest.len() - rest.trim_start().len());
                return (start, file_names(&prefix[start..]));
            }
        }
        let start = prefix.rfind(WORD_BREAKS).map_or(0, |at| at + 1);
        let word = &prefix[start..];
        let names = if word.contains('/') {
            file_names(word)
        } else {
            match self.attribute_set_prefix(word) {
                Some(dot) => self.attribute_names(&word[..dot], &word[dot + 1..]),
                None => self.names_in_scope(word),
            }
        };
        (start, names)
    }

    /// The position of the dot after the longest part of `word` that
    /// compiles.
    fn attribute_set_prefix(&self, word: &str) -> Option<usize> {
        let mut session = self.session.borrow_mut();
        word.rmatch_indices('.')
            .map(|(at, _)| at)
            .find(|&at| at > 0 && session.thunk(&word[..at]).is_ok())
    }

    fn names_in_scope(&self, word: &str) -> Vec<String> {
        let session = self.session.borrow();
        let variables = session
            .variables()
            .keys()
            .map(|name| name.to_str_lossy().into_owned());
        session
            .global_names()
            .into_iter()
            .chain(variables)
            .filter(|name| name.starts_with(word))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// `expr.NAME` for the attributes of `expr` that start with `partial`
    /// (which may open a quoted name: `"a b`).
    fn attribute_names(&self, expr: &str, partial: &str) -> Vec<String> {
        let (quoted, wanted) = match partial.strip_prefix('"') {
            Some(inside) if inside.contains("${") => return Vec::new(),
            Some(inside) => (true, unescape(inside)),
            None => (false, partial.to_string()),
        };
        self.muted.set(true);
        let value = self.interrupts.with_deadline(EVALUATION_LIMIT, || {
            let mut session = self.session.borrow_mut();
            session
                .thunk(expr)
                .ok()
                .and_then(|thunk| session.force(&thunk).ok())
        });
        self.muted.set(false);
        let Some(Value::Attrs(attrs)) = value else {
            return Vec::new();
        };
        attrs
            .keys()
            .filter(|name| name.as_bytes().starts_with(wanted.as_bytes()))
            .map(|name| {
                let name = name.to_str_lossy();
                if !quoted && is_var_name(&name) {
                    format!("{expr}.{name}")
                } else {
                    let mut literal = Vec::new();
                    write_nix_string_literal(&mut literal, name.as_bytes());
                    format!("{expr}.{}", String::from_utf8_lossy(&literal))
                }
            })
            .collect()
    }
}

/// The text of a partly typed string literal (`\"` and the like undone).
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            break;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Files in the directory of `word` whose names continue its last part;
/// hidden files are left out, directories end with `/`.
fn file_names(word: &str) -> Vec<String> {
    let (dir, partial) = match word.rfind('/') {
        Some(slash) => (&word[..slash], &word[slash + 1..]),
        None => ("", word),
    };
    let listed = match (dir, word.contains('/')) {
        ("", true) => Path::new("/"),
        ("", false) => Path::new("."),
        (dir, _) => Path::new(dir),
    };
    let Ok(entries) = std::fs::read_dir(listed) else {
        return Vec::new();
    };
    let mut names = BTreeSet::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !name.starts_with(partial) {
            continue;
        }
        let slash = if entry.path().is_dir() { "/" } else { "" };
        let shown = if word.contains('/') {
            format!("{dir}/{name}{slash}")
        } else {
            format!("{name}{slash}")
        };
        names.insert(shown);
    }
    names.into_iter().collect()
}

impl Completer for Completion {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let prefix = line.get(..pos).unwrap_or(line);
        Ok(self.candidates(prefix))
    }
}

impl Hinter for Completion {
    type Hint = String;
}

impl Highlighter for Completion {}

impl Validator for Completion {}

impl Helper for Completion {}
