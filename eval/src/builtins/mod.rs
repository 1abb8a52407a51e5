//! The builtins: the state they share with the evaluation (sources,
//! compile options, file access, imports), the table of definitions, and
//! the global names the compiler resolves statically.

mod arithmetic;
mod attrs;
mod context;
mod core;
mod corepkgs;
mod derivation;
mod flake;
mod fs;
pub(crate) mod hash;
mod io;
pub(crate) mod json;
mod json_parse;
mod list_frames;
mod lists;
mod misc;
mod positions;
mod regex;
mod sort;
mod store;
mod strings;
mod support;
mod toml;
mod versions;
mod xml;

pub(crate) use support::io_error;
pub(crate) use xml::to_xml;

use crate::bytecode::Lambda;
use crate::compiler::{self, CompileOptions};
use crate::errors::{Error, ErrorKind, WarningSink};
use crate::io::EvalIo;
use crate::store::Store;
use crate::value::{
    Builtin, BuiltinDef, NixAttrs, NixString, SourceFiles, Thunk, ThunkRepr, Value,
};
use codemap::CodeMap;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

/// What builtins share with the evaluation that runs them.
pub struct EvalState {
    pub(crate) codemap: Rc<RefCell<CodeMap>>,
    pub(crate) options: CompileOptions,
    /// Every file and environment access goes through this.
    pub(crate) io: Rc<dyn EvalIo>,
    pub(crate) search_path: Vec<(Option<String>, PathBuf)>,
    pub(crate) warnings: WarningSink,
    /// `--trace-verbose`: `traceVerbose` traces.
    pub(crate) trace_verbose: bool,
    /// `--abort-on-warn`: `builtins.warn` is an error after warning.
    pub(crate) abort_on_warn: bool,
    globals: RefCell<Rc<HashMap<String, Value>>>,
    pub(crate) import_cache: RefCell<HashMap<PathBuf, Value>>,
    /// Every file compiled, to resolve attribute positions.
    pub(crate) sources: SourceFiles,
    /// Where store paths are computed (copied sources, derivations).
    pub(crate) store: Rc<Store>,
}

impl EvalState {
    pub(crate) fn new(
        codemap: Rc<RefCell<CodeMap>>,
        options: CompileOptions,
        io: Rc<dyn EvalIo>,
        search_path: Vec<(Option<String>, PathBuf)>,
        warnings: WarningSink,
        store: Rc<Store>,
    ) -> Self {
        EvalState {
            store,
            codemap,
            options,
            io,
            search_path,
            warnings,
            trace_verbose: false,
            abort_on_warn: false,
            globals: RefCell::new(Rc::new(HashMap::new())),
            import_cache: RefCell::new(HashMap::new()),
            sources: SourceFiles::default(),
        }
    }

    pub(crate) fn set_globals(&self, globals: HashMap<String, Value>) {
        *self.globals.borrow_mut() = Rc::new(globals);
    }

    /// The names every source sees without binding them.
    pub(crate) fn globals(&self) -> Rc<HashMap<String, Value>> {
        self.globals.borrow().clone()
    }

    pub(crate) fn take_warnings(&self) -> Vec<crate::errors::Warning> {
        self.warnings.take()
    }

    /// Parses and compiles `source`, named `name` in error messages.
    pub(crate) fn compile_source(
        &self,
        name: String,
        source: String,
        dir: PathBuf,
    ) -> Result<Rc<Lambda>, Vec<Error>> {
        self.compile_source_in(name, source, dir, None)
    }

    /// Like [`Self::compile_source`]; the attributes of `scope`, if given,
    /// are variables of the file that shadow the builtins (`scopedImport`).
    pub(crate) fn compile_source_in(
        &self,
        name: String,
        source: String,
        dir: PathBuf,
        scope: Option<&NixAttrs>,
    ) -> Result<Rc<Lambda>, Vec<Error>> {
        let source = normalise_line_endings(source);
        let file = self.codemap.borrow_mut().add_file(name, source);
        self.sources.add(file.clone());
        let parsed = crate::parse::parse(&file)?;
        let Some(root) = parsed.root else {
            return Err(vec![Error::new(
                ErrorKind::Parse("syntax error, unexpected end of file".into()),
                Some(file.span),
            )]);
        };
        let mut globals = self.globals.borrow().clone();
        if let Some(scope) = scope {
            let mut extended = (*globals).clone();
            for (name, value) in scope.iter() {
                extended.insert(name.to_string(), value.clone());
            }
            globals = Rc::new(extended);
        }
        let compiled = compiler::compile(
            &parsed.ast,
            root,
            file.clone(),
            dir,
            &globals,
            &self.options,
        );
        drop(parsed);
        for warning in compiled.warnings {
            self.warnings.push(warning);
        }
        match compiled.lambda {
            Some(lambda) if compiled.errors.is_empty() => {
                if std::env::var_os("TVIX_DUMP_BYTECODE").is_some() {
                    eprint!("{}", lambda.chunk.disassemble());
                }
                Ok(lambda)
            }
            _ => Err(compiled.errors),
        }
    }
}

/// CR LF and a lone CR end lines as LF does, in strings too, as in C++ Nix.
fn normalise_line_endings(source: String) -> String {
    if memchr::memchr(b'\r', source.as_bytes()).is_none() {
        return source;
    }
    source.replace("\r\n", "\n").replace('\r', "\n")
}

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

/// The global scope: `builtins`, `true`/`false`/`null`, the top-level
/// builtins and every builtin as `__name`.
pub(crate) fn globals(state: &Rc<EvalState>, extra: &[Rc<BuiltinDef>]) -> HashMap<String, Value> {
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
    entries.push((NixString::from("builtins"), Value::Thunk(self_ref.clone())));
    let set: NixAttrs = entries.into_iter().collect();
    self_ref.set(ThunkRepr::Evaluated(Value::Attrs(set.clone())));

    let mut globals = HashMap::new();
    for (name, value) in set.iter() {
        let name = name.to_string();
        if TOP_LEVEL.contains(&name.as_str()) {
            globals.insert(name.clone(), value.clone());
        }
        if !name.starts_with("__") {
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
    let lambda = crate::bytecode::synthetic::apply_lambda();
    Value::Thunk(Thunk::suspended(lambda, Rc::from(vec![function, arg])))
}
