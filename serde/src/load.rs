//! The entry points: evaluate Nix source or a file strictly with
//! tvix-eval, then deserialise the value; or deserialise a value
//! evaluated already.

use crate::de::{Deserializer, place};
use crate::error::{Error, Warning};
use crate::path::Path;
use serde::de::DeserializeOwned;
use tvix_eval::{Evaluation, EvaluationBuilder, Value};

/// A deserialised value together with the warnings and `builtins.trace`
/// output of its evaluation.
///
/// ```
/// let loaded: tvix_serde::Loaded<Vec<i64>> =
///     tvix_serde::load_str(r#"builtins.trace "building" [ 1 2 ]"#, |b| b).unwrap();
/// assert_eq!(loaded.value, [1, 2]);
/// assert_eq!(loaded.warnings.len(), 1);
/// ```
#[derive(Debug)]
pub struct Loaded<T> {
    /// The deserialised value.
    pub value: T,
    /// Warnings and trace messages, in the order they occurred.
    pub warnings: Vec<Warning>,
}

/// Evaluates `source` purely (no files, no environment) and strictly,
/// and deserialises the result. A top-level function is called with
/// the defaults of its formals (see [`from_str_with_config`]).
/// Warnings are dropped; [`load_str`] returns them.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Listen { address: String, port: u16 }
///
/// let listen: Listen = tvix_serde::from_str(r#"
///   let port = 8000 + 80; in { address = "0.0.0.0"; inherit port; }
/// "#).unwrap();
/// assert_eq!((listen.address.as_str(), listen.port), ("0.0.0.0", 8080));
/// ```
pub fn from_str<T: DeserializeOwned>(source: &str) -> Result<T, Error> {
    load_str(source, |builder| builder).map(|loaded| loaded.value)
}

/// Like [`from_str`], with the [`EvaluationBuilder`] handed to
/// `configure` first: arguments for a top-level function
/// (`arg_str`, `arg_expr`, like `--argstr`/`--arg`), extra builtins, a
/// search path, file or environment access, a call depth limit.
///
/// A top-level function with formals (`{ env ? "dev", ... }: ...`) is
/// called with the arguments given and the defaults of the others; a
/// formal with neither is an error ("cannot evaluate a function that has
/// an argument without a value"). A function of a plain argument
/// (`x: ...`) is not called, and deserialising it fails.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Config { url: String }
///
/// let config: Config = tvix_serde::from_str_with_config(
///     r#"{ env ? "dev" }: { url = "https://${env}.example.org"; }"#,
///     |builder| builder.arg_str("env", "prod"),
/// ).unwrap();
/// assert_eq!(config.url, "https://prod.example.org");
/// ```
pub fn from_str_with_config<T, F>(source: &str, configure: F) -> Result<T, Error>
where
    T: DeserializeOwned,
    F: FnOnce(EvaluationBuilder) -> EvaluationBuilder,
{
    load_str(source, configure).map(|loaded| loaded.value)
}

/// Like [`from_str_with_config`], returning the warnings and trace
/// messages of the evaluation with the value.
///
/// ```
/// let loaded = tvix_serde::load_str::<bool, _>(
///     r#"builtins.trace "checking" true"#,
///     |builder| builder,
/// ).unwrap();
/// assert!(loaded.value);
/// assert_eq!(loaded.warnings[0].to_string(), "trace: checking");
/// ```
pub fn load_str<T, F>(source: &str, configure: F) -> Result<Loaded<T>, Error>
where
    T: DeserializeOwned,
    F: FnOnce(EvaluationBuilder) -> EvaluationBuilder,
{
    let builder = Evaluation::builder().call_with_defaults(true);
    evaluate_and_deserialize(configure(builder), source)
}

