//! A long-lived evaluation, for a REPL: sources evaluated one after the
//! other share their imports, their sources (for error snippets and
//! positions) and a scope of variables that later sources see.
//!
//! Variables shadow the builtins, as `nix repl` variables do: each source
//! is compiled with them as global names (the mechanism `scopedImport`
//! uses), so a variable's value is bound once and never looked up again;
//! binding a name anew affects only the sources compiled afterwards.
//! Values stay lazy: [`Session::thunk`] compiles without running, and
//! [`Session::force`] evaluates one level at a time, which is what a
//! printer that shows values one level deep needs.

use crate::errors::{Error, ErrorKind, Warning};
use crate::eval::{auto_call, EvaluationBuilder, Machine};
use crate::state::EvalState;
use crate::value::{NixAttrs, NixString, SourceLocation, SourcePos, Thunk, Value};
use crate::vm::generators::{self, new_generator, GenCo};
use crate::vm::Vm;
use codemap::{CodeMap, Span};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Evaluations that share variables, imports and sources; start one with
/// [`EvaluationBuilder::session`].
///
/// ```
/// let mut session = tvix_eval::Evaluation::builder().session().unwrap();
/// let x = session.thunk("1 + 2").unwrap();
/// session.bind("x", x);
/// let value = session.evaluate("x * 2").unwrap();
/// assert!(matches!(value, tvix_eval::Value::Integer(6)));
/// ```
pub struct Session {
    state: Rc<EvalState>,
    vm: Vm,
    codemap: Rc<RefCell<CodeMap>>,
    /// Where relative paths in sources resolve.
    dir: PathBuf,
    variables: NixAttrs,
    /// `--arg`/`--argstr` values for [`Session::call_with_defaults`].
    auto_args: Vec<(String, Value)>,
    /// The span of frames that run no source of their own.
    span: Span,
}

