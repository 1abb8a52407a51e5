//! Builtins that put things into the store (computing the paths C++ Nix
//! would give them, writing nothing): `path`, `filterSource`, `toFile`,
//! `storePath`, `placeholder`. Fetchers (`fetchGit`, `fetchTarball`,
//! `fetchurl`, `fetchTree`, `fetchMercurial`) need the network and stay
//! errors.

use super::support::coerce_to_path;
use super::support::{expect_function, force_attrs, force_string};
use super::EvalState;
use crate::errors::ErrorKind;
use crate::hash::{nix32, parse_hash, Algo};
use crate::io::io_error;
use crate::store::nar::{Node, Step, TreeWalk};
use crate::store::path::{Hash, Method};
use crate::store::{nar_error, store_path_string, Store};
use crate::value::{BuiltinDef, ContextElement, Lazy, NixContext, NixString, Value};
use crate::vm::generators::{call_forced, force, GenCo};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The file tree at `root`, asking `filter` (a Nix function of the path
/// and its type) about every entry below the root.
async fn filtered_tree(
    co: &GenCo,
    store: &Store,
    root: &Path,
    filter: Option<&Value>,
) -> Result<Node, ErrorKind> {
    let io = store.io();
    let mut walk = TreeWalk::new(io, root).map_err(nar_error)?;
    let mut keep = None;
    loop {
        match walk.step(io, keep).map_err(nar_error)? {
            Step::Done(tree) => return Ok(tree),
            Step::Offer(path, file_type) => {
                keep = Some(match filter {
                    None => true,
                    Some(filter) => {
                        let path = NixString::from(path.as_os_str().as_encoded_bytes());
                        let args = vec![Value::String(path), Value::string(file_type.as_str())];
                        call_forced(co, filter.clone(), args).await.as_bool()?
                    }
                });
            }
        }
    }
}

/// The last component of a path, which names what is copied from it.
fn base_name(path: &Path) -> Vec<u8> {
    path.file_name()
        .map(|n| n.as_encoded_bytes().to_vec())
        .unwrap_or_default()
}

/// What `builtins.path` and `filterSource` add.
struct AddPath {
    path: PathBuf,
    name: Vec<u8>,
    filter: Option<Value>,
    method: Method,
    expected: Option<Hash>,
}

/// Adds a path to the store (`addPath` of C++ Nix): its store path as a
/// string referring to it.
async fn add_path(co: &GenCo, store: &Store, add: AddPath) -> Result<Value, ErrorKind> {
    let expected = match &add.expected {
        Some(hash) => Some(store.fixed_path(add.method, hash, &add.name)?),
        None => None,
    };
    let store_path = match add.method {
        Method::Flat => store.add_flat(&add.name, &add.path)?,
        Method::Recursive => {
            let tree = filtered_tree(co, store, &add.path, add.filter.as_ref()).await?;
            store.add_tree(&add.name, &tree)?
        }
    };
    if expected.is_some_and(|expected| expected != store_path) {
        return Err(ErrorKind::StorePathMismatch(add.path.display().to_string()));
    }
    Ok(Value::String(store_path_string(&store_path)))
}

/// Reads the argument set of `builtins.path`.
async fn path_arguments(co: &GenCo, args: Value) -> Result<AddPath, ErrorKind> {
    let args = force_attrs(co, args).await?;
    let mut add = AddPath {
        path: PathBuf::new(),
        name: Vec::new(),
        filter: None,
        method: Method::Recursive,
        expected: None,
    };
    let mut has_path = false;
    let mut name = None;
    for (key, value) in args.iter() {
        match key.as_bytes() {
            b"path" => {
                add.path = coerce_to_path(co, value.clone()).await?;
                has_path = true;
            }
            b"name" => {
                let s = force_string(co, value.clone()).await?;
                name = Some(s.require_no_context()?.as_bytes().to_vec());
            }
            b"filter" => add.filter = Some(force(co, value.clone()).await),
            b"recursive" => {
                add.method = if force(co, value.clone()).await.as_bool()? {
                    Method::Recursive
                } else {
                    Method::Flat
                }
            }
            b"sha256" => {
                let s = force_string(co, value.clone()).await?;
                let (algo, digest) =
                    parse_hash(s.require_no_context()?.as_bytes(), Some(Algo::Sha256))?;
                add.expected = Some(Hash { algo, digest });
            }
            _ => {
                return Err(ErrorKind::UnsupportedArgument {
                    name: key.to_string(),
                    function: "builtins.path",
                })
            }
        }
    }
    if !has_path {
        return Err(ErrorKind::MissingRequiredAttribute {
            name: "path",
            function: "builtins.path",
        });
    }
    add.name = name.unwrap_or_else(|| base_name(&add.path));
    Ok(add)
}

/// `toFile NAME CONTENTS`: a text file referring to the plain store
/// paths of the contents' context (derivations are refused).
fn to_file(store: &Store, name: &NixString, contents: &NixString) -> Result<Value, ErrorKind> {
    let name = name.require_no_context()?;
    let mut references = BTreeSet::new();
    for element in contents.context().iter().flat_map(|c| c.iter()) {
        match element {
            ContextElement::Path(path) => {
                references.insert(path.to_string());
            }
            other => {
                return Err(ErrorKind::ToFileReferencesDerivation {
                    name: name.to_string(),
                    reference: other.encoded().to_string(),
                })
            }
        }
    }
    let path = store.add_text(name.as_bytes(), contents.as_bytes(), references)?;
    Ok(Value::String(store_path_string(&path)))
}

/// `storePath PATH`: the path, which must be in the store, as a string
/// referring to the store path it is in. Its validity cannot be checked.
async fn store_path(co: &GenCo, state: &EvalState, value: Value) -> Result<Value, ErrorKind> {
    let path = coerce_to_path(co, value).await?;
    let dir = state.store.dir();
    let text = path.to_string_lossy();
    // Symlinks are resolved, unless the path is a store path itself.
    let resolved = if dir.is_store_path(&text) {
        text.to_string()
    } else {
        let real = state
            .io
            .canonicalize(&path)
            .map_err(|e| io_error("accessing", &path, e))?;
        real.to_string_lossy().into_owned()
    };
    let Some(store_path) = dir.containing_store_path(&resolved) else {
        return Err(ErrorKind::NotInStore(resolved));
    };
    let context: NixContext = [ContextElement::Path(store_path.into())]
        .into_iter()
        .collect();
    Ok(Value::String(NixString::new_with_context(
        resolved.as_bytes(),
        Some(Rc::new(context)),
    )))
}

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let (path_state, filter_state, file_state, store_state) =
        (state.clone(), state.clone(), state.clone(), state.clone());
    vec![
        BuiltinDef::generator(
            "path",
            "Adds a path to the store: `{ path, name ? baseNameOf path, filter ? null, recursive ? true, sha256 ? null }`.",
            move |co, (Lazy(arguments),): (Lazy,)| {
                let state = path_state.clone();
                Box::pin(async move {
                    let add = path_arguments(&co, arguments).await?;
                    add_path(&co, &state.store, add).await
                })
            },
        ),
        // The filter is checked to be a function only after the path is
        // coerced, as in C++ Nix.
        BuiltinDef::generator(
            "filterSource",
            "Adds a path to the store, keeping the entries for which the filter (given the path and its type) is true.",
            move |co, (filter, Lazy(path)): (Value, Lazy)| {
                let state = filter_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, path).await?;
                    expect_function(&filter)?;
                    let add = AddPath {
                        name: base_name(&path),
                        path,
                        filter: Some(filter),
                        method: Method::Recursive,
                        expected: None,
                    };
                    add_path(&co, &state.store, add).await
                })
            },
        ),
        BuiltinDef::plain(
            "toFile",
            "Writes a text file to the store: its path, referring to the store paths of the text's context.",
            move |(name, contents): (NixString, NixString)| {
                to_file(&file_state.store, &name, &contents)
            },
        ),
        BuiltinDef::generator(
            "storePath",
            "A path in the store as a string referring to its store path.",
            move |co, (Lazy(path),): (Lazy,)| {
                let state = store_state.clone();
                Box::pin(async move { store_path(&co, &state, path).await })
            },
        ),
        BuiltinDef::plain(
            "placeholder",
            "The placeholder for a derivation output path.",
            |(output,): (NixString,)| {
                let digest =
                    Algo::Sha256.digest(&[b"nix-output:", output.as_bytes()].concat());
                Ok(Value::string(format!("/{}", nix32(&digest))))
            },
        ),
    ]
}

/// Builtins that need the network: they exist (so code can mention
/// them) but fail when called.
pub(super) fn fetchers() -> Vec<BuiltinDef> {
    [
        "fetchGit",
        "fetchMercurial",
        "fetchTarball",
        "fetchTree",
        "fetchurl",
    ]
    .into_iter()
    .map(|name| {
        BuiltinDef::plain(
            name,
            "Not supported by this evaluator (needs the network).",
            move |_: (Lazy,)| Err(ErrorKind::Unsupported(format!("builtins.{name}"))),
        )
    })
    .collect()
}