/// Evaluates the Nix file at `path` strictly and deserialises the result.
/// Relative paths and `import ./other.nix` resolve next to the file. The
/// evaluation may read files in the file's directory and below, no
/// others, and does not see the environment (widen that with
/// [`from_file_with_config`]). A top-level function is called with its
/// defaults.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Config { name: String, port: u16 }
///
/// let dir = std::env::temp_dir().join(format!("tvix-serde-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("port.nix"), "8080").unwrap();
/// std::fs::write(dir.join("config.nix"), r#"{ name = "web"; port = import ./port.nix; }"#)
///     .unwrap();
/// let config: Config = tvix_serde::from_file(dir.join("config.nix")).unwrap();
/// assert_eq!((config.name.as_str(), config.port), ("web", 8080));
/// ```
pub fn from_file<T: DeserializeOwned>(path: impl AsRef<std::path::Path>) -> Result<T, Error> {
    load_file(path, |builder| builder).map(|loaded| loaded.value)
}

/// Like [`from_file`], with the [`EvaluationBuilder`] handed to
/// `configure` first: arguments, a search path, more directories to read
/// (`allow_path`; `allow_path("/")` allows every file), the environment
/// (`impure`), all I/O through your own `io`.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("tvix-serde-doc-cfg-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("replicas.nix"), "{ env }: if env == \"prod\" then 3 else 1")
///     .unwrap();
/// let replicas: u32 = tvix_serde::from_file_with_config(dir.join("replicas.nix"), |b| {
///     b.arg_str("env", "prod")
/// })
/// .unwrap();
/// assert_eq!(replicas, 3);
/// ```
pub fn from_file_with_config<T, F>(
    path: impl AsRef<std::path::Path>,
    configure: F,
) -> Result<T, Error>
where
    T: DeserializeOwned,
    F: FnOnce(EvaluationBuilder) -> EvaluationBuilder,
{
    load_file(path, configure).map(|loaded| loaded.value)
}

/// Like [`from_file_with_config`], returning the warnings and trace
/// messages of the evaluation with the value.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("tvix-serde-doc-load-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("a.nix"), r#"builtins.trace "loading a" 1"#).unwrap();
/// let loaded = tvix_serde::load_file::<i32, _>(dir.join("a.nix"), |b| b).unwrap();
/// assert_eq!(loaded.value, 1);
/// assert_eq!(loaded.warnings[0].message(), "loading a");
/// ```
pub fn load_file<T, F>(path: impl AsRef<std::path::Path>, configure: F) -> Result<Loaded<T>, Error>
where
    T: DeserializeOwned,
    F: FnOnce(EvaluationBuilder) -> EvaluationBuilder,
{
    let path = path.as_ref();
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let source = std::fs::read_to_string(&absolute)
        .map_err(|e| Error::io(format!("reading '{}': {e}", path.display())))?;
    let dir = absolute.parent().unwrap_or(std::path::Path::new("/"));
    let builder = Evaluation::builder()
        .source_file(&absolute)
        .allow_path(dir)
        .call_with_defaults(true);
    evaluate_and_deserialize(configure(builder), &source)
}

/// Deserialises a value evaluated already (strictly: a thunk never
/// evaluated is an error). Errors name the path to the failing value but
/// no source position; [`Deserializer::with_positions`] adds that.
///
/// ```
/// use tvix_serde::tvix_eval::{Evaluation, Value};
///
/// let value = Evaluation::builder().build().evaluate("[ 1 2 3 ]").value.unwrap();
/// let numbers: Vec<u8> = tvix_serde::from_value(&value).unwrap();
/// assert_eq!(numbers, [1, 2, 3]);
/// assert!(tvix_serde::from_value::<bool>(&Value::Bool(true)).unwrap());
/// ```
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    T::deserialize(Deserializer::new(value)).map_err(|e| place(e, &Path::Root, None))
}

fn evaluate_and_deserialize<T: DeserializeOwned>(
    builder: EvaluationBuilder,
    source: &str,
) -> Result<Loaded<T>, Error> {
    let result = builder.build().evaluate(source);
    let warnings: Vec<Warning> = {
        let codemap = result.codemap.borrow();
        result
            .warnings
            .iter()
            .map(|w| Warning::from_eval(w, &codemap))
            .collect()
    };
    let Some(value) = &result.value else {
        return Err(Error::evaluation(&result).with_warnings(warnings));
    };
    match T::deserialize(Deserializer::with_positions(value, &result)) {
        Ok(value) => Ok(Loaded { value, warnings }),
        Err(e) => Err(place(e, &Path::Root, Some(&result)).with_warnings(warnings)),
    }
}
