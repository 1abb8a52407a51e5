//! `derivationStrict`, and `derivation` built on it: the attributes of a
//! derivation read as C++ Nix reads them (every attribute coerced to a
//! string for the builder's environment, or written as JSON into
//! `__json` with `__structuredAttrs`; `args`, `builder`, `system`,
//! `outputs` and the fixed-output attributes understood), the inputs
//! taken from the strings' contexts, and the paths computed by
//! [`crate::store`]. `derivation` is Nix code (`derivation.nix` below),
//! as in C++ Nix: it calls `derivationStrict` and makes one set per output.

use super::support::{force_attrs, force_list, force_string};
use super::EvalState;
use crate::errors::{ErrorKind, Warning, WarningKind};
use crate::hash::{parse_hash, Algo};
use crate::output::json::write_json_string;
use crate::store::aterm::{Derivation, Output};
use crate::store::derivation::FixedOutput;
use crate::store::path::{is_derivation, name_error, Hash, Method};
use crate::store::Store;
use crate::value::{
    BuiltinDef, ContextElement, ContextUnion, Lazy, NixAttrs, NixContext, NixString, Value,
};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{force, warn, GenCo};
use std::collections::BTreeSet;
use std::rc::Rc;

/// Attributes that `__structuredAttrs` replaces by `outputChecks`.
const LEGACY_CHECKS: &[&str] = &[
    "allowedReferences",
    "allowedRequisites",
    "disallowedReferences",
    "disallowedRequisites",
    "maxClosureSize",
    "maxSize",
];

/// What the attributes say beyond the environment.
#[derive(Default)]
struct Special {
    outputs: Option<Vec<Vec<u8>>>,
    output_hash: Option<Vec<u8>>,
    output_hash_algo: Option<Vec<u8>>,
    hash_mode: Option<Method>,
}

fn error(message: String) -> ErrorKind {
    ErrorKind::InvalidDerivation(message)
}

fn hash_mode(mode: &[u8]) -> Result<Method, ErrorKind> {
    match mode {
        b"recursive" => Ok(Method::Recursive),
        b"flat" => Ok(Method::Flat),
        other => Err(error(format!(
            "invalid value '{}' for 'outputHashMode' attribute",
            String::from_utf8_lossy(other)
        ))),
    }
}

/// The output names, checked as C++ Nix checks them.
fn check_outputs(outputs: &[Vec<u8>]) -> Result<BTreeSet<String>, ErrorKind> {
    let mut names = BTreeSet::new();
    for output in outputs {
        let name = String::from_utf8_lossy(output).into_owned();
        if names.contains(&name) {
            return Err(error(format!("duplicate derivation output '{name}'")));
        }
        if name == "drvPath" {
            return Err(error("invalid derivation output name 'drvPath'".into()));
        }
        names.insert(name);
    }
    if names.is_empty() {
        return Err(error(
            "derivation cannot have an empty set of outputs".into(),
        ));
    }
    Ok(names)
}

/// A string attribute that must not refer to store paths.
async fn string_without_context(co: &GenCo, value: Value) -> Result<Vec<u8>, ErrorKind> {
    let s = force_string(co, value).await?;
    Ok(s.require_no_context()?.as_bytes().to_vec())
}

/// Reads one attribute the way `__structuredAttrs` does: its JSON, and
/// the strings of the special attributes.
async fn structured_attribute(
    co: &GenCo,
    key: &[u8],
    value: Value,
    drv: &mut Derivation,
    special: &mut Special,
    context: &mut ContextUnion,
) -> Result<(), ErrorKind> {
    match key {
        b"builder" => {
            let s = force_string(co, value).await?;
            context.add(&s);
            drv.builder = s.as_bytes().to_vec();
        }
        b"system" => drv.system = string_without_context(co, value).await?,
        b"outputHash" => special.output_hash = Some(string_without_context(co, value).await?),
        b"outputHashAlgo" => {
            special.output_hash_algo = Some(string_without_context(co, value).await?)
        }
        b"outputHashMode" => {
            special.hash_mode = Some(hash_mode(&string_without_context(co, value).await?)?)
        }
        b"outputs" => {
            let list = force_list(co, value).await?;
            let mut outputs = Vec::with_capacity(list.len());
            for output in list.iter() {
                outputs.push(string_without_context(co, output.clone()).await?);
            }
            check_outputs(&outputs)?;
            special.outputs = Some(outputs);
        }
        _ => {}
    }
    Ok(())
}

