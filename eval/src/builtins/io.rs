//! Builtins that reach outside the evaluation: `import`, reading files,
//! the search path and the environment. Each checks that the evaluation
//! allows it.

use super::EvalState;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, Thunk, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{force, GenCo};
use crate::vm::ops::{bytes_to_path, canonicalise};
use std::path::{Path, PathBuf};
use std::rc::Rc;

fn arg(args: &mut [Value], i: usize) -> Value {
    args.get_mut(i).map(std::mem::take).unwrap_or_default()
}

/// Coerces a value to an absolute path.
pub(super) async fn coerce_to_path(co: &GenCo, value: Value) -> Result<PathBuf, ErrorKind> {
    let value = force(co, value).await;
    if let Value::Path(p) = &value {
        return Ok(p.to_path_buf());
    }
    let s = coerce_to_string(co, value, CoercionKind::Interpolation).await?;
    if !s.as_bytes().starts_with(b"/") {
        return Err(ErrorKind::Other(format!(
            "string '{s}' doesn't represent an absolute path"
        )));
    }
    Ok(canonicalise(&bytes_to_path(s.as_bytes())))
}

pub(super) fn check_access(
    state: &EvalState,
    what: &'static str,
    path: &Path,
) -> Result<(), ErrorKind> {
    if state.file_access {
        Ok(())
    } else {
        Err(ErrorKind::AccessForbidden {
            what,
            path: path.display().to_string(),
        })
    }
}

pub(super) fn io_error(context: &'static str, path: &Path, error: std::io::Error) -> ErrorKind {
    ErrorKind::Io {
        context,
        path: path.display().to_string(),
        message: error.to_string(),
    }
}

/// Evaluates the file at `path` (its `default.nix` for a directory); with
/// `scope`, as `scopedImport` does (not cached).
async fn import(
    co: &GenCo,
    state: &Rc<EvalState>,
    path: PathBuf,
    scope: Option<&NixAttrs>,
) -> Result<Value, ErrorKind> {
    check_access(state, "importing", &path)?;
    let path = if path.is_dir() {
        path.join("default.nix")
    } else {
        path
    };
    if scope.is_none() {
        let cached = state.import_cache.borrow().get(&path).cloned();
        if let Some(value) = cached {
            return Ok(force(co, value).await);
        }
    }
    let source = match super::fs::corepkg_source(&path) {
        Some(source) => source.to_string(),
        None => std::fs::read_to_string(&path).map_err(|e| io_error("reading", &path, e))?,
    };
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let lambda = state
        .compile_source_in(path.display().to_string(), source, dir, scope)
        .map_err(|errors| ErrorKind::InFile(errors.into_iter().map(Box::new).collect()))?;
    let thunk = Value::Thunk(Thunk::suspended(lambda, Rc::from(Vec::new())));
    if scope.is_none() {
        state.import_cache.borrow_mut().insert(path, thunk.clone());
    }
    Ok(force(co, thunk).await)
}

pub(super) fn builtins(state: &Rc<EvalState>) -> Vec<BuiltinDef> {
    let import_state = state.clone();
    let scoped_state = state.clone();
    let read_state = state.clone();
    let exists_state = state.clone();
    let env_state = state.clone();
    vec![
        BuiltinDef::generator(
            "import",
            1,
            "Evaluate the Nix file at a path.",
            move |co, mut args| {
                let state = import_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, arg(&mut args, 0)).await?;
                    import(&co, &state, path, None).await
                })
            },
        ),
        BuiltinDef::generator(
            "scopedImport",
            2,
            "Evaluate the Nix file at a path with the attributes of a set as variables.",
            move |co, mut args| {
                let state = scoped_state.clone();
                Box::pin(async move {
                    let scope = arg(&mut args, 0);
                    let scope = scope.as_attrs()?;
                    let path = coerce_to_path(&co, arg(&mut args, 1)).await?;
                    import(&co, &state, path, Some(scope)).await
                })
            },
        ),
        BuiltinDef::generator(
            "readFile",
            1,
            "The contents of a file.",
            move |co, mut args| {
                let state = read_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, arg(&mut args, 0)).await?;
                    check_access(&state, "reading", &path)?;
                    let bytes = std::fs::read(&path).map_err(|e| io_error("reading", &path, e))?;
                    Ok(Value::String(bytes.into()))
                })
            },
        ),
        BuiltinDef::generator(
            "pathExists",
            1,
            "Whether a path exists.",
            move |co, mut args| {
                let state = exists_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, arg(&mut args, 0)).await?;
                    check_access(&state, "accessing", &path)?;
                    Ok(Value::Bool(path.exists()))
                })
            },
        ),
        BuiltinDef::sync(
            "getEnv",
            1,
            "An environment variable (empty when unset or pure).",
            move |mut args| {
                let name = arg(&mut args, 0);
                let name = name.as_str()?.require_no_context()?.to_string();
                if !env_state.environment_access {
                    return Ok(Value::string(""));
                }
                Ok(Value::string(std::env::var(name).unwrap_or_default()))
            },
        ),
    ]
}
