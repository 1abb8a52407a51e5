//! Introspection of where things were written: `unsafeGetAttrPos` and
//! `functionArgs` (whose attributes are positioned at the formals).

use super::EvalState;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixString, Value};
use std::rc::Rc;

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let state = state.clone();
    vec![
        BuiltinDef::plain(
            "functionArgs",
            "The formal arguments of a function: names to whether they have a default.",
            |(f,): (Value,)| function_args(&f),
        ),
        BuiltinDef::plain(
            "unsafeGetAttrPos",
            "Where an attribute was defined: `{ file, line, column }`, or null.",
            move |(name, set): (NixString, NixAttrs)| {
                let position = set.position(name.as_bytes());
                Ok(position
                    .and_then(|pos| state.sources.locate(pos))
                    .map_or(Value::Null, |location| location.to_value()))
            },
        ),
    ]
}

fn function_args(f: &Value) -> Result<Value, ErrorKind> {
    match f {
        Value::Closure(closure) => {
            let Some(formals) = closure.lambda().formals() else {
                return Ok(Value::Attrs(NixAttrs::new()));
            };
            let entries = formals
                .arguments
                .iter()
                .zip(formals.positions.iter())
                .map(|((name, has_default), pos)| (name.clone(), Value::Bool(*has_default), *pos))
                .collect();
            // Formal names are unique (the compiler rejects repeats).
            Ok(Value::Attrs(
                NixAttrs::from_unique_with_positions(entries).unwrap_or_default(),
            ))
        }
        Value::Builtin(_) => Ok(Value::Attrs(NixAttrs::new())),
        _ => Err(ErrorKind::RequiresFunction("functionArgs")),
    }
}
