//! One REPL input: an expression to evaluate and print, `NAME = EXPR` to
//! bind, or a `:` command, handled as `nix repl` handles them (its
//! `processLine`): `:a`, `:l`, `:r`, `:t`, `:p`, `:doc`, `:ll`, `:te`,
//! `:q`, `:?`. Commands that need a Nix store (`:b`, `:u`, `:lf`, ...)
//! say so.
//!
//! Results go to stdout; errors (with their source snippet) and notices
//! ("Added 2 variables.") to stderr, and the REPL goes on.

use super::print::{describe_type, PrintError, Printer};
use super::{write_out, Repl};
use std::io::{self, Write};
use tvix_eval::{is_incomplete, Error, ErrorKind, Value};

/// What became of an input.
pub enum Outcome {
    Done,
    /// The input ends in the middle of an expression: read another line.
    Incomplete,
    Quit,
}

/// The commands, their arguments and what they do, for `:?`.
pub const COMMANDS: &[(&[&str], &str, &str)] = &[
    (
        &[":a", ":add"],
        "<expr>",
        "Add attributes from resulting set to scope",
    ),
    (
        &[":doc"],
        "<expr>",
        "Show documentation of a builtin function",
    ),
    (
        &[":l", ":load"],
        "<path>",
        "Load Nix expression and add it to scope",
    ),
    (
        &[":ll", ":last-loaded"],
        "",
        "Show most recently loaded variables added to scope",
    ),
    (
        &[":p", ":print"],
        "<expr>",
        "Evaluate and print expression recursively",
    ),
    (&[":q", ":quit"], "", "Exit the REPL"),
    (&[":r", ":reload"], "", "Reload all files"),
    (&[":t"], "<expr>", "Describe result of evaluation"),
    (
        &[":te", ":trace-enable"],
        "[bool]",
        "Enable, disable or toggle showing traces for errors",
    ),
    (&[":?", ":help"], "", "Brings up this help menu"),
];

/// `nix repl` commands that build or fetch through a Nix store.
const STORE_COMMANDS: &[&str] = &[
    ":b",
    ":bl",
    ":i",
    ":sh",
    ":u",
    ":log",
    ":lf",
    ":load-flake",
    ":e",
    ":edit",
];

/// How many names `:a` and `:l` list.
const MAX_LISTED: usize = 20;

impl Repl {
    /// Handles one input. With `at_end`, an incomplete input is evaluated
    /// anyway (to report its error): no more lines will come.
    pub fn process(&mut self, input: &str, at_end: bool) -> Outcome {
        let line = input.trim();
        if only_comments(line) {
            return Outcome::Done;
        }
        let interrupts = self.interrupts.clone();
        let result = interrupts.while_busy(|| self.dispatch(line, at_end));
        match result {
            Ok(outcome) => outcome,
            Err(message) => {
                // One line break after the error, however it was rendered.
                eprintln!("{}", message.trim_end());
                Outcome::Done
            }
        }
    }

