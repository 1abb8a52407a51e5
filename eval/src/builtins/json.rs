//! JSON builtins: `fromJSON` (the parser is in `json_parse.rs`) and
//! `toJSON` (the writer is `crate::output::json`).

use super::json_parse::from_json;
use crate::output::json::serialize_with_context;
use crate::value::{BuiltinDef, ContextUnion, NixString, Value};

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::plain(
            "fromJSON",
            "The Nix value of a JSON document.",
            |(s,): (NixString,)| from_json(s.require_no_context()?.as_bytes()),
        ),
        BuiltinDef::generator(
            "toJSON",
            "A value as a JSON document.",
            |co, (value,): (Value,)| {
                Box::pin(async move {
                    let mut context = ContextUnion::default();
                    let json = serialize_with_context(&co, value, &mut context, true).await?;
                    Ok(Value::String(NixString::new_with_context(
                        json,
                        context.finish(),
                    )))
                })
            },
        ),
    ]
}
