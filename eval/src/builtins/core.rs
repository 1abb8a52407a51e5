//! Core builtins of the language: errors, type predicates, lists and
//! sets basics, forcing (`seq`, `deepSeq`, `tryEval`) and `toString`.

use super::support::expect_function;
use super::{apply_thunk, EvalState};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixList, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, deep_force, CoercionKind};
use crate::vm::generators::{force, try_force};
use crate::vm::native::NativeStart;
use std::rc::Rc;

fn arg(args: &mut [Value], i: usize) -> Value {
    args.get_mut(i).map(std::mem::take).unwrap_or_default()
}

fn type_predicate(name: &'static str, test: fn(&Value) -> bool) -> BuiltinDef {
    BuiltinDef::sync(
        name,
        1,
        "Whether the argument has this type.",
        move |mut args| Ok(Value::Bool(test(&arg(&mut args, 0)))),
    )
}

fn out_of_bounds(index: i64) -> ErrorKind {
    ErrorKind::Other(format!("list index {index} is out of bounds"))
}

pub(super) fn builtins(_state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::generator_untyped(
            "throw",
            1,
            "Throw an error that `tryEval` can catch; the message is a string, a path or a set that coerces to one.",
            |co, mut args| {
                Box::pin(async move {
                    let message =
                        coerce_to_string(&co, arg(&mut args, 0), CoercionKind::Interpolation)
                            .await?;
                    Err(ErrorKind::Throw(message.to_string()))
                })
            },
        ),
        BuiltinDef::generator_untyped(
            "abort",
            1,
            "Abort evaluation with a message.",
            |co, mut args| {
                Box::pin(async move {
                    let message =
                        coerce_to_string(&co, arg(&mut args, 0), CoercionKind::Interpolation)
                            .await?;
                    Err(ErrorKind::Abort(message.to_string()))
                })
            },
        ),
        BuiltinDef::generator_with_fast_path(
            "toString",
            1,
            "Convert a value to a string.",
            |args| {
                crate::vm::algorithms::coerce_evaluated(&args[0], CoercionKind::ToString)
                    .map(|r| r.map(Value::String))
            },
            |co, mut args| {
                Box::pin(async move {
                    let s =
                        coerce_to_string(&co, arg(&mut args, 0), CoercionKind::ToString).await?;
                    Ok(Value::String(s))
                })
            },
        ),
        BuiltinDef::sync(
            "typeOf",
            1,
            "The name of the argument's type.",
            |mut args| Ok(Value::string(arg(&mut args, 0).type_of())),
        ),
        type_predicate("isNull", |v| matches!(v, Value::Null)),
        type_predicate("isAttrs", |v| matches!(v, Value::Attrs(_))),
        type_predicate("isBool", |v| matches!(v, Value::Bool(_))),
        type_predicate("isFloat", |v| matches!(v, Value::Float(_))),
        type_predicate("isFunction", |v| {
            matches!(v, Value::Closure(_) | Value::Builtin(_))
        }),
        type_predicate("isInt", |v| matches!(v, Value::Integer(_))),
        type_predicate("isList", |v| matches!(v, Value::List(_))),
        type_predicate("isPath", |v| matches!(v, Value::Path(_))),
        type_predicate("isString", |v| matches!(v, Value::String(_))),
        BuiltinDef::sync("length", 1, "The length of a list.", |mut args| {
            Ok(Value::Integer(arg(&mut args, 0).as_list()?.len() as i64))
        }),
        BuiltinDef::native_untyped("head", 1, "The first element of a list.", |mut args| {
            let list = arg(&mut args, 0);
            let first = list
                .as_list()?
                .get(0)
                .cloned()
                .ok_or_else(|| out_of_bounds(0))?;
            Ok(NativeStart::forced(first))
        }),
        BuiltinDef::sync(
            "tail",
            1,
            "A list without its first element.",
            |mut args| {
                let list = arg(&mut args, 0);
                let list = list.as_list()?;
                if list.is_empty() {
                    return Err(ErrorKind::Other("'tail' called on an empty list".into()));
                }
                Ok(Value::List(list.skip(1)))
            },
        ),
        BuiltinDef::native_untyped(
            "elemAt",
            2,
            "The element of a list at an index.",
            |mut args| {
                let list = arg(&mut args, 0);
                let index = arg(&mut args, 1).as_int()?;
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
        BuiltinDef::sync(
            "map",
            2,
            "Apply a function to each element of a list.",
            |mut args| {
                let f = arg(&mut args, 0);
                let list = arg(&mut args, 1);
                let list = list.as_list()?;
                if list.is_empty() {
                    return Ok(Value::List(list.clone()));
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
        )
        .lazy_arg(0),
        BuiltinDef::sync(
            "attrNames",
            1,
            "The names of a set's attributes, sorted.",
            |mut args| {
                let set = arg(&mut args, 0);
                let set = set.as_attrs()?;
                crate::limits::charge_list(set.len())?;
                let names: NixList = set
                    .keys()
                    .map(|k| Value::String(k.clone()))
                    .collect();
                Ok(Value::List(names))
            },
        ),
        BuiltinDef::sync(
            "attrValues",
            1,
            "The values of a set's attributes, sorted by name.",
            |mut args| {
                let set = arg(&mut args, 0);
                let set = set.as_attrs()?;
                crate::limits::charge_list(set.len())?;
                let values: NixList = set.values().cloned().collect();
                Ok(Value::List(values))
            },
        ),
        BuiltinDef::sync(
            "hasAttr",
            2,
            "Whether a set has an attribute.",
            |mut args| {
                let name = arg(&mut args, 0);
                let set = arg(&mut args, 1);
                Ok(Value::Bool(
                    set.as_attrs()?
                        .contains(name.as_str()?.require_no_context()?.as_bytes()),
                ))
            },
        ),
        BuiltinDef::generator_untyped("getAttr", 2, "An attribute of a set.", |co, mut args| {
            Box::pin(async move {
                let name = arg(&mut args, 0);
                let set = arg(&mut args, 1);
                let name = name.as_str()?.require_no_context()?;
                match set.as_attrs()?.get(name.as_bytes()) {
                    Some(v) => Ok(force(&co, v.clone()).await),
                    None => Err(ErrorKind::AttributeMissing {
                        name: name.to_string(),
                    }),
                }
            })
        }),
        BuiltinDef::sync(
            "seq",
            2,
            "Force the first argument, return the second.",
            |mut args| Ok(arg(&mut args, 1)),
        )
        .lazy_arg(1),
        BuiltinDef::generator_untyped(
            "deepSeq",
            2,
            "Force the first argument deeply, return the second.",
            |co, mut args| {
                Box::pin(async move {
                    deep_force(&co, arg(&mut args, 0)).await;
                    Ok(force(&co, arg(&mut args, 1)).await)
                })
            },
        )
        .lazy_arg(1),
        BuiltinDef::generator_untyped(
            "tryEval",
            1,
            "Evaluate, catching `throw` and failed assertions.",
            |co, mut args| {
                Box::pin(async move {
                    let (success, value) = match try_force(&co, arg(&mut args, 0)).await {
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
        )
        .lazy_arg(0),
    ]
}