    /// Runs the command; `Err` is the rendered error to show.
    fn dispatch(&mut self, line: &str, at_end: bool) -> Result<Outcome, String> {
        let (command, arg) = match line.strip_prefix(':') {
            Some(_) => match line.find(char::is_whitespace) {
                Some(at) => (&line[..at], line[at..].trim()),
                None => (line, ""),
            },
            None => ("", line),
        };
        let takes_expr = matches!(
            command,
            "" | ":a" | ":add" | ":t" | ":p" | ":print" | ":doc"
        );
        let expr = match command {
            "" => binding(line).map_or(line, |(_, expr)| expr),
            _ => arg,
        };
        if takes_expr && !at_end && is_incomplete(expr) {
            return Ok(Outcome::Incomplete);
        }
        match command {
            ":?" | ":help" => write_out(help().as_bytes()),
            ":a" | ":add" => {
                let value = self.evaluate(arg)?;
                self.add_attrs(value)?;
            }
            ":l" | ":load" => {
                self.session.borrow_mut().forget_imports();
                self.load_file(arg)?;
            }
            ":r" | ":reload" => {
                self.session.borrow_mut().forget_imports();
                self.session.borrow_mut().clear_variables();
                for file in self.loaded_files.clone() {
                    eprintln!("Loading '{file}'...");
                    self.load_file(&file)?;
                }
            }
            ":ll" | ":last-loaded" => {
                let names: String = self
                    .last_loaded
                    .keys()
                    .map(|name| format!("{}\n", name.to_str_lossy()))
                    .collect();
                write_out(names.as_bytes());
            }
            ":t" => {
                let value = self.evaluate(arg)?;
                write_out(format!("{}\n", describe_type(&value)).as_bytes());
            }
            ":p" | ":print" => {
                let value = self.evaluate(arg)?;
                match &value {
                    Value::String(s) => {
                        let mut bytes = s.as_bytes().to_vec();
                        bytes.push(b'\n');
                        write_out(&bytes);
                    }
                    _ => self.print(&value, usize::MAX)?,
                }
            }
            ":doc" => {
                let value = self.evaluate(arg)?;
                write_out(documentation(&value)?.as_bytes());
            }
            ":te" | ":trace-enable" => {
                self.show_trace = match arg {
                    "true" => true,
                    "false" => false,
                    "" => !self.show_trace,
                    _ => {
                        return Err(plain_error(&format!(
                            "unexpected argument '{arg}' to {command}"
                        )))
                    }
                };
                let state = if self.show_trace {
                    "showing"
                } else {
                    "not showing"
                };
                write_out(format!("{state} error traces\n").as_bytes());
            }
            ":q" | ":quit" => return Ok(Outcome::Quit),
            "" => match binding(line) {
                Some((name, expr)) => {
                    let thunk = self.session.borrow_mut().thunk(expr);
                    let value = thunk.map_err(|errors| self.render_errors(&errors))?;
                    self.session.borrow_mut().bind(name, value);
                }
                None => {
                    let value = self.evaluate(line)?;
                    self.print(&value, 1)?;
                }
            },
            store if STORE_COMMANDS.contains(&store) => {
                return Err(plain_error(&format!(
                    "'{store}' needs a Nix store, which tvix-eval does not have"
                )))
            }
            unknown => return Err(plain_error(&format!("unknown command '{unknown}'"))),
        }
        Ok(Outcome::Done)
    }

    /// Evaluates `source` to its top level.
    fn evaluate(&mut self, source: &str) -> Result<Value, String> {
        let result = self.session.borrow_mut().evaluate(source);
        result.map_err(|errors| self.render_errors(&errors))
    }

    /// Prints `value` (and a newline) down to `max_depth`.
    fn print(&mut self, value: &Value, max_depth: usize) -> Result<(), String> {
        let stdout = io::stdout();
        let mut out = Tracked {
            inner: io::BufWriter::new(stdout.lock()),
            written: false,
        };
        let interrupts = self.interrupts.clone();
        let mut session = self.session.borrow_mut();
        let mut printer = Printer {
            session: &mut session,
            max_depth,
            colors: self.colors,
            interrupted: &|| interrupts.is_set(),
        };
        let printed = printer.print(value, &mut out);
        drop(session);
        // A newline ends the output, also the part printed before an
        // interruption.
        if printed.is_ok() || out.written {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
        match printed {
            Ok(()) | Err(PrintError::Io) => Ok(()),
            Err(PrintError::Eval(error)) => Err(self.render_errors(&[error])),
        }
    }

    /// `:l FILE`: imports the file, calls it if it is a function with
    /// defaults, and adds its attributes.
    fn load_file(&mut self, arg: &str) -> Result<(), String> {
        if arg.is_empty() {
            return Err(plain_error("':l' needs a file to load"));
        }
        self.loaded_files.retain(|f| f != arg);
        self.loaded_files.push(arg.to_string());
        let path = if arg.starts_with('<') && arg.ends_with('>') {
            match self.evaluate(arg)? {
                Value::Path(path) => path.to_path_buf(),
                other => {
                    return Err(self.render_errors(&[Error::from(ErrorKind::TypeError {
                        expected: "a path",
                        actual: other.type_description(),
                    })]))
                }
            }
        } else {
            std::path::absolute(arg).map_err(|e| plain_error(&format!("resolving '{arg}': {e}")))?
        };
        let loaded = {
            let mut session = self.session.borrow_mut();
            session
                .import(&path)
                .and_then(|value| session.call_with_defaults(value))
        };
        let value = loaded.map_err(|error| self.render_errors(&[error]))?;
        self.add_attrs(value)
    }

    /// Adds the attributes of `value` (a set) to the scope and says which.
    fn add_attrs(&mut self, value: Value) -> Result<(), String> {
        let attrs = match value {
            Value::Attrs(attrs) => attrs,
            other => {
                return Err(self.render_errors(&[Error::from(ErrorKind::TypeError {
                    expected: "a set",
                    actual: other.type_description(),
                })]))
            }
        };
        self.session.borrow_mut().bind_all(&attrs);
        eprintln!("Added {} variables.", attrs.len());
        let names: Vec<String> = attrs
            .keys()
            .take(MAX_LISTED)
            .map(|name| {
                let mut shown = Vec::new();
                tvix_eval::output::print::write_attr_name(&mut shown, name.as_bytes());
                String::from_utf8_lossy(&shown).into_owned()
            })
            .collect();
        if !names.is_empty() {
            eprintln!("{}", names.join(", "));
        }
        if attrs.len() > MAX_LISTED {
            eprintln!("... and {} more; view with :ll", attrs.len() - MAX_LISTED);
        }
        self.last_loaded = attrs;
        Ok(())
    }

    fn render_errors(&self, errors: &[Error]) -> String {
        let session = self.session.borrow();
        // Like the command line, only the first: the others are mostly its
        // consequences.
        match errors.first() {
            Some(error) => session.render_error(error, self.show_trace),
            None => String::new(),
        }
    }
}

/// A writer that knows whether anything was written.
struct Tracked<W: Write> {
    inner: W,
    written: bool,
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.written |= !bytes.is_empty();
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `NAME = EXPR` (not `==`), as `nix repl` recognises a binding: the
/// name and the expression's source.
pub fn binding(line: &str) -> Option<(&str, &str)> {
    let at = line.find('=')?;
    if line[at + 1..].starts_with('=') {
        return None;
    }
    let name = line[..at].trim();
    is_var_name(name).then_some((name, &line[at + 1..]))
}

/// A name `nix repl` binds: letters, digits, `_`, `-` and `'`, not
/// starting with a digit, `-` or `'`.
pub fn is_var_name(name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return false;
    };
    !(first.is_ascii_digit() || first == '-' || first == '\'')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '\''))
}