/// Reads one attribute into the environment and what it means.
fn env_attribute(
    key: &[u8],
    s: &NixString,
    drv: &mut Derivation,
    special: &mut Special,
) -> Result<(), ErrorKind> {
    let bytes = s.as_bytes().to_vec();
    match key {
        b"builder" => drv.builder = bytes.clone(),
        b"system" => drv.system = bytes.clone(),
        b"outputHash" => special.output_hash = Some(bytes.clone()),
        b"outputHashAlgo" => special.output_hash_algo = Some(bytes.clone()),
        b"outputHashMode" => special.hash_mode = Some(hash_mode(&bytes)?),
        b"outputs" => {
            let outputs: Vec<Vec<u8>> = bytes
                .split(|c| b" \t\n\r".contains(c))
                .filter(|w| !w.is_empty())
                .map(<[u8]>::to_vec)
                .collect();
            check_outputs(&outputs)?;
            special.outputs = Some(outputs);
        }
        _ => {}
    }
    drv.env.insert(key.to_vec(), bytes);
    Ok(())
}

/// A Boolean attribute, false when absent.
async fn flag(co: &GenCo, attrs: &NixAttrs, name: &str) -> Result<bool, ErrorKind> {
    match attrs.get_str(name) {
        Some(v) => force(co, v.clone()).await.as_bool(),
        None => Ok(false),
    }
}

/// The inputs the strings' contexts bring: plain paths are sources,
/// single outputs input derivations, and a derivation with all its
/// outputs its whole closure (every derivation in it with all outputs).
fn add_inputs(store: &Store, drv: &mut Derivation, context: &NixContext) -> Result<(), ErrorKind> {
    for element in context.iter() {
        match element {
            ContextElement::Path(path) => {
                drv.input_srcs.insert(path.to_string());
            }
            ContextElement::Output { drv: path, output } => {
                drv.input_drvs
                    .entry(path.to_string())
                    .or_default()
                    .insert(output.to_string());
            }
            ContextElement::AllOutputs(path) => {
                for reference in store.closure(path)? {
                    if is_derivation(&reference) {
                        let outputs = store.output_names(&reference)?;
                        drv.input_drvs
                            .entry(reference.clone())
                            .or_default()
                            .extend(outputs);
                    }
                    drv.input_srcs.insert(reference);
                }
            }
        }
    }
    Ok(())
}

/// The declared output of a fixed-output derivation.
fn fixed_output(special: &Special, outputs: &BTreeSet<String>) -> Result<FixedOutput, ErrorKind> {
    if outputs.len() != 1 || !outputs.contains("out") {
        return Err(error(
            "multiple outputs are not supported in fixed-output derivations".into(),
        ));
    }
    let algo = match special.output_hash_algo.as_deref() {
        None | Some(b"") => None,
        Some(name) => Some(Algo::parse(name)?),
    };
    let hash = special.output_hash.as_deref().unwrap_or_default();
    let (algo, digest) = if hash.is_empty() {
        let algo =
            algo.ok_or_else(|| error("empty hash requires explicit hash algorithm".into()))?;
        (algo, vec![0; algo.size()])
    } else {
        parse_hash(hash, algo)?
    };
    Ok(FixedOutput {
        method: special.hash_mode.unwrap_or(Method::Flat),
        hash: Hash { algo, digest },
    })
}

