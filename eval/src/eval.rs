//! The embedding API: configure an evaluation with [`EvaluationBuilder`],
//! run it on source text, get the value or the errors, plus warnings.

use crate::attr_path::{self, selection_error};
use crate::builtins;
use crate::compiler::CompileOptions;
use crate::errors::{Error, ErrorKind, SelectionPathError, Warning, WarningCallback, WarningSink};
use crate::io::{EvalIo, LimitedIo, PureIo, RealIo, RecordingIo};
use crate::limits::{CancelHandle, Limits};
use crate::state::EvalState;
use crate::store::written::WrittenFilesIo;
use crate::store::{Store, DEFAULT_STORE_DIR};
use crate::value::{BuiltinDef, SourceFiles, SourceLocation, SourcePos, Value};
use crate::vm::algorithms::deep_force;
use crate::vm::generators::{self, new_generator, GenCo};
use crate::vm::Vm;
use codemap::CodeMap;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub use crate::vm::DEFAULT_MAX_CALL_DEPTH;

/// Where the evaluated source comes from.
#[derive(Debug, Clone)]
pub enum SourceFile {
    /// A file on disk: relative paths resolve against its directory.
    Path(PathBuf),
    /// Source without a file (`-E`): relative paths resolve against `dir`.
    Expression {
        /// The directory relative paths in the expression resolve against.
        dir: PathBuf,
    },
}

/// Configures an evaluation. Pure by default: no files, environment or
/// network; strict: the result is forced completely.
///
/// What the evaluation may see of the outside world (see [`crate::io`]):
/// a custom [`EvalIo`] given to [`Self::io`]; otherwise files below the
/// directories given to [`Self::allow_path`] if there are any, else all
/// files with [`Self::file_access`] or [`Self::impure`], else none; the
/// environment (`getEnv`, `NIX_PATH`, `currentTime`) only with
/// [`Self::impure`].
#[derive(Clone)]
pub struct EvaluationBuilder {
    strict: bool,
    source: SourceFile,
    search_path: Vec<(Option<String>, PathBuf)>,
    extra_builtins: Vec<Rc<BuiltinDef>>,
    max_call_depth: usize,
    file_access: bool,
    environment_access: bool,
    allowed_paths: Vec<PathBuf>,
    io: Option<Rc<dyn EvalIo>>,
    on_warning: Option<Rc<RefCell<WarningCallback>>>,
    trace_verbose: bool,
    abort_on_warn: bool,
    xml: bool,
    xml_locations: bool,
    compile_options: CompileOptions,
    auto_args: Vec<(String, AutoArg)>,
    call_with_defaults: bool,
    attr_path: Option<String>,
    interrupt: Option<Arc<AtomicBool>>,
    limits: Limits,
    store_dir: String,
}

#[derive(Clone)]
enum AutoArg {
    Expr(String),
    Str(String),
}

/// Runs Nix code; build one with [`Evaluation::builder`].
pub struct Evaluation {
    config: EvaluationBuilder,
}

/// What an evaluation produced.
pub struct EvaluationResult {
    /// The value, when evaluation succeeded.
    pub value: Option<Value>,
    /// Every error (several parse errors may be reported at once).
    pub errors: Vec<Error>,
    /// Warnings and traces, in order (empty when they were streamed to
    /// [`EvaluationBuilder::on_warning`]).
    pub warnings: Vec<Warning>,
    /// The value as an XML document, with [`EvaluationBuilder::xml`].
    pub xml: Option<Vec<u8>>,
    /// The sources the spans of errors and warnings point into.
    pub codemap: Rc<RefCell<CodeMap>>,
    /// The files compiled, to resolve positions (see [`Self::locate`]).
    pub sources: SourceFiles,
    /// Every file and directory the evaluation read or looked at
    /// (`import`, `readFile`, `readDir`, `pathExists`, `readFileType`,
    /// `<...>` look-ups, `builtins.path`, ...), in the order of first use
    /// and without repetition: absolute, with symbolic links resolved
    /// (but for a final one only looked at), including paths found
    /// missing, whose creation would change the result. Paths the
    /// evaluation was not allowed to access are left out, and so is the
    /// source given to [`Evaluation::evaluate`] itself, which the caller
    /// read. Filled in whether the evaluation succeeded or not: watch
    /// these to evaluate again when one changes. See
    /// [`crate::io::RecordingIo`].
    pub paths_read: Vec<PathBuf>,
    /// Every environment variable looked up with `builtins.getEnv`, set
    /// or not (in a pure evaluation, which hides the environment, too),
    /// in the order of first look-up. The evaluator's own look-ups of
    /// `HOME` (for `~/` paths) and `NIX_PATH` are not listed.
    pub env_vars_read: Vec<String>,
    /// The store paths computed (see [`crate::store`]); paths in the
    /// value copied later (e.g. by [`crate::print::to_json_with_store`])
    /// go there too.
    pub store: Rc<Store>,
}

