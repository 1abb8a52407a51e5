//! Builtin functions as values: a definition (name, arity, which
//! arguments are forced before the call, documentation, implementation)
//! plus the arguments of a partial application.
//!
//! # Declaring a builtin
//!
//! A builtin is declared by one constructor call that names it,
//! documents it and gives its implementation as a closure over a
//! *tuple of typed parameters*:
//!
//! ```ignore
//! BuiltinDef::plain("genList", "A list of `n` elements...", |(f, n): (Lazy, i64)| { ... })
//! ```
//!
//! The tuple is the declaration of the parameters: its length is the
//! arity, and each type says whether its argument is forced before the
//! call ([`Lazy`] is not, every other type is) and what it must be
//! (`i64`, `f64` for "an integer or a float", `bool`, `NixString`,
//! `NixList`, `NixAttrs`, [`Function`], or any `Value`), converted with
//! exactly the type error C++ Nix gives ([`FromArgument`]). Arity and
//! strictness are therefore never written apart from the parameter list
//! they describe, and the generated reference (`builtins::reference`)
//! reads them, with the documentation, from the definitions.
//!
//! # Calling protocols
//!
//! The constructor chooses how the VM runs the body, and there are only
//! as many as the VM needs:
//! - [`BuiltinDef::plain`]: plain Rust, run inline ([`BuiltinFn::Sync`]);
//! - [`BuiltinDef::generator`]: an `async` body that forces values or
//!   calls functions through `GenCo` in a generator frame
//!   ([`BuiltinFn::Async`]); [`BuiltinDef::with_fast_path`] adds plain
//!   Rust for the cases that need no frame ([`BuiltinFn::FastPath`]);
//! - [`BuiltinDef::native`]: a state machine the VM drives step by step,
//!   for hot loops calling Nix functions ([`BuiltinFn::Native`]);
//! - [`BuiltinDef::reading`]: plain Rust over a reference to its one
//!   argument, which a call runs where the argument lies on the VM's
//!   stack (the type predicates, `length`); `with_reading_fast_path`
//!   gives another builtin of one argument such code for its common
//!   cases (`toString`, `head`).
//!
//! Every builtin of the evaluator is declared with these typed
//! constructors. [`BuiltinDef::sync`] remains as the one untyped form,
//! for embedders whose builtins are plain Rust over forced arguments: it
//! takes an explicit arity and passes the arguments as a vector. An
//! embedder may as well use the typed constructors, which are public.

mod arguments;
pub(crate) mod protocol;

pub use arguments::{FromArgument, Function, Lazy, Parameters};

use super::Value;
use crate::errors::ErrorKind;
use protocol::{GenCo, GenFuture, NativeStart};
use std::rc::Rc;

/// The plain Rust half of [`BuiltinFn::FastPath`]: the result, or `None`
/// to run the generator half with the arguments as they were.
pub type FastPathFn = dyn Fn(&mut Vec<Value>) -> Option<Result<Value, ErrorKind>>;

/// The implementation of a builtin.
#[derive(Clone)]
pub enum BuiltinFn {
    /// Plain Rust over its (strict arguments already forced) arguments.
    Sync(Rc<dyn Fn(Vec<Value>) -> Result<Value, ErrorKind>>),
    /// Rust that must force values or call functions: an `async` body that
    /// yields requests to the VM through `GenCo`.
    Async(Rc<dyn Fn(GenCo, Vec<Value>) -> GenFuture>),
    /// `Async` with plain Rust for the common cases: the first function
    /// answers without a generator frame, or returns `None` (leaving the
    /// arguments as they were) for the second to run.
    FastPath(Rc<FastPathFn>, Rc<dyn Fn(GenCo, Vec<Value>) -> GenFuture>),
    /// A state machine the VM drives step by step (see [`protocol`]):
    /// for hot loops that call Nix functions.
    Native(Rc<dyn Fn(Vec<Value>) -> Result<NativeStart, ErrorKind>>),
}

/// The definition of a builtin function.
pub struct BuiltinDef {
    /// The name, as in `builtins.NAME`.
    pub name: String,
    /// How many arguments it takes before it runs.
    pub arity: usize,
    /// Bit `i` set: argument `i` is forced before the implementation runs.
    pub strict_args: u64,
    /// What it does, for the reference and the REPL's `:doc`.
    pub documentation: &'static str,
    /// The code that runs once all arguments are given.
    pub implementation: BuiltinFn,
    /// For a builtin of one argument: code over a reference to the
    /// argument, which a call runs on the argument where it lies.
    pub(crate) in_place: Option<InPlace>,
}

/// The code of a [`BuiltinDef::reading`] builtin.
pub type ReadingFn = fn(&Value) -> Result<Value, ErrorKind>;

/// How a builtin of one argument answers for its (evaluated) argument
/// read where it lies on the VM's stack.
#[derive(Clone, Copy)]
pub(crate) enum InPlace {
    /// Always: a [`BuiltinDef::reading`] builtin.
    Always(ReadingFn),
    /// For the common cases, `None` for the others, which take the
    /// builtin's ordinary call (see [`BuiltinDef::with_reading_fast_path`]).
    Often(fn(&Value) -> Option<Result<Value, ErrorKind>>),
}

