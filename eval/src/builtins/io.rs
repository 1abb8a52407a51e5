//! Builtins that reach outside the evaluation: `import`, `scopedImport`,
//! `readFile`, `pathExists` and `getEnv`. Every access goes through the
//! evaluation's [`crate::io::EvalIo`], which decides what is allowed.

use super::support::coerce_to_path;
use super::EvalState;
use crate::errors::ErrorKind;
use crate::io::io_error;
use crate::io::FileType;
use crate::value::{BuiltinDef, NixAttrs, NixString, Thunk, Value};
use crate::vm::generators::{force, GenCo};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The file `import path` evaluates, found as C++ Nix finds it: while the
/// path itself is a symlink, its target (relative to the link's
/// directory); then `default.nix` in it if it is a directory. Symlinks
/// among the directories above are kept, so the file's relative paths
/// are read from where it was imported (as C++ Nix does). `<nix/...>`
/// files built into the evaluator stay as they are.
fn resolve_import(state: &EvalState, path: &Path) -> Result<PathBuf, ErrorKind> {
    /// More links than this in a row is a cycle.
    const MAX_LINKS: usize = 1024;
    if super::corepkgs::corepkg_source(path).is_some() {
        return Ok(path.to_path_buf());
    }
    let io = &state.io;
    let mut file = crate::paths::canonicalise(path);
    let mut links = 0;
    loop {
        let kind = io
            .file_type(&file)
            .map_err(|e| io_error("importing", path, e))?;
        match kind {
            FileType::Symlink if links < MAX_LINKS => {
                links += 1;
                let target = io
                    .read_link(&file)
                    .map_err(|e| io_error("importing", path, e))?;
                let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
                file = crate::paths::canonicalise(&dir.join(target));
            }
            FileType::Symlink => {
                // Let the file system report the cycle.
                return io
                    .canonicalize(&file)
                    .map_err(|e| io_error("importing", path, e));
            }
            FileType::Directory => return Ok(file.join("default.nix")),
            _ => return Ok(file),
        }
    }
}

/// Evaluates the file at `path` (its `default.nix` for a directory).
/// Each file is evaluated once per evaluation; with `scope`, as
/// `scopedImport` does, it is evaluated afresh.
async fn import(
    co: &GenCo,
    state: &Rc<EvalState>,
    path: PathBuf,
    scope: Option<&NixAttrs>,
) -> Result<Value, ErrorKind> {
    let file = resolve_import(state, &path)?;
    if scope.is_none() {
        let cached = state.import_cache.borrow().get(&file).cloned();
        if let Some(value) = cached {
            return Ok(force(co, value).await);
        }
    }
    let source = match super::corepkgs::corepkg_source(&file) {
        Some(source) => source.to_string(),
        None => {
            let bytes = state
                .io
                .read_file(&file)
                .map_err(|e| io_error("reading", &file, e))?;
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    };
    let dir = file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let lambda = state
        .compile_source_in(file.display().to_string(), source, dir, scope)
        .map_err(|errors| ErrorKind::InFile(errors.into_iter().map(Box::new).collect()))?;
    let thunk = Value::Thunk(Thunk::suspended(lambda, crate::value::Captures::none()));
    if scope.is_none() {
        state.import_cache.borrow_mut().insert(file, thunk.clone());
    }
    Ok(force(co, thunk).await)
}

/// `builtins.pathExists`: false on any failure to look, including a path
/// the evaluation may not access (as C++ Nix answers in pure mode). A
/// string ending in `/` or `/.` must name a directory.
async fn path_exists(co: &GenCo, state: &EvalState, value: Value) -> Result<Value, ErrorKind> {
    let value = force(co, value).await;
    let must_be_dir = matches!(&value, Value::String(s)
        if s.as_bytes().ends_with(b"/") || s.as_bytes().ends_with(b"/."));
    let path = coerce_to_path(co, value).await?;
    let io = &state.io;
    let exists = if must_be_dir {
        io.canonicalize(&path)
            .and_then(|real| io.file_type(&real))
            .map(|t| t == FileType::Directory)
    } else {
        io.path_exists(&path)
    };
    Ok(Value::Bool(exists.unwrap_or(false)))
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
            "Evaluate the Nix file at a path.",
            move |co, (path,): (Value,)| {
                let state = import_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, path).await?;
                    import(&co, &state, path, None).await
                })
            },
        ),
        BuiltinDef::generator(
            "scopedImport",
            "Evaluate the Nix file at a path with the attributes of a set as variables.",
            move |co, (scope, path): (NixAttrs, Value)| {
                let state = scoped_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, path).await?;
                    import(&co, &state, path, Some(&scope)).await
                })
            },
        ),
        BuiltinDef::generator(
            "readFile",
            "The contents of a file.",
            move |co, (path,): (Value,)| {
                let state = read_state.clone();
                Box::pin(async move {
                    let path = coerce_to_path(&co, path).await?;
                    let bytes = state
                        .io
                        .read_file(&path)
                        .map_err(|e| io_error("reading", &path, e))?;
                    Ok(Value::String(bytes.into()))
                })
            },
        ),
        BuiltinDef::generator(
            "pathExists",
            "Whether a path exists (false when it cannot be looked at).",
            move |co, (path,): (Value,)| {
                let state = exists_state.clone();
                Box::pin(async move { path_exists(&co, &state, path).await })
            },
        ),
        BuiltinDef::plain(
            "getEnv",
            "An environment variable (empty when unset or hidden, as in pure evaluation).",
            move |(name,): (NixString,)| {
                let name = name.require_no_context()?.to_string();
                let value = env_state.io.get_env(&name).unwrap_or_default();
                Ok(Value::String(NixString::from(value.as_encoded_bytes())))
            },
        ),
    ]
}