impl EvaluationResult {
    /// File, line and column of a position of this evaluation, such as
    /// [`crate::NixAttrs::position`] gives for an attribute.
    pub fn locate(&self, pos: SourcePos) -> Option<SourceLocation> {
        self.sources.locate(pos)
    }

    /// Errors rendered with source snippets, one after the other.
    pub fn render_errors(&self, show_trace: bool) -> String {
        let codemap = self.codemap.borrow();
        self.errors
            .iter()
            .map(|e| e.render(&codemap, show_trace))
            .collect()
    }

    /// Warnings rendered with source snippets (where they have a position), one after the other.
    pub fn render_warnings(&self) -> String {
        let codemap = self.codemap.borrow();
        self.warnings.iter().map(|w| w.render(&codemap)).collect()
    }
}

impl Evaluation {
    /// A builder with the defaults: pure, strict, source an expression in the current directory.
    pub fn builder() -> EvaluationBuilder {
        EvaluationBuilder {
            strict: true,
            source: SourceFile::Expression {
                dir: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            },
            search_path: Vec::new(),
            extra_builtins: Vec::new(),
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            file_access: false,
            environment_access: false,
            allowed_paths: Vec::new(),
            io: None,
            on_warning: None,
            trace_verbose: false,
            abort_on_warn: false,
            xml: false,
            xml_locations: false,
            compile_options: CompileOptions::default(),
            auto_args: Vec::new(),
            call_with_defaults: false,
            attr_path: None,
            interrupt: None,
            limits: Limits::default(),
            store_dir: DEFAULT_STORE_DIR.to_string(),
        }
    }

    /// Evaluates `source`.
    pub fn evaluate(&self, source: &str) -> EvaluationResult {
        self.evaluate_owned(source.to_string())
    }

    /// Evaluates `source`, taking it over: the evaluation keeps the text
    /// for its error messages, and a caller that owns it (read from a
    /// file, say) spares a copy of it.
    pub fn evaluate_owned(&self, source: String) -> EvaluationResult {
        let recorder = Rc::new(RecordingIo::new(self.config.make_io()));
        let mut result = self.run(source, &recorder);
        result.paths_read = recorder.paths_read();
        result.env_vars_read = recorder.env_vars_read();
        result
    }