impl BuiltinDef {
    /// A builtin in plain Rust, typed: `f` takes a tuple of parameters
    /// whose length is the arity and whose types say which arguments
    /// are forced and what they must be (see [`FromArgument`]).
    pub fn plain<P: Parameters>(
        name: impl Into<String>,
        documentation: &'static str,
        f: impl Fn(P) -> Result<Value, ErrorKind> + 'static,
    ) -> Self {
        Self::typed::<P>(
            name.into(),
            documentation,
            BuiltinFn::Sync(Rc::new(move |args| f(P::from_arguments(args)?))),
        )
    }

    /// A builtin of one argument, forced, that only reads it: `f` gets a
    /// reference to the evaluated argument. A call runs `f` on the
    /// argument where it lies on the VM's stack, without the vector of
    /// arguments other builtins get, a copy of the argument or a call
    /// through a boxed closure: the type predicates, `length` and
    /// `typeOf`, which the module system calls hundreds of thousands of
    /// times each.
    pub fn reading(name: impl Into<String>, documentation: &'static str, f: ReadingFn) -> Self {
        BuiltinDef {
            name: name.into(),
            arity: 1,
            strict_args: 1,
            documentation,
            implementation: BuiltinFn::Sync(Rc::new(move |args: Vec<Value>| match args.first() {
                Some(value) => f(value),
                None => Err(ErrorKind::internal("a builtin called without its argument")),
            })),
            in_place: Some(InPlace::Always(f)),
        }
    }

    /// A typed builtin with an `async` body that may force values and
    /// call functions through `GenCo` (see [`BuiltinFn::Async`]).
    pub fn generator<P: Parameters>(
        name: impl Into<String>,
        documentation: &'static str,
        f: impl Fn(GenCo, P) -> GenFuture + 'static,
    ) -> Self {
        Self::typed::<P>(
            name.into(),
            documentation,
            BuiltinFn::Async(Rc::new(move |co, args| match P::from_arguments(args) {
                Ok(parameters) => f(co, parameters),
                Err(e) => Box::pin(async move { Err(e) }),
            })),
        )
    }

    /// A typed builtin run as a native frame (see [`protocol`]).
    pub fn native<P: Parameters>(
        name: impl Into<String>,
        documentation: &'static str,
        f: impl Fn(P) -> Result<NativeStart, ErrorKind> + 'static,
    ) -> Self {
        Self::typed::<P>(
            name.into(),
            documentation,
            BuiltinFn::Native(Rc::new(move |args| f(P::from_arguments(args)?))),
        )
    }

    /// Gives a [`Self::generator`] builtin plain Rust for the cases that
    /// need no generator frame: `fast` sees the (strict ones evaluated)
    /// arguments before conversion and answers, or returns `None` for
    /// the generator to run. Any other builtin is returned unchanged.
    pub fn with_fast_path(
        mut self,
        fast: impl Fn(&[Value]) -> Option<Result<Value, ErrorKind>> + 'static,
    ) -> Self {
        if let BuiltinFn::Async(f) = self.implementation {
            self.implementation = BuiltinFn::FastPath(Rc::new(move |args| fast(args)), f);
        }
        self
    }

    /// Gives a builtin of one argument plain Rust over a reference to
    /// the evaluated argument for the common cases (`None` for the
    /// others), which a call runs where the argument lies, as it runs a
    /// [`Self::reading`] builtin (`toString` of a string or a number,
    /// `head` of a list whose first element is evaluated).
    pub(crate) fn with_reading_fast_path(
        mut self,
        fast: fn(&Value) -> Option<Result<Value, ErrorKind>>,
    ) -> Self {
        if self.arity == 1 {
            self.in_place = Some(InPlace::Often(fast));
        }
        self
    }

    fn typed<P: Parameters>(
        name: String,
        documentation: &'static str,
        implementation: BuiltinFn,
    ) -> Self {
        BuiltinDef {
            name,
            arity: P::ARITY,
            strict_args: P::STRICT,
            documentation,
            implementation,
            in_place: None,
        }
    }

    /// An untyped builtin for embedders: `f` gets the `arity` arguments,
    /// all forced, as a vector.
    pub fn sync(
        name: impl Into<String>,
        arity: usize,
        documentation: &'static str,
        f: impl Fn(Vec<Value>) -> Result<Value, ErrorKind> + 'static,
    ) -> Self {
        BuiltinDef {
            name: name.into(),
            arity,
            strict_args: all_strict(arity),
            documentation,
            implementation: BuiltinFn::Sync(Rc::new(f)),
            in_place: None,
        }
    }

    /// Whether argument `index` is forced before the implementation runs.
    pub fn is_strict(&self, index: usize) -> bool {
        index < 64 && self.strict_args & (1u64 << index) != 0
    }
}

fn all_strict(arity: usize) -> u64 {
    if arity >= 64 {
        u64::MAX
    } else {
        (1u64 << arity) - 1
    }
}

/// A builtin applied to fewer arguments than its arity.
#[derive(Clone)]
pub struct Builtin {
    pub(crate) def: Rc<BuiltinDef>,
    pub(crate) args: Vec<Value>,
}

impl Builtin {
    /// The builtin `def`, with no arguments applied yet.
    pub fn new(def: Rc<BuiltinDef>) -> Self {
        Builtin {
            def,
            args: Vec::new(),
        }
    }

    /// The builtin's name.
    pub fn name(&self) -> &str {
        &self.def.name
    }

    /// Its definition.
    pub fn def(&self) -> &Rc<BuiltinDef> {
        &self.def
    }

    /// Applied arguments so far.
    pub fn applied(&self) -> &[Value] {
        &self.args
    }
}
