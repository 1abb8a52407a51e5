//! Attribute-set builtins that build sets: `listToAttrs`, `mapAttrs`,
//! `removeAttrs`, `intersectAttrs`, `catAttrs`, `zipAttrsWith`. (The
//! accessors `attrNames`, `getAttr`... are in `core.rs`.)
//!
//! Values stay lazy as in C++ Nix: `mapAttrs` and `zipAttrsWith` produce
//! unevaluated applications, `listToAttrs` does not force `value`.

use super::apply_thunk;
use super::support::with_forced_elements;
use crate::errors::ErrorKind;
use crate::value::{interned, BuiltinDef, Function, Lazy, NixAttrs, NixList, NixString, Value};
use crate::vm::native::{NativeFrame, NativeStart, Step};
use std::collections::BTreeMap;

fn missing_for(name: &'static str, function: &'static str) -> ErrorKind {
    ErrorKind::AttributeMissingInArgument { name, function }
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::native(
            "listToAttrs",
            "A set from a list of `{ name, value }` sets; the first occurrence of a name wins.",
            |(list,): (NixList,)| {
                let mut building = ListToAttrs {
                    set: SetFromList::with_capacity(list.len()),
                    list,
                    next: 0,
                    element: None,
                    pending: None,
                };
                // Evaluated elements and names (the common case) are
                // taken at once; the first one to force starts the frame,
                // which goes on from there.
                match building.scan()? {
                    None => Ok(NativeStart::Value(building.finish()?)),
                    Some(step) => {
                        crate::limits::charge_lazy(building.list.len())?;
                        building.pending = Some(step);
                        Ok(NativeStart::Frame(Box::new(building)))
                    }
                }
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
        BuiltinDef::native("removeAttrs", "A set without the attributes named in a list.", |(set, names): (NixAttrs, NixList)| {
            with_forced_elements(names, attribute_name, move |names| {
                Ok(Value::Attrs(without_names(&set, names)))
            })
        }),
        BuiltinDef::plain(
            "intersectAttrs",
            "The attributes of the second set whose names are in the first.",
            |(names, set): (NixAttrs, NixAttrs)| {
                // The second set's values, with their positions, as Nix.
                let result: NixAttrs = if names.len() < set.len() {
                    NixAttrs::from_sorted_unique(names.keys().filter_map(|k| {
                        let value = set.get_name(k)?.clone();
                        Some((k.clone(), value, set.position_name(k)))
                    }))
                } else {
                    set.filter_keys(|k| names.contains(k))
                };
                Ok(Value::Attrs(result))
            },
        ),
        BuiltinDef::native(
            "catAttrs",
            "The values of an attribute in each set of a list that has it.",
            |(name, list): (NixString, Value)| {
                let name = name.require_no_context()?.clone();
                with_forced_elements(list.as_list()?.clone(), set_element, move |sets| {
                    Ok(attribute_values(&name, &sets))
                })
            },
        ),
        BuiltinDef::native(
            "zipAttrsWith",
            "`zipAttrsWith f sets`: for each name in any of the sets, `f name [values...]` (lazily).",
            |(Function(f), list): (Function, NixList)| {
                with_forced_elements(list, set_element, move |sets| Ok(zip_attrs_with(&f, &sets)))
            },
        ),
    ]
}

/// An element of a list of attribute names (`removeAttrs`): a string
/// without context.
fn attribute_name(value: Value) -> Result<NixString, ErrorKind> {
    let name = value.as_str()?;
    name.require_no_context()?;
    Ok(name.clone())
}

/// An element of a list of sets.
fn set_element(value: Value) -> Result<NixAttrs, ErrorKind> {
    value.as_attrs().cloned()
}

/// `set` without the attributes in `names`: the set itself when it has
/// none of them; a few removals from a large set; else one pass keeping
/// the other names (`names` sorted, searched by halving). No hashing:
/// `removeAttrs` is called tens of thousands of times by the module
/// system, mostly with a few names.
fn without_names(set: &NixAttrs, mut names: Vec<NixString>) -> NixAttrs {
    names.retain(|name| set.get_name(name).is_some());
    if names.is_empty() {
        return set.clone();
    }
    names.sort_unstable();
    names.dedup();
    if names.len() * 4 < set.len() {
        let mut result = set.clone();
        for name in &names {
            result = result.remove(name.as_bytes());
        }
        return result;
    }
    set.filter_keys(|key| {
        names
            .binary_search_by(|name| name.as_bytes().cmp(key))
            .is_err()
    })
}

/// `catAttrs name sets`: the values of `name` in the sets that have it.
fn attribute_values(name: &NixString, sets: &[NixAttrs]) -> Value {
    let found: Vec<Value> = sets
        .iter()
        .filter_map(|set| set.get_name(name).cloned())
        .collect();
    Value::List(NixList::from(found))
}

/// `zipAttrsWith f sets`: for each name, the lazy `f name values`.
fn zip_attrs_with(f: &Value, sets: &[NixAttrs]) -> Value {
    let mut zipped: BTreeMap<NixString, Vec<Value>> = BTreeMap::new();
    for set in sets {
        for (name, value) in set.iter() {
            zipped.entry(name.clone()).or_default().push(value.clone());
        }
    }
    // In key order already: no sorting, no checking for repeats.
    let entries = zipped.into_iter().map(|(name, values)| {
        let partial = apply_thunk(f.clone(), Value::String(name.clone()));
        let value = apply_thunk(partial, Value::List(NixList::from(values)));
        (name, value, None)
    });
    Value::Attrs(NixAttrs::from_sorted_unique(entries))
}

/// The `name` of an element of `listToAttrs`'s list.
fn name_of(element: &NixAttrs) -> Result<&Value, ErrorKind> {
    element
        .get_name(&interned!("name"))
        .ok_or_else(|| missing_for("name", "listToAttrs"))
}

/// `listToAttrs` as a native frame: each element forced in turn, then its
/// `name`, in the order of the list, as C++ Nix does; elements and names
/// already evaluated are taken without a step.
struct ListToAttrs {
    list: NixList,
    /// The element to take next.
    next: usize,
    set: SetFromList,
    /// The element whose name is being forced.
    element: Option<NixAttrs>,
    /// The first step, taken when the frame starts.
    pending: Option<Step>,
}

impl ListToAttrs {
    /// Takes elements until one (or its name) must be forced: that step,
    /// or `None` at the end of the list.
    fn scan(&mut self) -> Result<Option<Step>, ErrorKind> {
        while let Some(element) = self.list.get(self.next) {
            match element.forced() {
                Some(element) => {
                    if let Some(step) = self.take(element)? {
                        return Ok(Some(step));
                    }
                }
                None => return Ok(Some(Step::Force(element.clone()))),
            }
        }
        Ok(None)
    }

    /// Takes the evaluated element `element`, unless its name must be
    /// forced first: then that step.
    fn take(&mut self, element: Value) -> Result<Option<Step>, ErrorKind> {
        let element = element.as_attrs()?.clone();
        let name = name_of(&element)?;
        match name.forced() {
            Some(name) => {
                self.set.add(&element, name.as_str()?.clone())?;
                self.next += 1;
                Ok(None)
            }
            None => {
                let step = Step::Force(name.clone());
                self.element = Some(element);
                Ok(Some(step))
            }
        }
    }

    fn finish(&mut self) -> Result<Value, ErrorKind> {
        crate::limits::charge_lazy(self.list.len())?;
        Ok(std::mem::take(&mut self.set).finish())
    }
}

impl NativeFrame for ListToAttrs {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        if let Some(step) = self.pending.take() {
            return Ok(step);
        }
        // `input` is the forced name of the element being taken, or else
        // the forced element.
        match self.element.take() {
            Some(element) => {
                self.set.add(&element, input.as_str()?.clone())?;
                self.next += 1;
            }
            None => {
                if let Some(step) = self.take(input)? {
                    return Ok(step);
                }
            }
        }
        match self.scan()? {
            Some(step) => Ok(step),
            None => Ok(Step::Done(std::mem::take(&mut self.set).finish())),
        }
    }
}