    /// Calls `read` with the value of `source` read straight from its
    /// syntax tree, when `source` is literal data (sets, lists, strings
    /// without interpolation, numbers, `true`, `false`, `null`) that
    /// evaluates without error and this evaluation would give it as it
    /// is (no attribute path to select, no limits to enforce); `None`
    /// otherwise, and then [`Self::evaluate`] is the way. The value is
    /// the one evaluation would give (see [`crate::data`]), without
    /// building it: loaders of large data files use this.
    ///
    /// ```
    /// use tvix_eval::data::DataKind;
    ///
    /// let evaluation = tvix_eval::Evaluation::builder().build();
    /// let names = evaluation.read_literal_data("{ b = 1; a = [ ]; }", |data| match data.kind() {
    ///     DataKind::Attrs(attrs) => attrs.iter().map(|(name, _)| name.to_string()).collect(),
    ///     _ => Vec::new(),
    /// });
    /// assert_eq!(names, Some(vec!["a".to_string(), "b".to_string()]));
    /// assert!(evaluation.read_literal_data("{ a = 1 + 1; }", |_| ()).is_none());
    /// ```
    pub fn read_literal_data<R>(
        &self,
        source: &str,
        read: impl FnOnce(crate::data::Data<'_>) -> R,
    ) -> Option<R> {
        let config = &self.config;
        let limits = &config.limits;
        let limited = limits.max_steps.is_some()
            || limits.deadline.is_some()
            || limits.max_memory.is_some()
            || limits.cancel.is_some()
            || config.interrupt.is_some();
        if limited || config.attr_path.is_some() || config.xml {
            return None;
        }
        crate::data::read(source, read)
    }

    /// Parses and compiles `source` without running it, as
    /// `nix-instantiate --parse` does: the result has no value, only the
    /// syntax errors and what the compiler reports (undefined variables,
    /// repeated attributes) and warns about.
    pub fn check(&self, source: &str) -> EvaluationResult {
        let recorder = Rc::new(RecordingIo::new(self.config.make_io()));
        let Machine {
            state,
            codemap,
            name,
            dir,
            ..
        } = self.config.machine(recorder.clone());
        let _release = crate::state::ReleaseOnDrop(state.clone());
        let mut result = EvaluationResult {
            value: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            xml: None,
            codemap,
            sources: state.sources.clone(),
            paths_read: Vec::new(),
            env_vars_read: Vec::new(),
            store: state.store.clone(),
        };
        if let Err(errors) = state.compile_source(name, source.to_string(), dir) {
            result.errors = errors;
        }
        result.warnings = state.take_warnings();
        result
    }

    /// Evaluates `source` with every file and environment access of the
    /// program going through `recorder`.
    fn run(&self, source: String, recorder: &Rc<RecordingIo>) -> EvaluationResult {
        let mut machine = self.config.machine(recorder.clone());
        let _release = crate::state::ReleaseOnDrop(machine.state.clone());
        let result = self.run_on(source, &mut machine);
        // Nothing runs after this evaluation: free what recursive bindings
        // keep alive in cycles, leaving the result's data as it is.
        machine.vm.release_placeholders(result.value.as_ref());
        result
    }

    /// The body of [`Self::run`], on a fresh machine.
    fn run_on(&self, source: String, machine: &mut Machine) -> EvaluationResult {
        let config = &self.config;
        let state = machine.state.clone();
        let codemap = machine.codemap.clone();
        let name = machine.name.clone();
        let dir = machine.dir.clone();
        let vm = &mut machine.vm;
        let mut result = EvaluationResult {
            value: None,
            errors: Vec::new(),
            warnings: Vec::new(),
            xml: None,
            codemap: codemap.clone(),
            sources: state.sources.clone(),
            paths_read: Vec::new(),
            env_vars_read: Vec::new(),
            store: state.store.clone(),
        };
        let lambda = match state.compile_source(name, source, dir.clone()) {
            Ok(lambda) => lambda,
            Err(errors) => {
                result.errors = errors;
                result.warnings = state.take_warnings();
                return result;
            }
        };
        let auto_args = match config.compile_auto_args(&state, &dir) {
            Ok(args) => args,
            Err(errors) => {
                result.errors = errors;
                result.warnings = state.take_warnings();
                return result;
            }
        };
        let strict = config.strict;
        let call_always = config.call_with_defaults;
        let attr_path = config.attr_path.clone();
        let span = lambda.span();
        let toplevel = match vm.evaluate(lambda) {
            Ok(value) => value,
            Err(error) => {
                result.errors.push(error);
                result.warnings = state.take_warnings();
                return result;
            }
        };
        let xml_out: Rc<RefCell<Option<Vec<u8>>>> = Rc::default();
        let (xml_state, xml_slot) = (config.xml.then(|| state.clone()), xml_out.clone());
        let xml_locations = config.xml_locations;
        let finish = new_generator(move |co: GenCo| {
            Box::pin(async move {
                let value = generators::force(&co, toplevel).await;
                let value = auto_call(&co, value, &auto_args, call_always).await?;
                let value = match attr_path {
                    Some(path) => {
                        let selected = select_attr_path(&co, value, &path, &auto_args).await?;
                        auto_call(&co, selected, &auto_args, call_always).await?
                    }
                    None => value,
                };
                let value = if strict {
                    deep_force(&co, value).await
                } else {
                    generators::force(&co, value).await
                };
                if let Some(state) = xml_state {
                    let xml = crate::output::xml::to_xml(
                        &co,
                        &state,
                        value.clone(),
                        strict,
                        xml_locations,
                    )
                    .await?;
                    *xml_slot.borrow_mut() = Some(xml);
                }
                Ok(value)
            })
        });
        match vm.run_generator(Rc::from(""), span, finish) {
            Ok(value) => {
                result.value = Some(value);
                result.xml = xml_out.take();
            }
            Err(error) => result.errors.push(error),
        }
        result.warnings = state.take_warnings();
        result
    }
}

/// What every evaluation starts from, before any source is compiled.
pub(crate) struct Machine {
    /// The builtins' shared state: sources, globals, imports, I/O.
    pub state: Rc<EvalState>,
    pub vm: Vm,
    pub codemap: Rc<RefCell<CodeMap>>,
    /// The name of the evaluated source in messages.
    pub name: String,
    /// The directory relative paths resolve against.
    pub dir: PathBuf,
}

/// Calls a function whose formals all have values (`--arg`), as
/// `nix-instantiate` does with the top-level value.
pub(crate) async fn auto_call(
    co: &GenCo,
    value: Value,
    args: &[(String, Value)],
    even_without_args: bool,
) -> Result<Value, ErrorKind> {
    // Like `nix-instantiate`, only when arguments were given (unless
    // `call_with_defaults` asks otherwise).
    if args.is_empty() && !even_without_args {
        return Ok(value);
    }
    let Value::Closure(closure) = &value else {
        return Ok(value);
    };
    let Some(formals) = closure.lambda().formals() else {
        return Ok(value);
    };
    let mut actual = Vec::new();
    for (name, has_default) in &formals.arguments {
        match args.iter().find(|(n, _)| n.as_bytes() == name.as_bytes()) {
            Some((_, v)) => actual.push((name.clone(), v.clone())),
            None if *has_default => {}
            None => return Err(ErrorKind::AutoArgumentMissing(name.to_string())),
        }
    }
    if formals.ellipsis {
        for (n, v) in args {
            if !actual.iter().any(|(a, _)| a.as_bytes() == n.as_bytes()) {
                actual.push((n.as_str().into(), v.clone()));
            }
        }
    }
    let attrs: crate::value::NixAttrs = actual.into_iter().collect();
    let result = generators::call(co, value, Value::Attrs(attrs)).await;
    Ok(generators::force(co, result).await)
}

/// Follows an `-A` selection path as `nix-instantiate` does: before each
/// step, a function is called with the automatic arguments (its defaults
/// for the others); a name of digits indexes a list.
async fn select_attr_path(
    co: &GenCo,
    mut value: Value,
    path: &str,
    args: &[(String, Value)],
) -> Result<Value, ErrorKind> {
    for name in attr_path::parse(path)? {
        value = generators::force(co, value).await;
        value = auto_call(co, value, args, true).await?;
        value = match (attr_path::as_index(&name), &value) {
            (None, Value::Attrs(attrs)) => {
                if name.is_empty() {
                    return Err(selection_error(SelectionPathError::EmptyName {
                        path: path.to_string(),
                    }));
                }
                match attrs.get(name.as_bytes()) {
                    Some(selected) => selected.clone(),
                    None => {
                        let names: Vec<String> = attrs.keys().map(|k| k.to_string()).collect();
                        let suggestions =
                            attr_path::suggestions(&name, names.iter().map(String::as_str));
                        return Err(selection_error(SelectionPathError::AttributeNotFound {
                            path: path.to_string(),
                            name,
                            suggestions,
                        }));
                    }
                }
            }
            (Some(index), Value::List(list)) => list.get(index).cloned().ok_or_else(|| {
                selection_error(SelectionPathError::IndexOutOfRange {
                    path: path.to_string(),
                    index,
                })
            })?,
            (index, other) => {
                let expected = if index.is_some() { "a list" } else { "a set" };
                return Err(selection_error(SelectionPathError::WrongType {
                    path: path.to_string(),
                    expected,
                    actual: other.type_description(),
                }));
            }
        };
    }
    Ok(generators::force(co, value).await)
}

impl EvaluationBuilder {
    /// Force the whole result (default), or only its top level.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The file the source was read from (relative paths resolve against
    /// its directory).
    pub fn source_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.source = SourceFile::Path(path.into());
        self
    }