impl EvaluationBuilder {
    /// Starts a [`Session`] with this configuration (strictness,
    /// `source_file`, `attr_path`, `xml` and `call_with_defaults` do not
    /// apply: each source is evaluated to its top level). Fails, with the
    /// errors rendered with their source snippets, when an `arg_expr`
    /// does not compile.
    pub fn session(self) -> Result<Session, String> {
        let Machine {
            state,
            vm,
            codemap,
            name: _,
            dir,
        } = self.machine(Rc::new(crate::io::RecordingIo::new(self.make_io())));
        // The first source of the code map: see `without_session_span`.
        let span = codemap
            .borrow_mut()
            .add_file("(session)".to_string(), String::new())
            .span;
        let auto_args = match self.compile_auto_args(&state, &dir) {
            Ok(args) => args,
            Err(errors) => {
                let codemap = codemap.borrow();
                return Err(errors.iter().map(|e| e.render(&codemap, false)).collect());
            }
        };
        Ok(Session {
            state,
            vm,
            codemap,
            dir,
            variables: NixAttrs::new(),
            auto_args,
            span,
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.state.release();
    }
}

impl Session {
    /// Parses, compiles and evaluates `source` (named `(string)` in
    /// messages) to its top level: a set's attributes, a list's elements
    /// stay as lazy as the source made them.
    pub fn evaluate(&mut self, source: &str) -> Result<Value, Vec<Error>> {
        self.vm.restart_budget();
        let lambda = self.compile(source)?;
        let span = lambda.span();
        let value = self.vm.evaluate(lambda);
        let value = value.map_err(|error| vec![self.without_session_span(error)])?;
        self.run(span, move |co| async move {
            Ok(generators::force(&co, value).await)
        })
        .map_err(|e| vec![e])
    }

    /// Compiles `source` without running it: a thunk that evaluates it
    /// when forced, with the variables bound now.
    pub fn thunk(&mut self, source: &str) -> Result<Value, Vec<Error>> {
        let lambda = self.compile(source)?;
        Ok(Value::Thunk(Thunk::suspended(
            lambda,
            crate::value::Captures::none(),
        )))
    }

    fn compile(&mut self, source: &str) -> Result<Rc<crate::bytecode::Lambda>, Vec<Error>> {
        self.state.compile_source_in(
            "(string)".to_string(),
            source.to_string(),
            self.dir.clone(),
            Some(&self.variables),
        )
    }

    /// `value` evaluated to its top level (itself unless it is a thunk).
    pub fn force(&mut self, value: &Value) -> Result<Value, Error> {
        self.vm.restart_budget();
        if let Some(forced) = value.forced() {
            return Ok(forced);
        }
        let value = value.clone();
        self.run(self.span, move |co| async move {
            Ok(generators::force(&co, value).await)
        })
    }

    /// Calls `function` with `arg` and evaluates the result to its top
    /// level.
    pub fn call(&mut self, function: &Value, arg: Value) -> Result<Value, Error> {
        self.vm.restart_budget();
        let function = function.clone();
        self.run(self.span, move |co| async move {
            Ok(generators::call_forced(&co, function, vec![arg]).await)
        })
    }

    /// Calls a function whose formals all have a default or an `--arg`
    /// value, as `nix repl` does with a file it loads
    /// (`autoCallFunction`); other values are returned as they are.
    pub fn call_with_defaults(&mut self, value: Value) -> Result<Value, Error> {
        self.vm.restart_budget();
        let args = self.auto_args.clone();
        self.run(self.span, move |co| async move {
            let value = generators::force(&co, value).await;
            auto_call(&co, value, &args, true).await
        })
    }

    /// `import path`: the file's value, evaluated to its top level (cached
    /// until [`Session::forget_imports`]).
    pub fn import(&mut self, path: &Path) -> Result<Value, Error> {
        let import = self
            .state
            .globals()
            .get("import")
            .cloned()
            .ok_or_else(|| Error::from(ErrorKind::UndefinedVariable("import".into())))?;
        self.call(&import, Value::path(path))
    }

    /// Runs a generator as the only frame of the VM; its own errors point
    /// at `span`.
    fn run<F>(
        &mut self,
        span: Span,
        body: impl FnOnce(GenCo) -> F + 'static,
    ) -> Result<Value, Error>
    where
        F: std::future::Future<Output = Result<Value, ErrorKind>> + 'static,
    {
        let generator = new_generator(move |co: GenCo| Box::pin(body(co)));
        let result = self.vm.run_generator(Rc::from(""), span, generator);
        result.map_err(|error| self.without_session_span(error))
    }

    /// The error without a source position if it points at the session's
    /// empty source: an error of the session's own frames, or of code the
    /// evaluator made up, whose (meaningless) span is the start of the
    /// code map, where the session's source is.
    fn without_session_span(&self, mut error: Error) -> Error {
        if error.span == Some(self.span) {
            error.span = None;
        }
        error
    }

    /// The variables bound so far.
    pub fn variables(&self) -> &NixAttrs {
        &self.variables
    }

    /// Binds `name` for the sources compiled from now on.
    pub fn bind(&mut self, name: &str, value: Value) {
        self.variables = self.variables.insert(NixString::from(name), value);
    }

    /// Binds every attribute of `attrs` (`:a` and `:l` in a REPL).
    pub fn bind_all(&mut self, attrs: &NixAttrs) {
        self.variables = self.variables.update(attrs);
    }

    /// Forgets every variable.
    pub fn clear_variables(&mut self) {
        self.variables = NixAttrs::new();
    }

    /// The names every source sees without binding them (`builtins`,
    /// `true`, `map`, `__add`, ...), sorted.
    pub fn global_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.state.globals().keys().cloned().collect();
        names.sort();
        names
    }

    /// Forgets the files imported so far, so that importing them again
    /// reads them again (after they changed).
    pub fn forget_imports(&mut self) {
        self.state.import_cache.borrow_mut().clear();
    }

    /// File, line and column of a position in a source of this session.
    pub fn locate(&self, pos: SourcePos) -> Option<SourceLocation> {
        self.state.sources.locate(pos)
    }

    /// The error with its source snippet, as the command line shows it.
    pub fn render_error(&self, error: &Error, show_trace: bool) -> String {
        error.render(&self.codemap.borrow(), show_trace)
    }

    /// Warnings and traces so far that were not handed to an
    /// [`EvaluationBuilder::on_warning`] callback.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        self.state.take_warnings()
    }
}