/// The set `listToAttrs` builds, element by element (each a set whose
/// name is evaluated), in the order of the list: the first occurrence of
/// a name wins, and later ones are not looked at further (they need no
/// `value`).
#[derive(Default)]
struct SetFromList {
    /// Every named element, in list order; repeats are dropped when the
    /// set is built (sorting is needed then anyway, and a stable sort
    /// keeps the first of each name first), which costs less than hashing
    /// each name on the way.
    entries: Vec<(NixString, Value, Option<crate::value::SourcePos>)>,
}

impl SetFromList {
    fn with_capacity(capacity: usize) -> Self {
        SetFromList {
            entries: Vec::with_capacity(capacity),
        }
    }

    fn add(&mut self, element: &NixAttrs, name: NixString) -> Result<(), ErrorKind> {
        name.require_no_context()?;
        let value_name = interned!("value");
        let Some(value) = element.get_name(&value_name) else {
            // As in Nix, only the first element of a name needs a value.
            if self.entries.iter().any(|(seen, ..)| *seen == name) {
                return Ok(());
            }
            return Err(missing_for("value", "listToAttrs"));
        };
        // Positioned where `value` was written, as in Nix.
        self.entries
            .push((name, value.clone(), element.position_name(&value_name)));
        Ok(())
    }

    fn finish(mut self) -> Value {
        if !self.entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: of the elements of one name, the first stays first,
            // and it is the one kept.
            self.entries.sort_by(|a, b| a.0.cmp(&b.0));
            self.entries.dedup_by(|later, first| later.0 == first.0);
        }
        Value::Attrs(NixAttrs::from_sorted_unique(self.entries))
    }
}
