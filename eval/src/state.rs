//! The shared state of one evaluation: the source files and their code
//! map, the compile options, file access, the search path, warnings, the
//! global scope, the import cache and the store. Compiling a source file
//! (parse, then compile against the globals) starts here; the builtins
//! and the evaluation API above both use it.

use crate::bytecode::Lambda;
use crate::compiler::{self, CompileOptions};
use crate::errors::{Error, ErrorKind, WarningSink};
use crate::io::EvalIo;
use crate::store::Store;
use crate::value::{NixAttrs, SourceFiles, Thunk, ThunkRepr, Value};
use codemap::CodeMap;
use std::borrow::Cow;
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
    /// `builtins.builtins`: the thunk through which the builtins set holds
    /// itself (see [`EvalState::release`]).
    pub(crate) builtins_self: RefCell<Option<Thunk>>,
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
            builtins_self: RefCell::new(None),
        }
    }

    pub(crate) fn set_globals(&self, globals: HashMap<String, Value>) {
        *self.globals.borrow_mut() = Rc::new(globals);
    }

    /// Breaks the reference cycles an evaluation leaves behind, so that
    /// its memory is freed when the last value goes: the builtins set
    /// holds itself (`builtins.builtins`), the builtins hold this state,
    /// and this state holds the globals and the imported values. Called
    /// when an evaluation (or a session) ends; values kept from it stay
    /// valid data, but `builtins.builtins` in them is `null` from then on.
    pub(crate) fn release(&self) {
        if let Some(thunk) = self.builtins_self.borrow_mut().take() {
            thunk.set(ThunkRepr::Evaluated(Value::Null));
        }
        *self.globals.borrow_mut() = Rc::new(HashMap::new());
        self.import_cache.borrow_mut().clear();
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
        let source = crate::parse::normalise_line_endings(Cow::Owned(source)).into_owned();
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

/// Calls [`EvalState::release`] when dropped: the end of an evaluation.
pub(crate) struct ReleaseOnDrop(pub Rc<EvalState>);

impl Drop for ReleaseOnDrop {
    fn drop(&mut self) {
        self.0.release();
    }
}
