//! The string context builtins: `hasContext`, `getContext`,
//! `appendContext`, `unsafeDiscardStringContext`,
//! `unsafeDiscardOutputDependency` and `addDrvOutputDependencies`, with
//! the results and errors of C++ Nix.
//!
//! `getContext` describes a context as a set keyed by store path:
//! `{ "/nix/store/…" = { path = true; allOutputs = true; outputs = [ … ]; }; }`
//! (only the attributes that apply); `appendContext` takes the same shape.

use super::support::{force_attrs, force_list, force_string};
use crate::errors::{ErrorKind, StringContextError};
use crate::store::path::{is_derivation as is_derivation_path, StoreDir};
use crate::value::{BuiltinDef, ContextElement, NixAttrs, NixContext, NixList, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{force, GenCo};
use std::collections::BTreeMap;
use std::rc::Rc;

/// What `getContext` says about one store path.
#[derive(Default)]
struct PathInfo {
    path: bool,
    all_outputs: bool,
    outputs: Vec<Box<str>>,
}

/// The set `getContext` returns for a context.
fn describe(context: Option<&Rc<NixContext>>) -> NixAttrs {
    let mut by_path: BTreeMap<&str, PathInfo> = BTreeMap::new();
    for element in context.iter().flat_map(|c| c.iter()) {
        let info = by_path.entry(element.store_path()).or_default();
        match element {
            ContextElement::Path(_) => info.path = true,
            ContextElement::AllOutputs(_) => info.all_outputs = true,
            ContextElement::Output { output, .. } => info.outputs.push(output.clone()),
        }
    }
    by_path
        .into_iter()
        .map(|(path, info)| {
            let mut entries: Vec<(NixString, Value)> = Vec::with_capacity(3);
            if info.all_outputs {
                entries.push(("allOutputs".into(), Value::Bool(true)));
            }
            if !info.outputs.is_empty() {
                let outputs: NixList = info
                    .outputs
                    .iter()
                    .map(|o| Value::string(o.as_ref()))
                    .collect();
                entries.push(("outputs".into(), Value::List(outputs)));
            }
            if info.path {
                entries.push(("path".into(), Value::Bool(true)));
            }
            let entries: NixAttrs = entries.into_iter().collect();
            (NixString::from(path), Value::Attrs(entries))
        })
        .collect()
}

fn error(error: StringContextError) -> ErrorKind {
    ErrorKind::StringContext(error)
}

/// Reads `appendContext`'s description of the context of one store path.
async fn read_path_info(
    co: &GenCo,
    store_dir: &StoreDir,
    path: &NixString,
    info: Value,
    into: &mut NixContext,
) -> Result<(), ErrorKind> {
    let name = path.to_str_lossy();
    if !store_dir.is_store_path(&name) {
        return Err(error(StringContextError::NotAStorePath(name.into_owned())));
    }
    let info = force_attrs(co, info).await?;
    if let Some(flag) = info.get(b"path") {
        if force(co, flag.clone()).await.as_bool()? {
            into.insert(ContextElement::Path(name.as_ref().into()));
        }
    }
    if let Some(flag) = info.get(b"allOutputs") {
        if force(co, flag.clone()).await.as_bool()? {
            if !is_derivation_path(&name) {
                return Err(error(StringContextError::AllOutputsOfNonDerivation(
                    name.into_owned(),
                )));
            }
            into.insert(ContextElement::AllOutputs(name.as_ref().into()));
        }
    }
    if let Some(outputs) = info.get(b"outputs") {
        let outputs = force_list(co, outputs.clone()).await?;
        if !outputs.is_empty() && !is_derivation_path(&name) {
            return Err(error(StringContextError::OutputsOfNonDerivation(
                name.into_owned(),
            )));
        }
        for output in outputs.iter() {
            let output = force_string(co, output.clone()).await?;
            output.require_no_context()?;
            into.insert(ContextElement::Output {
                drv: name.as_ref().into(),
                output: output.to_str_lossy().as_ref().into(),
            });
        }
    }
    Ok(())
}

/// `addDrvOutputDependencies`: the one element of the context, a
/// derivation, with all its outputs.
fn with_all_outputs(s: &NixString) -> Result<NixString, ErrorKind> {
    let count = s.context().map_or(0, |c| c.len());
    let element = match s.context().and_then(|c| c.iter().next()) {
        Some(element) if count == 1 => element,
        _ => {
            return Err(error(StringContextError::NotOneElement {
                string: s.to_string(),
                count,
            }))
        }
    };
    let deep = match element {
        ContextElement::Path(p) if is_derivation_path(p) => ContextElement::AllOutputs(p.clone()),
        ContextElement::Path(p) => {
            return Err(error(StringContextError::NotADerivation(p.to_string())))
        }
        ContextElement::AllOutputs(_) => element.clone(),
        ContextElement::Output { output, .. } => {
            return Err(error(StringContextError::OutputNotDerivation(
                output.to_string(),
            )))
        }
    };
    let context: NixContext = [deep].into_iter().collect();
    Ok(s.with_context(Some(Rc::new(context))))
}

/// `unsafeDiscardOutputDependency`: derivations with all their outputs
/// become plain paths of the derivations.
fn without_output_dependencies(s: &NixString) -> NixString {
    let Some(context) = s.context() else {
        return s.clone();
    };
    if !context
        .iter()
        .any(|e| matches!(e, ContextElement::AllOutputs(_)))
    {
        return s.clone();
    }
    let context: NixContext = context
        .iter()
        .map(|e| match e {
            ContextElement::AllOutputs(drv) => ContextElement::Path(drv.clone()),
            other => other.clone(),
        })
        .collect();
    s.with_context(Some(Rc::new(context)))
}

pub(super) fn builtins(state: &super::EvalState) -> Vec<BuiltinDef> {
    let store_dir = state.store.dir().clone();
    vec![
        BuiltinDef::plain(
            "hasContext",
            "Whether a string has a context (refers to store paths).",
            |(s,): (NixString,)| Ok(Value::Bool(s.has_context())),
        ),
        BuiltinDef::plain(
            "getContext",
            "The context of a string, as a set keyed by store path.",
            |(s,): (NixString,)| Ok(Value::Attrs(describe(s.context()))),
        ),
        BuiltinDef::generator(
            "appendContext",
            "The string with a context added (described as `getContext` describes one).",
            move |co, (s, paths): (NixString, NixAttrs)| {
                let store_dir = store_dir.clone();
                Box::pin(async move {
                    let mut added = NixContext::new();
                    for (path, info) in paths.iter() {
                        read_path_info(&co, &store_dir, path, info.clone(), &mut added).await?;
                    }
                    if added.is_empty() {
                        return Ok(Value::String(s.clone()));
                    }
                    if let Some(own) = s.context() {
                        added.extend(own);
                    }
                    Ok(Value::String(s.with_context(Some(Rc::new(added)))))
                })
            },
        ),
        BuiltinDef::generator(
            "unsafeDiscardStringContext",
            "The string without its context.",
            |co, (s,): (Value,)| {
                Box::pin(async move {
                    let s = coerce_to_string(&co, s, CoercionKind::Interpolation)
                        .await?;
                    Ok(Value::String(s.without_context()))
                })
            },
        ),
        BuiltinDef::generator(
            "unsafeDiscardOutputDependency",
            "The string with each derivation of its context that brings all its outputs made a plain path.",
            |co, (s,): (Value,)| {
                Box::pin(async move {
                    let s = coerce_to_string(&co, s, CoercionKind::Interpolation)
                        .await?;
                    Ok(Value::String(without_output_dependencies(&s)))
                })
            },
        ),
        BuiltinDef::generator(
            "addDrvOutputDependencies",
            "The string whose context is one derivation, made to bring all the derivation's outputs.",
            |co, (s,): (Value,)| {
                Box::pin(async move {
                    let s = coerce_to_string(&co, s, CoercionKind::Interpolation)
                        .await?;
                    Ok(Value::String(with_all_outputs(&s)?))
                })
            },
        ),
    ]
}
