//! `builtins.toXML` (the writer is `crate::output::xml`).

use super::EvalState;
use crate::output::xml::to_xml_with_context;
use crate::value::{BuiltinDef, ContextUnion, NixString, Value};
use std::rc::Rc;

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let state = state.clone();
    vec![BuiltinDef::generator(
        "toXML",
        "A value as an XML document (forced completely).",
        move |co, (value,): (Value,)| {
            let state = state.clone();
            Box::pin(async move {
                let mut context = ContextUnion::default();
                let xml = to_xml_with_context(&co, &state, value, true, None, &mut context).await?;
                Ok(Value::String(NixString::new_with_context(
                    xml,
                    context.finish(),
                )))
            })
        },
    )]
}
