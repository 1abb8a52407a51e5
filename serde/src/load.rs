//! The entry points: evaluate Nix source or a file strictly with
//! tvix-eval, then deserialise the value; or deserialise a value
//! evaluated already.

use crate::data_de::DataDeserializer;
use crate::de::{Deserializer, place};
use crate::error::{Error, Warning};
use crate::path::Path;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use tvix_eval::{Evaluation, EvaluationBuilder, EvaluationResult, Value};

/// A deserialised value together with the warnings and `builtins.trace`
/// output of its evaluation, and what the evaluation read: watch
/// [`paths_read`](Self::paths_read) to load again when the configuration
/// changes.
///
/// ```
/// let loaded: tvix_serde::Loaded<Vec<i64>> =
///     tvix_serde::load_str(r#"builtins.trace "building" [ 1 2 ]"#, |b| b).unwrap();
/// assert_eq!(loaded.value, [1, 2]);
/// assert_eq!(loaded.warnings.len(), 1);
/// assert!(loaded.paths_read.is_empty());
/// ```
#[derive(Debug)]
pub struct Loaded<T> {
    /// The deserialised value.
    pub value: T,
    /// Warnings and trace messages, in the order they occurred.
    pub warnings: Vec<Warning>,
    /// Every file and directory the evaluation read or looked at, in the
    /// order of first use, without repetition: for [`load_file`] the file
    /// itself first, then imports, `readFile`, `readDir`, `pathExists`,
    /// `readFileType` and the like. Paths are absolute with symbolic links
    /// resolved, and include those found missing (`pathExists`, a failed
    /// import), whose creation would change the value (see
    /// [`tvix_eval::EvaluationResult::paths_read`]). [`Error::paths_read`]
    /// lists the same for a load that failed.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("tvix-serde-doc-paths-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("port.nix"), "8080").unwrap();
    /// std::fs::write(
    ///     dir.join("config.nix"),
    ///     "if builtins.pathExists ./local.nix then import ./local.nix else import ./port.nix",
    /// )
    /// .unwrap();
    /// let loaded = tvix_serde::load_file::<u16, _>(dir.join("config.nix"), |b| b).unwrap();
    /// let dir = std::fs::canonicalize(&dir).unwrap();
    /// assert_eq!(
    ///     loaded.paths_read,
    ///     [dir.join("config.nix"), dir.join("local.nix"), dir.join("port.nix")],
    /// );
    /// ```
    pub paths_read: Vec<PathBuf>,
    /// Every environment variable the evaluation looked up with
    /// `builtins.getEnv`, set or not, in the order of first look-up (the
    /// environment is hidden unless the builder is made `impure`).
    ///
    /// ```
    /// let loaded = tvix_serde::load_str::<String, _>(
    ///     r#"builtins.getEnv "USER" + builtins.getEnv "HOST""#,
    ///     |b| b.impure(true),
    /// )
    /// .unwrap();
    /// assert_eq!(loaded.env_vars_read, ["USER", "HOST"]);
    /// ```
    pub env_vars_read: Vec<String>,
}

/// What an evaluation read: the paths and environment variables.
pub(crate) struct Reads {
    pub(crate) paths: Vec<PathBuf>,
    pub(crate) env_vars: Vec<String>,
}

impl Reads {
    /// `main` (the file evaluated, if any) and then what the evaluation
    /// read.
    fn of(main: Option<&std::path::Path>, result: &EvaluationResult) -> Reads {
        let mut paths: Vec<PathBuf> = main.map(identity).into_iter().collect();
        for path in &result.paths_read {
            if !paths.contains(path) {
                paths.push(path.clone());
            }
        }
        Reads {
            paths,
            env_vars: result.env_vars_read.clone(),
        }
    }
}

/// `path` (absolute) with its symbolic links resolved as far as it
/// exists, as the evaluator records the paths it reads.
fn identity(path: &std::path::Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|real| real.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
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
    evaluate_and_deserialize(configure(builder), source.to_string(), None)
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
    let source = std::fs::read_to_string(&absolute).map_err(|e| {
        Error::io(format!("reading '{}': {e}", path.display()))
            .with_reads(vec![identity(&absolute)], Vec::new())
    })?;
    let dir = absolute.parent().unwrap_or(std::path::Path::new("/"));
    let builder = Evaluation::builder()
        .source_file(&absolute)
        .allow_path(dir)
        .call_with_defaults(true);
    evaluate_and_deserialize(configure(builder), source, Some(&absolute))
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
    source: String,
    main: Option<&std::path::Path>,
) -> Result<Loaded<T>, Error> {
    let evaluation = builder.build();
    // A file of literal data is read from its syntax tree, without
    // building its values; if that fails, evaluation finds out why.
    let read = evaluation.read_literal_data(&source, |data| {
        T::deserialize(DataDeserializer::new(data)).ok()
    });
    if let Some(Some(value)) = read {
        return Ok(Loaded {
            value,
            warnings: Vec::new(),
            paths_read: main.map(identity).into_iter().collect(),
            env_vars_read: Vec::new(),
        });
    }
    let result = evaluation.evaluate_owned(source);
    let reads = Reads::of(main, &result);
    let warnings: Vec<Warning> = {
        let codemap = result.codemap.borrow();
        result
            .warnings
            .iter()
            .map(|w| Warning::from_eval(w, &codemap))
            .collect()
    };
    let Some(value) = &result.value else {
        return Err(Error::evaluation(&result)
            .with_warnings(warnings)
            .with_reads(reads.paths, reads.env_vars));
    };
    match T::deserialize(Deserializer::with_positions(value, &result)) {
        Ok(value) => Ok(Loaded {
            value,
            warnings,
            paths_read: reads.paths,
            env_vars_read: reads.env_vars,
        }),
        Err(e) => Err(place(e, &Path::Root, Some(&result))
            .with_warnings(warnings)
            .with_reads(reads.paths, reads.env_vars)),
    }
}
