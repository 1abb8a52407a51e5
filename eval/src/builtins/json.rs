//! JSON builtins: `fromJSON` (the parser is in `json_parse.rs`) and
//! `toJSON` (the writer is `crate::output::json`).

use super::json_parse::from_json;
use super::support::arg;
use crate::output::json::serialize_with_context;
use crate::value::{BuiltinDef, ContextUnion, NixString, Value};

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::sync(
            "fromJSON",
            1,
            "The Nix value of a JSON document.",
            |mut args| {
                let s = arg(&mut args, 0);
                from_json(s.as_str()?.require_no_context()?.as_bytes())
            },
        ),
        BuiltinDef::generator_untyped(
            "toJSON",
            1,
            "A value as a JSON document.",
            |co, mut args| {
                Box::pin(async move {
                    let mut context = ContextUnion::default();
                    let json =
                        serialize_with_context(&co, arg(&mut args, 0), &mut context, true).await?;
                    Ok(Value::String(NixString::new_with_context(
                        json,
                        context.finish(),
                    )))
                })
            },
        ),
    ]
}
