//! The builtins: the table of definitions and the global names the
//! compiler resolves statically. The state they share with the
//! evaluation is `crate::state::EvalState`.

mod arithmetic;
mod attrs;
mod context;
mod core;
mod corepkgs;
mod derivation;
mod flake;
mod fs;
mod hash;
mod io;
pub(crate) mod json;
mod json_parse;
mod list_frames;
mod lists;
mod misc;
mod positions;
pub mod reference;
mod regex;
mod sort;
mod store;
mod strings;
mod support;
mod toml;
mod versions;
mod xml;

pub(crate) use crate::state::EvalState;

use crate::value::{Builtin, BuiltinDef, NixAttrs, NixString, Thunk, ThunkRepr, Value};
use std::collections::HashMap;
use std::rc::Rc;

/// Names visible without `builtins.` besides `__`-prefixed ones: the
/// primops C++ Nix registers without a `__` prefix (checked against
/// `nix-instantiate` by the `global-scope` golden).
const TOP_LEVEL: &[&str] = &[
    "abort",
    "baseNameOf",
    "break",
    "derivation",
    "derivationStrict",
    "dirOf",
    "fetchGit",
    "fetchMercurial",
    "fetchTarball",
    "fetchTree",
    "fromTOML",
    "import",
    "isNull",
    "map",
    "placeholder",
    "removeAttrs",
    "scopedImport",
    "throw",
    "toString",
];

/// Every builtin defined in Rust, in registration order, then `extra`.
fn definitions(state: &Rc<EvalState>, extra: &[Rc<BuiltinDef>]) -> Vec<Rc<BuiltinDef>> {
    let mut defs: Vec<Rc<BuiltinDef>> = core::builtins(state).into_iter().map(Rc::new).collect();
    defs.extend(io::builtins(state).into_iter().map(Rc::new));
    defs.extend(arithmetic::builtins().into_iter().map(Rc::new));
    defs.extend(lists::builtins().into_iter().map(Rc::new));
    defs.extend(sort::builtins().into_iter().map(Rc::new));
    defs.extend(attrs::builtins().into_iter().map(Rc::new));
    defs.extend(strings::builtins().into_iter().map(Rc::new));
    defs.extend(context::builtins(state).into_iter().map(Rc::new));
    defs.extend(flake::builtins().into_iter().map(Rc::new));
    defs.extend(regex::builtins().into_iter().map(Rc::new));
    defs.extend(versions::builtins().into_iter().map(Rc::new));
    defs.extend(json::builtins().into_iter().map(Rc::new));
    defs.extend(toml::builtins(state).into_iter().map(Rc::new));
    defs.extend(hash::builtins(state).into_iter().map(Rc::new));
    defs.extend(fs::builtins(state).into_iter().map(Rc::new));
    defs.extend(misc::builtins(state).into_iter().map(Rc::new));
    defs.extend(positions::builtins(state).into_iter().map(Rc::new));
    defs.extend(xml::builtins(state).into_iter().map(Rc::new));
    defs.extend(store::builtins(state).into_iter().map(Rc::new));
    defs.extend(store::fetchers().into_iter().map(Rc::new));
    defs.extend(derivation::builtins(state).into_iter().map(Rc::new));
    defs.extend(extra.iter().cloned());
    defs
}

/// The global scope: `builtins`, `true`/`false`/`null`, the top-level
/// builtins and every other builtin as `__name`.
pub(crate) fn globals(state: &Rc<EvalState>, extra: &[Rc<BuiltinDef>]) -> HashMap<String, Value> {
    let defs = definitions(state, extra);
    let mut entries: Vec<(NixString, Value)> = defs
        .iter()
        .map(|d| {
            (
                NixString::from(d.name.as_str()),
                Value::Builtin(Rc::new(Builtin::new(d.clone()))),
            )
        })
        .collect();
    entries.extend(constants(state));
    entries.extend(misc::constants(state));
    let import = entries
        .iter()
        .find(|(name, _)| name.as_bytes() == b"import")
        .map(|(_, value)| value.clone());
    if let Some(import) = import {
        entries.push(("derivation".into(), derivation::derivation_value(import)));
    }
    let self_ref = Thunk::placeholder();
    state.builtins_self.replace(Some(self_ref.clone()));
    entries.push((NixString::from("builtins"), Value::Thunk(self_ref.clone())));
    let set: NixAttrs = entries.into_iter().collect();
    self_ref.set(ThunkRepr::Evaluated(Value::Attrs(set.clone())));

    let mut globals = HashMap::new();
    // As in C++ Nix, a name is bound either as itself or as `__name`,
    // never both: `__map` and `__builtins` are undefined there.
    for (name, value) in set.iter() {
        let name = name.to_string();
        if TOP_LEVEL.contains(&name.as_str())
            || ["builtins", "true", "false", "null"].contains(&name.as_str())
        {
            globals.insert(name, value.clone());
        } else if !name.starts_with("__") {
            globals.insert(format!("__{name}"), value.clone());
        } else {
            globals.insert(name, value.clone());
        }
    }
    globals.insert("builtins".into(), Value::Attrs(set));
    globals.insert("true".into(), Value::Bool(true));
    globals.insert("false".into(), Value::Bool(false));
    globals.insert("null".into(), Value::Null);
    globals
}

fn constants(state: &EvalState) -> Vec<(NixString, Value)> {
    let nix_path: crate::value::NixList = state
        .search_path
        .iter()
        .map(|(prefix, path)| {
            let attrs: NixAttrs = [
                (
                    NixString::from("path"),
                    Value::string(path.display().to_string()),
                ),
                (
                    NixString::from("prefix"),
                    Value::string(prefix.clone().unwrap_or_default()),
                ),
            ]
            .into_iter()
            .collect();
            Value::Attrs(attrs)
        })
        .collect();
    vec![
        ("currentSystem".into(), Value::string(current_system())),
        ("langVersion".into(), Value::Integer(6)),
        ("nixVersion".into(), Value::string("2.31.0")),
        ("storeDir".into(), Value::string(state.store.dir().as_str())),
        ("nixPath".into(), Value::List(nix_path)),
    ]
}

fn current_system() -> String {
    let arch = std::env::consts::ARCH;
    let os = std::env::consts::OS;
    format!("{arch}-{os}")
}

/// A thunk for `function arg`, evaluated when forced.
pub fn apply_thunk(function: Value, arg: Value) -> Value {
    Value::Thunk(Thunk::apply(function, arg))
}
