//! Attribute-set builtins that build sets: `listToAttrs`, `mapAttrs`,
//! `removeAttrs`, `intersectAttrs`, `catAttrs`, `zipAttrsWith`. (The
//! accessors `attrNames`, `getAttr`... are in `core.rs`.)
//!
//! Values stay lazy as in C++ Nix: `mapAttrs` and `zipAttrsWith` produce
//! unevaluated applications, `listToAttrs` does not force `value`.

use super::apply_thunk;
use super::support::{force_attrs, force_string};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Function, Lazy, NixAttrs, NixList, NixString, Value};
use std::collections::{BTreeMap, HashSet};

fn missing_for(name: &'static str, function: &'static str) -> ErrorKind {
    ErrorKind::AttributeMissingInArgument { name, function }
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::generator(
            "listToAttrs",
            "A set from a list of `{ name, value }` sets; the first occurrence of a name wins.",
            |co, (list,): (NixList,)| {
                Box::pin(async move {
                    crate::limits::charge_lazy(list.len())?;
                    let mut seen: HashSet<NixString> = HashSet::with_capacity(list.len());
                    let mut entries = Vec::with_capacity(list.len());
                    for element in list.iter() {
                        let element = force_attrs(&co, element.clone()).await?;
                        let name = element.get(b"name").ok_or_else(|| missing_for("name", "listToAttrs"))?;
                        let name = force_string(&co, name.clone()).await?;
                        name.require_no_context()?;
                        if seen.contains(&name) {
                            continue;
                        }
                        let value = element.get(b"value").ok_or_else(|| missing_for("value", "listToAttrs"))?;
                        seen.insert(name.clone());
                        // Positioned where `value` was written, as in Nix.
                        entries.push((name, value.clone(), element.position(b"value")));
                    }
                    // Names are unique: repeats were skipped.
                    Ok(Value::Attrs(NixAttrs::from_unique_with_positions(entries).unwrap_or_default()))
                })
            },
        ),
        BuiltinDef::plain("mapAttrs", "`mapAttrs f set`: each value `v` of `name` becomes `f name v` (lazily).", |(Lazy(f), set): (Lazy, NixAttrs)| {
            crate::limits::charge_lazy(set.len().saturating_mul(2))?;
            let mapped: NixAttrs = set
                .iter()
                .map(|(name, value)| {
                    let partial = apply_thunk(f.clone(), Value::String(name.clone()));
                    (name.clone(), apply_thunk(partial, value.clone()))
                })
                .collect();
            Ok(Value::Attrs(mapped))
        }),
        BuiltinDef::generator("removeAttrs", "A set without the attributes named in a list.", |co, (set, names): (NixAttrs, NixList)| {
            Box::pin(async move {
                let mut remove: HashSet<NixString> = HashSet::new();
                for name in names.iter() {
                    let name = force_string(&co, name.clone()).await?;
                    name.require_no_context()?;
                    remove.insert(name);
                }
                if remove.len() * 4 < set.len() {
                    let mut result = set.clone();
                    for name in &remove {
                        if result.contains(name.as_bytes()) {
                            result = result.remove(name.as_bytes());
                        }
                    }
                    return Ok(Value::Attrs(result));
                }
                Ok(Value::Attrs(set.filter_keys(|k| !remove.contains(k))))
            })
        }),
        BuiltinDef::plain(
            "intersectAttrs",
            "The attributes of the second set whose names are in the first.",
            |(names, set): (NixAttrs, NixAttrs)| {
                // The second set's values, with their positions, as Nix.
                let result: NixAttrs = if names.len() < set.len() {
                    NixAttrs::from_sorted_unique(
                        names
                            .keys()
                            .filter_map(|k| {
                                let value = set.get(k.as_bytes())?.clone();
                                Some((k.clone(), value, set.position(k.as_bytes())))
                            })
                            .collect(),
                    )
                } else {
                    set.filter_keys(|k| names.contains(k))
                };
                Ok(Value::Attrs(result))
            },
        ),
        BuiltinDef::generator(
            "catAttrs",
            "The values of an attribute in each set of a list that has it.",
            |co, (name, list): (NixString, Value)| {
                Box::pin(async move {
                    let name = name.require_no_context()?.clone();
                    let mut found = Vec::new();
                    for element in list.as_list()?.iter() {
                        let element = force_attrs(&co, element.clone()).await?;
                        if let Some(v) = element.get(name.as_bytes()) {
                            found.push(v.clone());
                        }
                    }
                    Ok(Value::List(NixList::from(found)))
                })
            },
        ),
        BuiltinDef::generator(
            "zipAttrsWith",
            "`zipAttrsWith f sets`: for each name in any of the sets, `f name [values...]` (lazily).",
            |co, (Function(f), list): (Function, NixList)| {
                Box::pin(async move {
                    let mut zipped: BTreeMap<NixString, Vec<Value>> = BTreeMap::new();
                    for element in list.iter() {
                        let element = force_attrs(&co, element.clone()).await?;
                        for (k, v) in element.iter() {
                            zipped.entry(k.clone()).or_default().push(v.clone());
                        }
                    }
                    let result: NixAttrs = zipped
                        .into_iter()
                        .map(|(name, values)| {
                            let partial = apply_thunk(f.clone(), Value::String(name.clone()));
                            (name, apply_thunk(partial, Value::List(NixList::from(values))))
                        })
                        .collect();
                    Ok(Value::Attrs(result))
                })
            },
        ),
    ]
}
