//! Miscellaneous builtins: tracing and warnings (`trace`, `traceVerbose`,
//! `warn`, `break`, `addErrorContext`), `genericClosure`.

use super::support::{call1, force_attrs, force_list};
use super::EvalState;
use crate::errors::{Error, ErrorKind, WarningKind};
use crate::output::print::print_value;
use crate::value::{BuiltinDef, Lazy, NixList, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, compare, CoercionKind};
use crate::vm::generators::{force, raise, warn, GenCo};
use crate::vm::native::{NativeFrame, NativeStart, Step};
use std::cmp::Ordering;
use std::collections::{HashSet, VecDeque};

/// What kind of key a `genericClosure` element has: keys of different
/// kinds cannot be compared.
#[derive(PartialEq, Eq, Clone, Copy)]
enum KeyKind {
    Number,
    String,
    Path,
    List,
    Other,
}

fn key_kind(v: &Value) -> KeyKind {
    match v {
        Value::Integer(_) | Value::Float(_) => KeyKind::Number,
        Value::String(_) => KeyKind::String,
        Value::Path(_) => KeyKind::Path,
        Value::List(_) => KeyKind::List,
        _ => KeyKind::Other,
    }
}

/// A hashable stand-in for a scalar key; numbers that are equal compare
/// equal whether integer or float.
#[derive(PartialEq, Eq, Hash)]
enum ScalarKey {
    Int(i64),
    Float(u64),
    Bytes(Vec<u8>),
}

fn scalar_key(v: &Value) -> Option<ScalarKey> {
    Some(match v {
        Value::Integer(i) => ScalarKey::Int(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => ScalarKey::Int(*f as i64),
        Value::Float(f) => ScalarKey::Float(f.to_bits()),
        Value::String(s) => ScalarKey::Bytes(s.as_bytes().to_vec()),
        Value::Path(p) => ScalarKey::Bytes(p.as_os_str().as_encoded_bytes().to_vec()),
        _ => return None,
    })
}

/// The keys `genericClosure` has seen.
#[derive(Default)]
struct SeenKeys {
    first: Option<Value>,
    scalars: HashSet<ScalarKey>,
    lists: Vec<Value>,
}

impl SeenKeys {
    /// Records `key`; false if an equal key was seen before.
    async fn insert(&mut self, co: &GenCo, key: Value) -> Result<bool, ErrorKind> {
        let Some(first) = &self.first else {
            if let Some(s) = scalar_key(&key) {
                self.scalars.insert(s);
            } else {
                self.lists.push(key.clone());
            }
            self.first = Some(key);
            return Ok(true);
        };
        let kind = key_kind(&key);
        if kind != key_kind(first) || kind == KeyKind::Other {
            return Err(ErrorKind::Incomparable {
                lhs: key.type_description(),
                rhs: first.type_description(),
            });
        }
        if let Some(s) = scalar_key(&key) {
            return Ok(self.scalars.insert(s));
        }
        for seen in &self.lists {
            if compare(co, key.clone(), seen.clone()).await? == Some(Ordering::Equal) {
                return Ok(false);
            }
        }
        self.lists.push(key);
        Ok(true)
    }
}

async fn generic_closure(co: &GenCo, args: Value) -> Result<Value, ErrorKind> {
    let args = force_attrs(co, args).await?;
    let start = args
        .get(b"startSet")
        .cloned()
        .ok_or_else(|| ErrorKind::AttributeMissing {
            name: "startSet".into(),
        })?;
    let operator = args
        .get(b"operator")
        .cloned()
        .ok_or_else(|| ErrorKind::AttributeMissing {
            name: "operator".into(),
        })?;
    let start = force_list(co, start).await?;
    let mut work: VecDeque<Value> = start.iter().cloned().collect();
    let mut seen = SeenKeys::default();
    let mut result = Vec::new();
    while let Some(element) = work.pop_front() {
        let attrs = force_attrs(co, element.clone()).await?;
        let key = attrs
            .get(b"key")
            .cloned()
            .ok_or_else(|| ErrorKind::AttributeMissing { name: "key".into() })?;
        let key = force(co, key).await;
        if !seen.insert(co, key).await? {
            continue;
        }
        result.push(Value::Attrs(attrs));
        let next = call1(co, operator.clone(), element).await;
        work.extend(next.as_list()?.iter().cloned());
    }
    Ok(Value::List(NixList::from(result)))
}

/// The text `trace` shows for a value: a string as it is, anything
/// else as `nix-instantiate --eval` prints it.
fn trace_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        other => String::from_utf8_lossy(&print_value(other)).into_owned(),
    }
}

/// `traceVerbose` without verbose tracing: its second argument, forced
/// (the first is never evaluated).
fn trace_verbose_quiet() -> BuiltinDef {
    BuiltinDef::generator(
        "traceVerbose",
        "Like `trace` with `--trace-verbose`; otherwise only returns the second argument.",
        |co, (_, Lazy(value)): (Lazy, Lazy)| Box::pin(async move { Ok(force(&co, value).await) }),
    )
}

