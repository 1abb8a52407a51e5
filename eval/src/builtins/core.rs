//! Core builtins of the language: errors, type predicates, lists and
//! sets basics, forcing (`seq`, `deepSeq`, `tryEval`) and `toString`.

use super::support::expect_function;
use super::{apply_thunk, EvalState};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Lazy, NixAttrs, NixList, NixString, ReadingFn, Value};
use crate::vm::algorithms::{coerce_to_string, deep_force, CoercionKind};
use crate::vm::generators::{force, try_force};
use crate::vm::native::NativeStart;
use std::rc::Rc;

/// `isNull`, `isAttrs`, ...: `test` answers with a Boolean.
fn type_predicate(name: &'static str, test: ReadingFn) -> BuiltinDef {
    BuiltinDef::reading(name, "Whether the argument has this type.", test)
}

/// `toString` of a value that needs no forcing or call (a string, a
/// number, a Boolean, `null`); `None` for the others.
fn to_string_evaluated(value: &Value) -> Option<Result<Value, ErrorKind>> {
    crate::vm::algorithms::coerce_evaluated(value, CoercionKind::ToString)
        .map(|r| r.map(Value::String))
}

fn out_of_bounds(index: i64) -> ErrorKind {
    ErrorKind::IndexOutOfBounds(index)
}

