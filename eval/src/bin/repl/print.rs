//! Values printed as `nix repl` prints them: C++ Nix's value printer with
//! the REPL's options, written anew for tvix.
//!
//! - Values are forced as they are printed. A plain input shows one level
//!   (`max_depth` 1): nested sets and lists are `{ ... }` and `[ ... ]`;
//!   `:p` shows everything (no limit).
//! - A set or list with more than one item, or with one item that is a set
//!   or a list, is printed over several lines, indented by two spaces per
//!   level; others on one line: `{ a = 1; }`, `[ ]`.
//! - A set or list met again is `«repeated»`; functions are
//!   `«lambda NAME @ FILE:LINE:COLUMN»`, `«primop NAME»`,
//!   `«partially applied primop NAME»`; a set whose `type` is
//!   `"derivation"` is `«derivation DRVPATH»`.
//! - An error while forcing the value itself is the input's error; an
//!   error inside it is shown in place as `«error: MESSAGE»`.
//! - With colours, as Nix: numbers, Booleans and null cyan, strings and
//!   placeholders magenta, paths green, functions blue, errors red.
//!
//! The printer walks the value with an explicit work stack, so values
//! nested arbitrarily deep print without growing the Rust stack, and it
//! streams its output, so that an endless `:p` shows progress until
//! Ctrl-C stops it.

use std::collections::HashSet;
use std::io::{self, Write};
use tvix_eval::output::print::{format_float, write_attr_name};
use tvix_eval::value::write_nix_string_literal;
use tvix_eval::{Error, ErrorKind, NixAttrs, Session, SourcePos, Value};

const CYAN: &str = "\x1b[36;1m";
const MAGENTA: &str = "\x1b[35;1m";
const GREEN: &str = "\x1b[32;1m";
const BLUE: &str = "\x1b[34;1m";
const RED: &str = "\x1b[31;1m";
const NORMAL: &str = "\x1b[0m";

/// Spaces per level of nesting.
const INDENT: usize = 2;

/// Why printing stopped early.
pub enum PrintError {
    /// Forcing the value itself failed (or the user interrupted).
    Eval(Error),
    /// The output could not be written (a closed pipe): nothing to say.
    Io,
}

impl From<io::Error> for PrintError {
    fn from(_: io::Error) -> Self {
        PrintError::Io
    }
}

/// What to print and how.
pub struct Printer<'a> {
    pub session: &'a mut Session,
    /// Containers deeper than this are `{ ... }` / `[ ... ]`.
    pub max_depth: usize,
    pub colors: bool,
    /// Polled between items: set by Ctrl-C.
    pub interrupted: &'a dyn Fn() -> bool,
}

enum Task {
    Value(Value, usize),
    Text(String),
}

