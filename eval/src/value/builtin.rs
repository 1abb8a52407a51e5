//! Builtin functions as values: a definition (name, arity, which
//! arguments are forced before the call, documentation, implementation)
//! plus the arguments of a partial application.

use super::Value;
use crate::errors::ErrorKind;
use crate::vm::generators::{GenCo, GenFuture};
use crate::vm::native::NativeStart;
use std::rc::Rc;

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
    FastPath(
        Rc<dyn Fn(&mut Vec<Value>) -> Option<Result<Value, ErrorKind>>>,
        Rc<dyn Fn(GenCo, Vec<Value>) -> GenFuture>,
    ),
    /// A state machine the VM drives step by step (see [`crate::vm::native`]):
    /// for hot loops that call Nix functions.
    Native(Rc<dyn Fn(Vec<Value>) -> Result<NativeStart, ErrorKind>>),
}

/// The definition of a builtin function.
pub struct BuiltinDef {
    pub name: String,
    pub arity: usize,
    /// Bit `i` set: argument `i` is forced before the implementation runs.
    pub strict_args: u64,
    pub documentation: &'static str,
    pub implementation: BuiltinFn,
}

impl BuiltinDef {
    /// A builtin whose arguments are all forced before it runs.
    pub fn sync(
        name: impl Into<String>,
        arity: usize,
        documentation: &'static str,
        f: impl Fn(Vec<Value>) -> Result<Value, ErrorKind> + 'static,
    ) -> Self {
        Self::strict(
            name.into(),
            arity,
            documentation,
            BuiltinFn::Sync(Rc::new(f)),
        )
    }

    /// An `async` builtin whose arguments are all forced before it runs.
    pub fn generator(
        name: impl Into<String>,
        arity: usize,
        documentation: &'static str,
        f: impl Fn(GenCo, Vec<Value>) -> GenFuture + 'static,
    ) -> Self {
        Self::strict(
            name.into(),
            arity,
            documentation,
            BuiltinFn::Async(Rc::new(f)),
        )
    }

    /// Like [`Self::generator`], with plain Rust for the cases that need
    /// no generator (see [`BuiltinFn::FastPath`]).
    pub fn generator_with_fast_path(
        name: impl Into<String>,
        arity: usize,
        documentation: &'static str,
        fast: impl Fn(&mut Vec<Value>) -> Option<Result<Value, ErrorKind>> + 'static,
        f: impl Fn(GenCo, Vec<Value>) -> GenFuture + 'static,
    ) -> Self {
        Self::strict(
            name.into(),
            arity,
            documentation,
            BuiltinFn::FastPath(Rc::new(fast), Rc::new(f)),
        )
    }

    /// A builtin run as a native frame, its arguments forced before.
    pub fn native(
        name: impl Into<String>,
        arity: usize,
        documentation: &'static str,
        f: impl Fn(Vec<Value>) -> Result<NativeStart, ErrorKind> + 'static,
    ) -> Self {
        Self::strict(
            name.into(),
            arity,
            documentation,
            BuiltinFn::Native(Rc::new(f)),
        )
    }

    fn strict(
        name: String,
        arity: usize,
        documentation: &'static str,
        implementation: BuiltinFn,
    ) -> Self {
        BuiltinDef {
            name,
            arity,
            strict_args: all_strict(arity),
            documentation,
            implementation,
        }
    }

    /// Marks argument `index` as lazy: passed to the implementation unforced.
    pub fn lazy_arg(mut self, index: usize) -> Self {
        self.strict_args &= !(1u64 << index);
        self
    }

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
    pub fn new(def: Rc<BuiltinDef>) -> Self {
        Builtin {
            def,
            args: Vec::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.def.name
    }

    pub fn def(&self) -> &Rc<BuiltinDef> {
        &self.def
    }

    /// Applied arguments so far.
    pub fn applied(&self) -> &[Value] {
        &self.args
    }
}