pub(super) fn builtins(_state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::generator(
            "throw",
            "Throw an error that `tryEval` can catch; the message is a string, a path or a set that coerces to one.",
            |co, (message,): (Value,)| {
                Box::pin(async move {
                    let message =
                        coerce_to_string(&co, message, CoercionKind::Interpolation)
                            .await?;
                    Err(ErrorKind::Throw(message.to_string()))
                })
            },
        ),
        BuiltinDef::generator(
            "abort",
            "Abort evaluation with a message.",
            |co, (message,): (Value,)| {
                Box::pin(async move {
                    let message =
                        coerce_to_string(&co, message, CoercionKind::Interpolation)
                            .await?;
                    Err(ErrorKind::Abort(message.to_string()))
                })
            },
        ),
        BuiltinDef::generator(
            "toString",
            "Convert a value to a string.",
            |co, (value,): (Value,)| {
                Box::pin(async move {
                    let s = coerce_to_string(&co, value, CoercionKind::ToString).await?;
                    Ok(Value::String(s))
                })
            },
        )
        .with_fast_path(|args| to_string_evaluated(args.first()?))
        .with_reading_fast_path(to_string_evaluated),
        BuiltinDef::reading("typeOf", "The name of the argument's type.", |value| {
            Ok(Value::string(value.type_of()))
        }),
        type_predicate("isNull", |v| Ok(Value::Bool(matches!(v, Value::Null)))),
        type_predicate("isAttrs", |v| Ok(Value::Bool(matches!(v, Value::Attrs(_))))),
        type_predicate("isBool", |v| Ok(Value::Bool(matches!(v, Value::Bool(_))))),
        type_predicate("isFloat", |v| Ok(Value::Bool(matches!(v, Value::Float(_))))),
        type_predicate("isFunction", |v| {
            Ok(Value::Bool(matches!(v, Value::Closure(_) | Value::Builtin(_))))
        }),
        type_predicate("isInt", |v| Ok(Value::Bool(matches!(v, Value::Integer(_))))),
        type_predicate("isList", |v| Ok(Value::Bool(matches!(v, Value::List(_))))),
        type_predicate("isPath", |v| Ok(Value::Bool(matches!(v, Value::Path(_))))),
        type_predicate("isString", |v| Ok(Value::Bool(matches!(v, Value::String(_))))),
        BuiltinDef::reading("length", "The length of a list.", |value| {
            Ok(Value::Integer(value.as_list()?.len() as i64))
        }),
        BuiltinDef::native("head", "The first element of a list.", |(list,): (NixList,)| {
            let first = list
                .get(0)
                .cloned()
                .ok_or_else(|| out_of_bounds(0))?;
            Ok(NativeStart::forced(first))
        })
        // An evaluated first element without a native frame.
        .with_reading_fast_path(|value| {
            let list = match value.as_list() {
                Ok(list) => list,
                Err(e) => return Some(Err(e)),
            };
            match list.get(0) {
                None => Some(Err(out_of_bounds(0))),
                Some(Value::Thunk(t)) => t.value().map(Ok),
                Some(first) => Some(Ok(first.clone())),
            }
        }),
        BuiltinDef::plain(
            "tail",
            "A list without its first element.",
            |(list,): (NixList,)| {
                if list.is_empty() {
                    return Err(ErrorKind::EmptyList("tail"));
                }
                Ok(Value::List(list.skip(1)))
            },
        ),
        // The index is checked before the list, as in C++ Nix.
        BuiltinDef::native(
            "elemAt",
            "The element of a list at an index.",
            |(list, index): (Value, i64)| {
                let element = usize::try_from(index)
                    .ok()
                    .and_then(|i| list.as_list().ok()?.get(i).cloned());
                match element {
                    Some(e) => Ok(NativeStart::forced(e)),
                    None => {
                        list.as_list()?;
                        Err(out_of_bounds(index))
                    }
                }
            },
        ),
        // As in C++ Nix, the function is not forced for an empty list; an
        // evaluated non-function is an error at once, an unevaluated one
        // when an element is forced.
        BuiltinDef::plain(
            "map",
            "Apply a function to each element of a list.",
            |(Lazy(f), list): (Lazy, NixList)| {
                if list.is_empty() {
                    return Ok(Value::List(list));
                }
                if let Some(evaluated) = f.forced() {
                    expect_function(&evaluated)?;
                }
                crate::limits::charge_lazy(list.len())?;
                let mapped: NixList = list
                    .iter()
                    .map(|x| apply_thunk(f.clone(), x.clone()))
                    .collect();
                Ok(Value::List(mapped))
            },
        ),
        BuiltinDef::reading(
            "attrNames",
            "The names of a set's attributes, sorted.",
            |value| {
                let set = value.as_attrs()?;
                crate::limits::charge_list(set.len())?;
                let names: NixList = set
                    .keys()
                    .map(|k| Value::String(k.clone()))
                    .collect();
                Ok(Value::List(names))
            },
        ),
        BuiltinDef::reading(
            "attrValues",
            "The values of a set's attributes, sorted by name.",
            |value| {
                let set = value.as_attrs()?;
                crate::limits::charge_list(set.len())?;
                let values: NixList = set.values().cloned().collect();
                Ok(Value::List(values))
            },
        ),
        BuiltinDef::plain(
            "hasAttr",
            "Whether a set has an attribute.",
            |(name, set): (Value, NixAttrs)| {
                Ok(Value::Bool(
                    set.get_name(name.as_str()?.require_no_context()?).is_some(),
                ))
            },
        ),
        BuiltinDef::generator("getAttr", "An attribute of a set.", |co, (name, set): (NixString, Value)| {
            Box::pin(async move {
                let name = name.require_no_context()?;
                match set.as_attrs()?.get_name(name) {
                    Some(v) => Ok(force(&co, v.clone()).await),
                    None => Err(ErrorKind::AttributeMissing {
                        name: name.to_string(),
                    }),
                }
            })
        }),
        BuiltinDef::plain(
            "seq",
            "Force the first argument, return the second.",
            |(_, Lazy(second)): (Value, Lazy)| Ok(second),
        ),
        BuiltinDef::generator(
            "deepSeq",
            "Force the first argument deeply, return the second.",
            |co, (first, Lazy(second)): (Value, Lazy)| {
                Box::pin(async move {
                    deep_force(&co, first).await;
                    Ok(force(&co, second).await)
                })
            },
        ),
        BuiltinDef::generator(
            "tryEval",
            "Evaluate, catching `throw` and failed assertions.",
            |co, (Lazy(value),): (Lazy,)| {
                Box::pin(async move {
                    let (success, value) = match try_force(&co, value).await {
                        Ok(v) => (true, v),
                        Err(_) => (false, Value::Bool(false)),
                    };
                    let attrs: NixAttrs = [
                        (NixString::from("success"), Value::Bool(success)),
                        (NixString::from("value"), value),
                    ]
                    .into_iter()
                    .collect();
                    Ok(Value::Attrs(attrs))
                })
            },
        ),
    ]
}