    /// Source that is no file; relative paths resolve against `dir`.
    pub fn expression_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.source = SourceFile::Expression { dir: dir.into() };
        self
    }

    /// Adds a search-path entry: `prefix=path`, or a bare `path`.
    pub fn search_path_entry(mut self, prefix: Option<String>, path: impl Into<PathBuf>) -> Self {
        self.search_path.push((prefix, path.into()));
        self
    }

    /// Adds a builtin, available as `builtins.NAME`.
    pub fn builtin(mut self, def: BuiltinDef) -> Self {
        self.extra_builtins.push(Rc::new(def));
        self
    }

    /// The deepest nesting of calls allowed before [`crate::ErrorKind::CallDepthExceeded`] (at least 1).
    pub fn max_call_depth(mut self, depth: usize) -> Self {
        self.max_call_depth = depth.max(1);
        self
    }

    /// Allows reading any file (`import`, `readFile`, ...).
    pub fn file_access(mut self, allowed: bool) -> Self {
        self.file_access = allowed;
        self
    }

    /// Allows the environment (`getEnv`, `NIX_PATH`, `currentTime`) and
    /// files.
    pub fn impure(mut self, impure: bool) -> Self {
        self.environment_access = impure;
        self
    }

    /// Allows files below `dir` (after resolving `..` and symlinks), and
    /// no others. May be given several times.
    pub fn allow_path(mut self, dir: impl Into<PathBuf>) -> Self {
        self.allowed_paths.push(dir.into());
        self
    }

    /// Does every file and environment access through `io` (overrides
    /// [`Self::file_access`], [`Self::impure`] and [`Self::allow_path`]).
    /// Keep a clone of the `Rc` to use it in your own builtins.
    pub fn io(mut self, io: Rc<dyn EvalIo>) -> Self {
        self.io = Some(io);
        self
    }

    /// Hands each warning and trace to `callback` as it happens, instead
    /// of returning them in [`EvaluationResult::warnings`].
    /// [`Warning::render`] shows one as the command line prints it.
    pub fn on_warning(mut self, callback: impl FnMut(&Warning, &CodeMap) + 'static) -> Self {
        self.on_warning = Some(Rc::new(RefCell::new(callback)));
        self
    }

    /// `--trace-verbose`: `builtins.traceVerbose` traces like `trace`.
    pub fn trace_verbose(mut self, enabled: bool) -> Self {
        self.trace_verbose = enabled;
        self
    }

    /// `--abort-on-warn`: `builtins.warn` fails after warning.
    pub fn abort_on_warn(mut self, enabled: bool) -> Self {
        self.abort_on_warn = enabled;
        self
    }

    /// Also writes the result as XML (as `nix-instantiate --eval --xml`
    /// does) into [`EvaluationResult::xml`].
    pub fn xml(mut self, enabled: bool) -> Self {
        self.xml = enabled;
        self
    }

    /// Whether the XML shows where attributes and functions were defined,
    /// as the command line's `--xml` does unless `--no-location` (off by
    /// default: the XML is then what `builtins.toXML` writes).
    pub fn xml_locations(mut self, enabled: bool) -> Self {
        self.xml_locations = enabled;
        self
    }

    /// A stop switch: setting `flag` (from another thread or a signal
    /// handler) ends the evaluation soon after with
    /// [`ErrorKind::Interrupted`], which `tryEval` cannot catch. The
    /// evaluator polls it whenever it enters a function or a thunk, which
    /// every endless evaluation keeps doing. Clear it before reusing it.
    pub fn interrupt(mut self, flag: Arc<AtomicBool>) -> Self {
        self.interrupt = Some(flag);
        self
    }

    /// Bounds the evaluation's steps, time and memory, and lets another
    /// thread cancel it (see [`Limits`]; [`Limits::untrusted`] for code
    /// from an untrusted source). Exceeding a limit ends the evaluation
    /// with [`ErrorKind::LimitExceeded`], which `tryEval` cannot catch.
    /// A flag given to [`Self::interrupt`] takes the place of the
    /// limits' cancellation handle.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The builtins' shared state and a VM, as configured.
    /// The state and VM of an evaluation whose program reaches files and
    /// the environment through `recorder`.
    pub(crate) fn machine(&self, recorder: Rc<RecordingIo>) -> Machine {
        let codemap = Rc::new(RefCell::new(CodeMap::new()));
        let (name, dir) = match &self.source {
            SourceFile::Path(p) => (
                p.display().to_string(),
                p.parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("/")),
            ),
            SourceFile::Expression { dir } => ("(string)".to_string(), dir.clone()),
        };
        // The evaluator's own look-ups (`HOME`, `NIX_PATH`) are not
        // recorded; what they lead to is.
        let io = recorder.inner().clone();
        let warnings = match &self.on_warning {
            Some(callback) => WarningSink::streaming(callback.clone(), codemap.clone()),
            None => WarningSink::default(),
        };
        let mut options = self.compile_options.clone();
        options.home = io.get_env("HOME").map(|h| h.to_string_lossy().into_owned());
        // Files copied to the store are read through the recorder too.
        let store = Rc::new(Store::new(&self.store_dir, recorder.clone()));
        // Files the evaluation makes with `toFile` are readable by it.
        let files: Rc<dyn EvalIo> = Rc::new(WrittenFilesIo::new(
            store.written_files(),
            store.dir().as_str(),
            recorder.clone(),
        ));
        let mut state = EvalState::new(
            codemap.clone(),
            options,
            files,
            self.full_search_path(io.as_ref()),
            warnings.clone(),
            store,
        );
        state.trace_verbose = self.trace_verbose;
        state.abort_on_warn = self.abort_on_warn;
        let state = Rc::new(state);
        let globals = builtins::globals(&state, &self.extra_builtins);
        state.set_globals(globals);
        let mut vm = Vm::new(self.max_call_depth, warnings);
        vm.store = state.store.clone();
        let mut limits = self.limits.clone();
        if let Some(flag) = &self.interrupt {
            limits.cancel = Some(CancelHandle::from_flag(flag.clone()));
        }
        vm.set_limits(limits);
        Machine {
            state,
            vm,
            codemap,
            name,
            dir,
        }
    }

    /// The `--arg`/`--argstr` values: strings, or expressions compiled
    /// (not run) against `state`.
    pub(crate) fn compile_auto_args(
        &self,
        state: &EvalState,
        dir: &Path,
    ) -> Result<Vec<(String, Value)>, Vec<Error>> {
        let mut auto_args = Vec::new();
        for (name, arg) in &self.auto_args {
            let value = match arg {
                AutoArg::Str(s) => Value::string(s.as_str()),
                AutoArg::Expr(src) => {
                    let lambda = state.compile_source(
                        format!("(arg {name})"),
                        src.clone(),
                        dir.to_path_buf(),
                    )?;
                    Value::Thunk(crate::value::Thunk::suspended(
                        lambda,
                        crate::value::Captures::none(),
                    ))
                }
            };
            auto_args.push((name.clone(), value));
        }
        Ok(auto_args)
    }

    /// The I/O the configuration asks for.
    pub(crate) fn make_io(&self) -> Rc<dyn EvalIo> {
        if let Some(io) = &self.io {
            return io.clone();
        }
        if !self.allowed_paths.is_empty() {
            let limited = LimitedIo::new(self.allowed_paths.iter().cloned());
            return Rc::new(limited.with_environment(self.environment_access));
        }
        match (self.file_access, self.environment_access) {
            (_, true) => Rc::new(RealIo::impure()),
            (true, false) => Rc::new(RealIo::files_only()),
            (false, false) => Rc::new(PureIo),
        }
    }

    /// The search path: the entries given, then those of `NIX_PATH` if
    /// the evaluation sees the environment.
    fn full_search_path(&self, io: &dyn EvalIo) -> Vec<(Option<String>, PathBuf)> {
        let mut entries = self.search_path.clone();
        if let Some(nix_path) = io.get_env("NIX_PATH") {
            let nix_path = nix_path.to_string_lossy();
            entries.extend(
                crate::search_path::split_nix_path(&nix_path)
                    .iter()
                    .map(|e| crate::search_path::parse_entry(e)),
            );
        }
        entries
    }

    /// Settings of the compiler: experimental syntax and lints.
    pub fn compile_options(mut self, options: CompileOptions) -> Self {
        self.compile_options = options;
        self
    }

    /// `--arg NAME EXPR`: passed to a top-level function with formals.
    pub fn arg_expr(mut self, name: impl Into<String>, expr: impl Into<String>) -> Self {
        self.auto_args
            .push((name.into(), AutoArg::Expr(expr.into())));
        self
    }

    /// `--argstr NAME STRING`.
    pub fn arg_str(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.auto_args
            .push((name.into(), AutoArg::Str(value.into())));
        self
    }

    /// Call a top-level function with formals even when no arguments were
    /// given, so that `{ a ? 1 }: ...` evaluates with its defaults (a
    /// formal without default and without argument is an error).
    /// Off by default, as in `nix-instantiate`.
    pub fn call_with_defaults(mut self, call: bool) -> Self {
        self.call_with_defaults = call;
        self
    }

    /// The store directory that store paths are computed in (default
    /// `/nix/store`; the command line's `--store-dir` and `NIX_STORE_DIR`).
    /// Nothing is written there: see [`crate::store`].
    pub fn store_dir(mut self, dir: impl Into<String>) -> Self {
        self.store_dir = dir.into();
        self
    }

    /// `-A PATH`: select this attribute path from the result.
    pub fn attr_path(mut self, path: impl Into<String>) -> Self {
        self.attr_path = Some(path.into());
        self
    }

    /// The configured evaluation, ready to evaluate sources.
    pub fn build(self) -> Evaluation {
        Evaluation { config: self }
    }
}