/// `addErrorContext MESSAGE VALUE`: `VALUE`; an error while forcing it
/// gets `MESSAGE` added to its trace. The message is evaluated only then;
/// if that fails, its error is raised instead, as in C++ Nix.
///
/// A native frame (the module system calls it for every option): the
/// value is forced guarded; the rare failure continues as a generator.
fn add_error_context() -> BuiltinDef {
    BuiltinDef::native(
        "addErrorContext",
        "Returns the second argument; errors while evaluating it show the first in their trace.",
        |(Lazy(message), Lazy(value)): (Lazy, Lazy)| match value.forced() {
            Some(value) => Ok(NativeStart::Value(value)),
            None => Ok(NativeStart::Frame(Box::new(ErrorContext {
                message: Some(message),
                value: Some(value),
            }))),
        },
    )
}

/// The frame of `addErrorContext` forcing its value.
struct ErrorContext {
    message: Option<Value>,
    /// The value to force, until it is asked for.
    value: Option<Value>,
}

impl NativeFrame for ErrorContext {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        Ok(match self.value.take() {
            Some(value) => Step::ForceGuarded(value),
            None => Step::Done(input),
        })
    }

    fn failed(&mut self, error: Box<Error>) -> Result<Step, ErrorKind> {
        let message = self.message.take().unwrap_or_default();
        Ok(Step::Generator(Box::new(move |co| {
            Box::pin(async move { Err(raise_with_context(&co, message, error).await) })
        })))
    }
}

/// Raises `error` with the context `message` (coerced as an interpolation
/// would) added to its trace, or the error of coercing `message`.
async fn raise_with_context(co: &GenCo, message: Value, mut error: Box<Error>) -> ErrorKind {
    match coerce_to_string(co, message, CoercionKind::Interpolation).await {
        Ok(message) => {
            error.add_context(message.to_string());
            raise(co, error).await
        }
        Err(kind) => kind,
    }
}

/// `trace` (and `traceVerbose` when verbose tracing is on).
fn trace_builtin(name: &'static str, doc: &'static str) -> BuiltinDef {
    BuiltinDef::generator(name, doc, |co, (shown, Lazy(value)): (Value, Lazy)| {
        Box::pin(async move {
            warn(&co, WarningKind::Trace(trace_text(&shown))).await;
            Ok(force(&co, value).await)
        })
    })
}

pub(super) fn builtins(state: &EvalState) -> Vec<BuiltinDef> {
    let abort_on_warn = state.abort_on_warn;
    vec![
        trace_builtin("trace", "Prints the first argument, returns the second."),
        if state.trace_verbose {
            trace_builtin(
                "traceVerbose",
                "Like `trace` (with `--trace-verbose`; otherwise only returns the second argument).",
            )
        } else {
            trace_verbose_quiet()
        },
        // Not a `NixString` parameter: a message of another type is
        // refused with C++ Nix's own error for `warn`, which shows it.
        BuiltinDef::generator(
            "warn",
            "Emits a warning with a message (a string), returns the second argument.",
            move |co, (message, Lazy(value)): (Value, Lazy)| {
                Box::pin(async move {
                    let message = match message {
                        Value::String(message) => message,
                        other => {
                            return Err(ErrorKind::ExpectedButFound {
                                expected: "a string",
                                found: other.type_description(),
                                value: crate::output::print::print_value_for_error(&other),
                            })
                        }
                    };
                    warn(&co, WarningKind::Evaluation(message.to_string())).await;
                    if abort_on_warn {
                        return Err(ErrorKind::AbortOnWarn);
                    }
                    Ok(force(&co, value).await)
                })
            },
        ),
        BuiltinDef::generator(
            "break",
            "A debugger breakpoint; without a debugger, the argument itself.",
            |co, (Lazy(value),): (Lazy,)| Box::pin(async move { Ok(force(&co, value).await) }),
        ),
        add_error_context(),
        BuiltinDef::generator(
            "genericClosure",
            "The closure of `startSet` under `operator`, elements distinct by `key`.",
            |co, (arguments,): (Value,)| {
                Box::pin(async move { generic_closure(&co, arguments).await })
            },
        ),
    ]
}

/// Constants of the `builtins` set besides those of `mod.rs`: `true`,
/// `false`, `null` (C++ Nix has them there too) and, when the
/// evaluation may see its environment, `currentTime`.
pub(super) fn constants(state: &EvalState) -> Vec<(NixString, Value)> {
    let mut constants = vec![
        (NixString::from("true"), Value::Bool(true)),
        (NixString::from("false"), Value::Bool(false)),
        (NixString::from("null"), Value::Null),
    ];
    if let Some(now) = state.io.current_time() {
        constants.push((NixString::from("currentTime"), Value::Integer(now)));
    }
    constants
}
