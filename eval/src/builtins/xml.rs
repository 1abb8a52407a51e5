//! `builtins.toXML` (the writer is `crate::output::xml`).

use super::support::arg;
use super::EvalState;
use crate::output::xml::to_xml_with_context;
use crate::value::{BuiltinDef, ContextUnion, NixString, Value};
use std::rc::Rc;

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let state = state.clone();
    vec![BuiltinDef::generator_untyped(
        "toXML",
        1,
        "A value as an XML document (forced completely).",
        move |co, mut args| {
            let state = state.clone();
            Box::pin(async move {
                let mut context = ContextUnion::default();
                let xml =
                    to_xml_with_context(&co, &state, arg(&mut args, 0), true, None, &mut context)
                        .await?;
                Ok(Value::String(NixString::new_with_context(
                    xml,
                    context.finish(),
                )))
            })
        },
    )]
}
