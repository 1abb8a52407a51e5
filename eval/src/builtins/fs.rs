//! Paths and the file system: `baseNameOf`, `dirOf`, `toPath`,
//! `readDir`, `readFileType`, and `findFile` (what `<name>` looks up in
//! the search path). File access goes through the evaluation's
//! [`crate::io::EvalIo`].

use super::corepkgs::{corepkg_source, COREPKGS};
use super::support::{coerce_to_path, force_attrs, force_list, force_string};
use super::EvalState;
use crate::errors::ErrorKind;
use crate::io::io_error;
use crate::paths::{base_name, bytes_to_path, canonicalise, dir_name, is_url, path_bytes};
use crate::value::{BuiltinDef, NixAttrs, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{force, GenCo};
use std::path::Path;
use std::rc::Rc;

/// Coerces like `baseNameOf`/`dirOf` do: strings, paths (not copied),
/// sets with `__toString` or `outPath`.
async fn coerce_path_like(co: &GenCo, value: Value) -> Result<NixString, ErrorKind> {
    match value {
        Value::String(s) => Ok(s),
        Value::Path(p) => Ok(NixString::from(path_bytes(&p))),
        other => coerce_to_string(co, other, CoercionKind::PathString).await,
    }
}

/// Looks `name` up in a search path (a list of `{ prefix ? "", path }`).
async fn find_file(
    co: &GenCo,
    state: &EvalState,
    search_path: Value,
    name: &[u8],
) -> Result<Value, ErrorKind> {
    // Like C++ Nix, evaluate the whole search path before looking.
    let entries = force_list(co, search_path).await?;
    let mut search = Vec::with_capacity(entries.len());
    for entry in entries.iter() {
        let entry = force_attrs(co, entry.clone()).await?;
        let prefix = match entry.get(b"prefix") {
            Some(p) => force_string(co, p.clone()).await?,
            None => NixString::from(""),
        };
        let path = entry
            .get(b"path")
            .cloned()
            .ok_or_else(|| ErrorKind::AttributeMissing {
                name: "path".into(),
            })?;
        let path = coerce_path_like(co, force(co, path).await).await?;
        search.push((prefix, path));
    }
    for (prefix, path) in &search {
        let prefix = prefix.as_bytes();
        let suffix: Vec<u8> = if prefix.is_empty() {
            [b"/", name].concat()
        } else {
            if !name.starts_with(prefix)
                || (name.len() > prefix.len() && name[prefix.len()] != b'/')
            {
                continue;
            }
            [b"/", &name[prefix.len()..]].concat()
        };
        if is_url(path.as_bytes()) {
            // Fetching is not supported: such entries never match.
            continue;
        }
        let candidate = canonicalise(&bytes_to_path(&[path.as_bytes(), &suffix].concat()));
        let exists = state
            .io
            .path_exists(&candidate)
            .map_err(|e| io_error("accessing", &candidate, e))?;
        if exists {
            return Ok(Value::path(candidate));
        }
    }
    if let Some(rest) = name.strip_prefix(b"nix/") {
        let path = bytes_to_path(&[COREPKGS.as_bytes(), b"/", rest].concat());
        if corepkg_source(&path).is_some() {
            return Ok(Value::path(path));
        }
    }
    Err(ErrorKind::Throw(
        ErrorKind::NotInSearchPath(NixString::from(name).to_string()).to_string(),
    ))
}

fn read_dir(state: &EvalState, path: &Path) -> Result<NixAttrs, ErrorKind> {
    let entries = state
        .io
        .read_dir(path)
        .map_err(|e| io_error("reading directory", path, e))?;
    Ok(entries
        .into_iter()
        .map(|(name, file_type)| {
            (
                NixString::from(name.as_encoded_bytes()),
                Value::string(file_type.as_str()),
            )
        })
        .collect())
}

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let find_state = state.clone();
    let dir_state = state.clone();
    let type_state = state.clone();
    vec![
        BuiltinDef::generator(
            "baseNameOf",
            "The last component of a path or string, as a string.",
            |co, (value,): (Value,)| {
                Box::pin(async move {
                    let s = coerce_path_like(&co, value).await?;
                    Ok(Value::String(NixString::new_with_context(
                        base_name(s.as_bytes()),
                        s.context().cloned(),
                    )))
                })
            },
        ),
        BuiltinDef::generator(
            "dirOf",
            "The directory part of a path (a path) or string (a string).",
            |co, (value,): (Value,)| {
                Box::pin(async move {
                    match value {
                        Value::Path(p) => Ok(Value::path(bytes_to_path(dir_name(path_bytes(&p))))),
                        other => {
                            let s = coerce_path_like(&co, other).await?;
                            Ok(Value::String(NixString::new_with_context(
                                dir_name(s.as_bytes()),
                                s.context().cloned(),
                            )))
                        }
                    }
                })
            },
        ),
        BuiltinDef::generator(
            "toPath",
            "An absolute path string, canonicalised.",
            |co, (value,): (Value,)| {
                Box::pin(async move {
                    let path = coerce_to_path(&co, value).await?;
                    Ok(Value::String(NixString::from(path_bytes(&path))))
                })
            },
        ),
        BuiltinDef::generator(
            "findFile",
            "Looks a name up in a search path, as `<name>` does.",
            move |co, (search_path, name): (Value, NixString)| {
                let state = find_state.clone();
                Box::pin(async move { find_file(&co, &state, search_path, name.as_bytes()).await })
            },
        ),
        BuiltinDef::generator(
            "readDir",
            "The entries of a directory: names to `regular`, `directory`, `symlink` or `unknown`.",
            move |co, (value,): (Value,)| {
                let state = dir_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, value).await?;
                    Ok(Value::Attrs(read_dir(&state, &path)?))
                })
            },
        ),
        BuiltinDef::generator(
            "readFileType",
            "The type of a file: `regular`, `directory`, `symlink` or `unknown`.",
            move |co, (value,): (Value,)| {
                let state = type_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, value).await?;
                    let file_type = state
                        .io
                        .file_type(&path)
                        .map_err(|e| io_error("reading", &path, e))?;
                    Ok(Value::string(file_type.as_str()))
                })
            },
        ),
    ]
}
