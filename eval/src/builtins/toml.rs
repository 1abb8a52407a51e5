//! `builtins.fromTOML`: a TOML document as a Nix set.
//!
//! Parsing uses the `toml` crate (which bounds nesting); the conversion
//! to Nix values is iterative. As in C++ Nix without the experimental
//! `parse-toml-timestamps` feature, dates and times are errors, and so
//! are strings with NUL bytes and integers beyond 64 bits.

use super::support::arg;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixList, NixString, Value};

fn toml_error(message: impl std::fmt::Display) -> ErrorKind {
    ErrorKind::Other(format!("while parsing TOML: {message}"))
}

fn nix_string(s: String) -> Result<NixString, ErrorKind> {
    if s.contains('\0') {
        return Err(toml_error(format!(
            "input string '{}' cannot be represented as Nix string because it contains null bytes",
            s.replace('\0', "\u{2400}")
        )));
    }
    Ok(NixString::from(s))
}

/// A container being converted: what is done and what remains.
enum Open {
    Array(Vec<Value>, std::vec::IntoIter<toml::Value>),
    Table(Vec<(NixString, Value)>, toml::map::IntoIter, NixString),
}

enum Step {
    Descend(toml::Value),
    Ascend(Value),
}

/// The next step after finishing a child of the innermost container.
fn next(stack: &mut Vec<Open>) -> Result<Step, ErrorKind> {
    match stack.last_mut() {
        Some(Open::Array(_, rest)) => {
            if let Some(v) = rest.next() {
                return Ok(Step::Descend(v));
            }
        }
        Some(Open::Table(_, rest, key)) => {
            if let Some((k, v)) = rest.next() {
                *key = nix_string(k)?;
                return Ok(Step::Descend(v));
            }
        }
        None => unreachable!("next() needs an open container"),
    }
    Ok(Step::Ascend(match stack.pop() {
        Some(Open::Array(items, _)) => Value::List(NixList::from(items)),
        Some(Open::Table(entries, _, _)) => Value::Attrs(entries.into_iter().collect::<NixAttrs>()),
        None => Value::Null,
    }))
}

fn convert(root: toml::Value) -> Result<Value, ErrorKind> {
    let mut stack: Vec<Open> = Vec::new();
    let mut step = Step::Descend(root);
    loop {
        step = match step {
            Step::Descend(value) => match value {
                toml::Value::String(s) => Step::Ascend(Value::String(nix_string(s)?)),
                toml::Value::Integer(i) => Step::Ascend(Value::Integer(i)),
                toml::Value::Float(f) => Step::Ascend(Value::Float(f)),
                toml::Value::Boolean(b) => Step::Ascend(Value::Bool(b)),
                toml::Value::Datetime(_) => {
                    return Err(toml_error("Dates and times are not supported"))
                }
                toml::Value::Array(items) => {
                    stack.push(Open::Array(
                        Vec::with_capacity(items.len()),
                        items.into_iter(),
                    ));
                    next(&mut stack)?
                }
                toml::Value::Table(table) => {
                    stack.push(Open::Table(
                        Vec::with_capacity(table.len()),
                        table.into_iter(),
                        NixString::from(""),
                    ));
                    next(&mut stack)?
                }
            },
            Step::Ascend(value) => {
                match stack.last_mut() {
                    None => return Ok(value),
                    Some(Open::Array(items, _)) => items.push(value),
                    Some(Open::Table(entries, _, key)) => entries.push((key.clone(), value)),
                }
                next(&mut stack)?
            }
        };
    }
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![BuiltinDef::sync(
        "fromTOML",
        1,
        "The Nix value of a TOML document.",
        |mut args| {
            let s = arg(&mut args, 0);
            let text = s
                .as_str()?
                .to_str()
                .ok_or_else(|| toml_error("the document is not UTF-8"))?
                .to_string();
            let table: toml::Table = text
                .parse()
                .map_err(|e: toml::de::Error| toml_error(e.message()))?;
            convert(toml::Value::Table(table))
        },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_errors() {
        let table: toml::Table = "a = [[1, 2], [{ b = true }]]\n[c.d]\ne = 'x'"
            .parse()
            .unwrap();
        let Value::Attrs(attrs) = convert(toml::Value::Table(table)).unwrap() else {
            panic!()
        };
        assert!(attrs.get(b"a").is_some() && attrs.get(b"c").is_some());
        let dated: toml::Table = "a = 1979-05-27".parse().unwrap();
        assert!(convert(toml::Value::Table(dated)).is_err());
        assert!("a = 9223372036854775808".parse::<toml::Table>().is_err());
    }
}