impl Printer<'_> {
    /// Prints `value` to `out`, without a newline.
    pub fn print(&mut self, value: &Value, out: &mut dyn Write) -> Result<(), PrintError> {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut work = vec![Task::Value(value.clone(), 0)];
        while let Some(task) = work.pop() {
            if (self.interrupted)() {
                return Err(PrintError::Eval(Error::from(ErrorKind::Interrupted)));
            }
            let (value, depth) = match task {
                Task::Text(text) => {
                    out.write_all(text.as_bytes())?;
                    continue;
                }
                Task::Value(value, depth) => (value, depth),
            };
            let value = match self.force(&value, depth)? {
                Ok(value) => value,
                Err(message) => {
                    self.colored(out, RED, format!("«error: {message}»").as_bytes())?;
                    continue;
                }
            };
            match value {
                Value::Attrs(attrs) => {
                    if !attrs.is_empty() && !seen.insert(attrs.identity()) {
                        self.colored(out, MAGENTA, "«repeated»".as_bytes())?;
                        continue;
                    }
                    match self.derivation(&attrs, depth)? {
                        Some(text) => self.colored(out, GREEN, text.as_bytes())?,
                        None if depth < self.max_depth => {
                            self.open_attrs(&attrs, depth, &mut work, out)?
                        }
                        None => out.write_all(b"{ ... }")?,
                    }
                }
                Value::List(list) => {
                    if !list.is_empty() && !seen.insert(list.identity()) {
                        self.colored(out, MAGENTA, "«repeated»".as_bytes())?;
                        continue;
                    }
                    if depth >= self.max_depth {
                        out.write_all(b"[ ... ]")?;
                        continue;
                    }
                    let items: Vec<Value> = list.iter().cloned().collect();
                    let pretty = match items.as_slice() {
                        [] => false,
                        [only] => self.is_container(only, depth)?,
                        _ => true,
                    };
                    out.write_all(b"[")?;
                    work.push(Task::Text(format!("{}]", space(pretty, depth))));
                    for item in items.into_iter().rev() {
                        work.push(Task::Value(item, depth + 1));
                        work.push(Task::Text(space(pretty, depth + 1)));
                    }
                }
                scalar => self.scalar(&scalar, out)?,
            }
        }
        Ok(())
    }

    /// `{`, and the attributes and `}` as work to do.
    fn open_attrs(
        &mut self,
        attrs: &NixAttrs,
        depth: usize,
        work: &mut Vec<Task>,
        out: &mut dyn Write,
    ) -> Result<(), PrintError> {
        let pretty = match attrs.len() {
            0 => false,
            1 => match attrs.values().next() {
                Some(only) => self.is_container(only, depth)?,
                None => false,
            },
            _ => true,
        };
        out.write_all(b"{")?;
        work.push(Task::Text(format!("{}}}", space(pretty, depth))));
        for (name, value) in attrs.iter().rev() {
            work.push(Task::Text(";".to_string()));
            work.push(Task::Value(value.clone(), depth + 1));
            let mut line = space(pretty, depth + 1).into_bytes();
            write_attr_name(&mut line, name.as_bytes());
            line.extend_from_slice(b" = ");
            work.push(Task::Text(String::from_utf8_lossy(&line).into_owned()));
        }
        Ok(())
    }

    /// Forces `value`: `Ok(Err(message))` for an error to show in place
    /// (below the top level), `Err` for one that ends the printing.
    fn force(&mut self, value: &Value, depth: usize) -> Result<Result<Value, String>, PrintError> {
        match self.session.force(value) {
            Ok(value) => Ok(Ok(value)),
            Err(error) if depth == 0 || matches!(error.kind, ErrorKind::Interrupted) => {
                Err(PrintError::Eval(error))
            }
            Err(error) => Ok(Err(error.kind.to_string())),
        }
    }

    /// Whether the only item of a container is a set or a list (which
    /// makes the container print over several lines). It is forced here,
    /// as it will be when printed.
    fn is_container(&mut self, item: &Value, depth: usize) -> Result<bool, PrintError> {
        Ok(matches!(
            self.force(item, depth)?,
            Ok(Value::Attrs(_) | Value::List(_))
        ))
    }

    /// `«derivation DRVPATH»` for a set whose `type` is `"derivation"`.
    fn derivation(&mut self, attrs: &NixAttrs, depth: usize) -> Result<Option<String>, PrintError> {
        let Some(kind) = attrs.get_str("type") else {
            return Ok(None);
        };
        match self.force(kind, depth)? {
            Ok(Value::String(s)) if s.as_bytes() == b"derivation" => {}
            _ => return Ok(None),
        }
        let drv_path = match attrs.get_str("drvPath") {
            Some(path) => match self.force(path, depth)? {
                Ok(Value::String(s)) => format!(" {}", s.to_str_lossy()),
                _ => String::new(),
            },
            None => String::new(),
        };
        Ok(Some(format!("«derivation{drv_path}»")))
    }

    fn scalar(&mut self, value: &Value, out: &mut dyn Write) -> Result<(), PrintError> {
        match value {
            Value::Null => self.colored(out, CYAN, b"null")?,
            Value::Bool(b) => self.colored(out, CYAN, if *b { b"true" } else { b"false" })?,
            Value::Integer(i) => self.colored(out, CYAN, i.to_string().as_bytes())?,
            Value::Float(f) => self.colored(out, CYAN, format_float(*f).as_bytes())?,
            Value::String(s) => {
                let mut literal = Vec::new();
                write_nix_string_literal(&mut literal, s.as_bytes());
                self.colored(out, MAGENTA, &literal)?;
            }
            Value::Path(p) => self.colored(out, GREEN, p.as_os_str().as_encoded_bytes())?,
            Value::Closure(closure) => {
                let lambda = closure.lambda();
                let mut text = "«lambda".to_string();
                if let Some(name) = lambda.name() {
                    text.push(' ');
                    text.push_str(name);
                }
                let location =
                    SourcePos::of_span(lambda.span()).and_then(|pos| self.session.locate(pos));
                if let Some(location) = location {
                    text.push_str(&format!(
                        " @ {}:{}:{}",
                        location.file, location.line, location.column
                    ));
                }
                text.push('»');
                self.colored(out, BLUE, text.as_bytes())?;
            }
            Value::Builtin(builtin) => {
                let partially = if builtin.applied().is_empty() {
                    ""
                } else {
                    "partially applied "
                };
                let text = format!("«{partially}primop {}»", builtin.name());
                self.colored(out, BLUE, text.as_bytes())?;
            }
            // Forced before it gets here; kept for completeness.
            Value::Thunk(_) => self.colored(out, MAGENTA, "«thunk»".as_bytes())?,
            Value::Attrs(_) | Value::List(_) => {}
        }
        Ok(())
    }

    fn colored(&self, out: &mut dyn Write, color: &str, text: &[u8]) -> io::Result<()> {
        if self.colors {
            out.write_all(color.as_bytes())?;
            out.write_all(text)?;
            out.write_all(NORMAL.as_bytes())
        } else {
            out.write_all(text)
        }
    }
}

/// What separates items: a space, or a new line indented to `level`.
fn space(pretty: bool, level: usize) -> String {
    if pretty {
        format!("\n{}", " ".repeat(level * INDENT))
    } else {
        " ".to_string()
    }
}

/// The type as `:t` describes it (C++ Nix's `showType`).
pub fn describe_type(value: &Value) -> String {
    match value {
        Value::String(s) if s.has_context() => "a string with context".to_string(),
        Value::Builtin(builtin) if builtin.applied().is_empty() => {
            format!("the built-in function '{}'", builtin.name())
        }
        Value::Builtin(builtin) => format!(
            "the partially applied built-in function '{}'",
            builtin.name()
        ),
        other => other.type_description().to_string(),
    }
}