/// `derivationStrict ATTRS`: `{ drvPath; <output> = path; ... }`.
async fn derivation_strict(co: &GenCo, state: &EvalState, args: Value) -> Result<Value, ErrorKind> {
    let attrs = force_attrs(co, args).await?;
    let name = attrs
        .get(b"name")
        .cloned()
        .ok_or_else(|| ErrorKind::AttributeMissing {
            name: "name".into(),
        })?;
    let name = string_without_context(co, name).await?;
    if let Some(reason) = name_error(&name) {
        return Err(error(format!(
            "invalid derivation name: name '{}' {reason}. Please pass a different 'name'.",
            String::from_utf8_lossy(&name)
        )));
    }
    let structured = flag(co, &attrs, "__structuredAttrs").await?;
    let ignore_nulls = flag(co, &attrs, "__ignoreNulls").await?;
    let mut drv = Derivation {
        name: name.clone(),
        ..Derivation::default()
    };
    let mut special = Special::default();
    let mut context = ContextUnion::default();
    let mut json = b"{".to_vec();
    for (key, value) in attrs.iter() {
        let key = key.as_bytes();
        if key == b"__ignoreNulls" {
            continue;
        }
        let value = force(co, value.clone()).await;
        if ignore_nulls && matches!(value, Value::Null) {
            continue;
        }
        if key == b"__contentAddressed" && value.as_bool()? {
            // Experimental in C++ Nix (`ca-derivations`): not computed here.
            return Err(error(
                "content-addressed derivations (__contentAddressed) are not supported".into(),
            ));
        }
        if key == b"__impure" && value.as_bool()? {
            // Experimental in C++ Nix (`impure-derivations`).
            return Err(error(
                "impure derivations (__impure) are not supported".into(),
            ));
        }
        if key == b"args" {
            for element in force_list(co, value).await?.iter() {
                let s = coerce_to_string(co, element.clone(), CoercionKind::Derivation).await?;
                context.add(&s);
                drv.args.push(s.as_bytes().to_vec());
            }
        } else if structured {
            if key == b"__structuredAttrs" {
                continue;
            }
            if let Some(check) = LEGACY_CHECKS.iter().find(|c| c.as_bytes() == key) {
                let message = format!(
                    "'structuredAttrs' disables the effect of the derivation attribute '{check}'; use 'outputChecks.<output>.{check}' instead"
                );
                let kind = WarningKind::Derivation {
                    name: String::from_utf8_lossy(&name).into_owned(),
                    message,
                };
                let span = attrs.position(key).and_then(|pos| state.sources.span(pos));
                match span {
                    Some(span) => state.warnings.push(Warning {
                        kind,
                        span: Some(span),
                    }),
                    None => warn(co, kind).await,
                }
            }
            if json.len() > 1 {
                json.push(b',');
            }
            write_json_string(&mut json, key)?;
            json.push(b':');
            let value_json =
                crate::output::json::serialize_with_context(co, value.clone(), &mut context, true)
                    .await?;
            json.extend_from_slice(&value_json);
            structured_attribute(co, key, value, &mut drv, &mut special, &mut context).await?;
        } else {
            let s = coerce_to_string(co, value, CoercionKind::Derivation).await?;
            context.add(&s);
            env_attribute(key, &s, &mut drv, &mut special)?;
        }
    }
    if structured {
        json.push(b'}');
        drv.env.insert(b"__json".to_vec(), json);
    }
    if let Some(context) = context.finish() {
        add_inputs(&state.store, &mut drv, &context)?;
    }
    if drv.builder.is_empty() {
        return Err(error("required attribute 'builder' missing".into()));
    }
    if drv.system.is_empty() {
        return Err(error("required attribute 'system' missing".into()));
    }
    if is_derivation(&String::from_utf8_lossy(&name)) {
        return Err(error(
            "derivation names are not allowed to end in '.drv'".into(),
        ));
    }
    let outputs = match &special.outputs {
        Some(outputs) => check_outputs(outputs)?,
        None => ["out".to_string()].into_iter().collect(),
    };
    let fixed = match special.output_hash {
        Some(_) => Some(fixed_output(&special, &outputs)?),
        None => None,
    };
    for output in &outputs {
        drv.outputs.insert(output.clone(), Output::default());
    }
    let (drv_path, drv) = state.store.add_derivation(drv, fixed)?;
    let all: NixContext = [ContextElement::AllOutputs(drv_path.as_str().into())]
        .into_iter()
        .collect();
    let mut result: Vec<(NixString, Value)> = vec![(
        NixString::from("drvPath"),
        Value::String(NixString::new_with_context(&drv_path, Some(Rc::new(all)))),
    )];
    for (output, info) in &drv.outputs {
        let element = ContextElement::Output {
            drv: drv_path.as_str().into(),
            output: output.as_str().into(),
        };
        let context: NixContext = [element].into_iter().collect();
        result.push((
            NixString::from(output.as_str()),
            Value::String(NixString::new_with_context(
                &info.path,
                Some(Rc::new(context)),
            )),
        ));
    }
    Ok(Value::Attrs(result.into_iter().collect()))
}

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let state = state.clone();
    vec![BuiltinDef::generator(
        "derivationStrict",
        "The derivation an attribute set describes: its `drvPath` and the path of each output.",
        move |co, (Lazy(attributes),): (Lazy,)| {
            let state = state.clone();
            Box::pin(async move { derivation_strict(&co, &state, attributes).await })
        },
    )]
}

/// `derivation`: `derivation.nix`, imported when first used.
pub(super) fn derivation_value(import: Value) -> Value {
    super::apply_thunk(
        import,
        Value::path(super::corepkgs::corepkg_path("derivation.nix")),
    )
}