/// Whether `line` holds nothing but comments (`nix repl` would wait for
/// an expression after them; here they are done with).
fn only_comments(line: &str) -> bool {
    // Whitespace and comments are not tokens: only the end is left.
    tvix_eval::syntax::tokenize(line)
        .iter()
        .all(|token| token.kind == tvix_eval::syntax::TokenKind::Eof)
}

/// An error without a source position, as the REPL prints it.
fn plain_error(message: &str) -> String {
    format!("error: {message}\n")
}

fn help() -> String {
    let mut text = String::from("The following commands are available:\n\n");
    text.push_str("  <expr>                       Evaluate and print expression\n");
    text.push_str("  <x> = <expr>                 Bind expression to variable\n");
    for (names, arg, what) in COMMANDS {
        let usage = format!("{} {arg}", names.join(", "));
        text.push_str(&format!("  {usage:<29}{what}\n"));
    }
    text
}

/// `:doc`: a builtin's documentation, indented under its name.
fn documentation(value: &Value) -> Result<String, String> {
    let Value::Builtin(builtin) = value else {
        return Err(plain_error("value does not have documentation"));
    };
    let doc = builtin.def().documentation.trim();
    if doc.is_empty() {
        return Err(plain_error("value does not have documentation"));
    }
    let mut text = format!("Synopsis: builtins.{}\n\n", builtin.name());
    for paragraph in doc.split("\n\n") {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        let mut line = String::new();
        for word in words {
            if !line.is_empty() && line.len() + 1 + word.len() > 76 {
                text.push_str(&format!("    {line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            text.push_str(&format!("    {line}\n"));
        }
        text.push('\n');
    }
    text.pop();
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_recognised_as_nix_repl_does() {
        assert_eq!(binding("x = 1"), Some(("x", " 1")));
        assert_eq!(binding("  a-b' =x: x"), Some(("a-b'", "x: x")));
        assert_eq!(binding("x == 1"), None);
        assert_eq!(binding("{ a = 1; }"), None);
        assert_eq!(binding("a.b = 1"), None);
        assert_eq!(binding("1x = 1"), None);
        assert_eq!(binding("= 1"), None);
        assert_eq!(binding("x ="), Some(("x", "")));
    }

    #[test]
    fn comment_lines_are_done_with() {
        assert!(only_comments(""));
        assert!(only_comments("# a comment"));
        assert!(only_comments("/* a */ # b"));
        assert!(!only_comments("/* open"));
        assert!(!only_comments("1 # one"));
    }
}
