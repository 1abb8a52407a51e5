//! `builtins.fromTOML`: a TOML document as a Nix set.
//!
//! Parsing uses the `toml` crate (which bounds nesting); the conversion
//! to Nix values is iterative. Strings with NUL bytes and integers beyond
//! 64 bits are errors. Dates and times are errors too, unless the
//! experimental feature `parse-toml-timestamps` is on: then, as in C++
//! Nix, each is `{ _type = "timestamp"; value = "…"; }` with the value
//! written as toml11 writes it (`T` between date and time, `Z` for a zero
//! offset, fractions of seconds in groups of three digits, at most nine).

use super::EvalState;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixList, NixString, Value};
use std::fmt::Write as _;
use std::rc::Rc;

fn toml_error(message: impl std::fmt::Display) -> ErrorKind {
    ErrorKind::FromToml(message.to_string())
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

/// A date, time or both as toml11 (and so C++ Nix) writes it.
fn format_datetime(datetime: &toml::value::Datetime) -> String {
    let mut out = String::new();
    if let Some(date) = &datetime.date {
        let _ = write!(out, "{:04}-{:02}-{:02}", date.year, date.month, date.day);
        if datetime.time.is_some() {
            out.push('T');
        }
    }
    if let Some(time) = &datetime.time {
        let _ = write!(
            out,
            "{:02}:{:02}:{:02}",
            time.hour, time.minute, time.second
        );
        let nanos = time.nanosecond;
        let (milli, micro, nano) = (nanos / 1_000_000, nanos / 1_000 % 1_000, nanos % 1_000);
        if nanos != 0 {
            let _ = write!(out, ".{milli:03}");
            if micro != 0 || nano != 0 {
                let _ = write!(out, "{micro:03}");
                if nano != 0 {
                    let _ = write!(out, "{nano:03}");
                }
            }
        }
    }
    match datetime.offset {
        None => {}
        Some(toml::value::Offset::Z) | Some(toml::value::Offset::Custom { minutes: 0 }) => {
            out.push('Z')
        }
        Some(toml::value::Offset::Custom { minutes }) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.unsigned_abs();
            let _ = write!(out, "{sign}{:02}:{:02}", minutes / 60, minutes % 60);
        }
    }
    out
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

/// The Nix value of a TOML document; `timestamps`: whether dates and
/// times are allowed (`parse-toml-timestamps`).
fn convert(root: toml::Value, timestamps: bool) -> Result<Value, ErrorKind> {
    let mut stack: Vec<Open> = Vec::new();
    let mut step = Step::Descend(root);
    loop {
        step = match step {
            Step::Descend(value) => match value {
                toml::Value::String(s) => Step::Ascend(Value::String(nix_string(s)?)),
                toml::Value::Integer(i) => Step::Ascend(Value::Integer(i)),
                toml::Value::Float(f) => Step::Ascend(Value::Float(f)),
                toml::Value::Boolean(b) => Step::Ascend(Value::Bool(b)),
                toml::Value::Datetime(datetime) => {
                    if !timestamps {
                        return Err(toml_error("Dates and times are not supported"));
                    }
                    let attrs: NixAttrs = [
                        (NixString::from("_type"), Value::from("timestamp")),
                        (
                            NixString::from("value"),
                            Value::from(format_datetime(&datetime)),
                        ),
                    ]
                    .into_iter()
                    .collect();
                    Step::Ascend(Value::Attrs(attrs))
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

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let timestamps = state.options.parse_toml_timestamps;
    vec![BuiltinDef::plain(
        "fromTOML",
        "The Nix value of a TOML document.",
        move |(s,): (NixString,)| {
            let text = s
                .require_no_context()?
                .to_str()
                .ok_or_else(|| toml_error("the document is not UTF-8"))?
                .to_string();
            let table: toml::Table = text
                .parse()
                .map_err(|e: toml::de::Error| toml_error(e.message()))?;
            convert(toml::Value::Table(table), timestamps)
        },
    )]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datetime(text: &str) -> String {
        let table: toml::Table = format!("a = {text}").parse().unwrap();
        match &table["a"] {
            toml::Value::Datetime(d) => format_datetime(d),
            _ => panic!("not a datetime"),
        }
    }

    #[test]
    fn timestamps_as_toml11_writes_them() {
        assert_eq!(datetime("1979-05-27 07:32:00Z"), "1979-05-27T07:32:00Z");
        assert_eq!(
            datetime("1979-05-27T00:32:00.5-07:00"),
            "1979-05-27T00:32:00.500-07:00"
        );
        assert_eq!(
            datetime("1979-05-27T00:32:00+00:00"),
            "1979-05-27T00:32:00Z"
        );
        assert_eq!(datetime("07:32:00.1234"), "07:32:00.123400");
        assert_eq!(datetime("00:32:00.1234567891"), "00:32:00.123456789");
        assert_eq!(datetime("1979-05-27"), "1979-05-27");
    }

    #[test]
    fn nested_and_errors() {
        let table: toml::Table = "a = [[1, 2], [{ b = true }]]\n[c.d]\ne = 'x'"
            .parse()
            .unwrap();
        let Value::Attrs(attrs) = convert(toml::Value::Table(table), false).unwrap() else {
            panic!()
        };
        assert!(attrs.get(b"a").is_some() && attrs.get(b"c").is_some());
        let dated: toml::Table = "a = 1979-05-27".parse().unwrap();
        assert!(convert(toml::Value::Table(dated.clone()), false).is_err());
        assert!(convert(toml::Value::Table(dated), true).is_ok());
        assert!("a = 9223372036854775808".parse::<toml::Table>().is_err());
    }
}
