//! Compiled functions: a lambda is a chunk of bytecode with what calls
//! need to know of it (its captures, argument pattern, name and span),
//! and, for the smallest ones, its code as an expression tree.

use super::leaf::Leaf;
use super::{Chunk, Op};
use crate::value::{NixString, SourcePos};
use codemap::Span;
use std::cell::Cell;
use std::rc::Rc;

/// The formal arguments of a `{ a, b ? 1, ... }:` lambda.
#[derive(Debug, Clone)]
pub struct Formals {
    /// Argument names, with whether each has a default, in sorted order.
    pub arguments: Vec<(NixString, bool)>,
    /// Where each argument is named, in the order of `arguments`.
    pub positions: Vec<Option<SourcePos>>,
    pub ellipsis: bool,
    pub span: Span,
}

impl Formals {
    pub fn accepts(&self, name: &crate::value::NixString) -> bool {
        self.ellipsis || self.arguments.iter().any(|(n, _)| n == name)
    }
}

/// Compiled code of a function or thunk body.
pub struct Lambda {
    pub(crate) chunk: Chunk,
    pub(crate) upvalue_count: usize,
    pub(crate) formals: Option<Formals>,
    /// The name it was bound to, for error traces.
    pub(crate) name: Option<String>,
    pub(crate) span: Span,
    /// Whether the code only builds and returns an inner closure.
    pub(crate) curried: bool,
    /// The code as an expression tree, when calls may compute it on the
    /// spot (see `leaf`).
    pub(crate) leaf: Option<Leaf>,
    /// Failed attempts to compute `leaf` in a row (see `vm::leaf`).
    pub(crate) leaf_misses: Cell<u8>,
    /// The lambda captures nothing of its own: its closures and thunks
    /// share the captured values of the frame that makes them, and its
    /// code names them by that frame's indices (`upvalue_count` is 0).
    pub(crate) shares_captures: bool,
    /// The lambda's local 1 is the enclosing frame's local 0, bound when
    /// its closure is made (`Closure::bound`) and pushed after the
    /// argument when it is called; it also shares the enclosing frame's
    /// captured values. This is how the inner function of `a: b: ...`
    /// holds `a` and the outer function's captures with two counts,
    /// instead of an array with a copy of each (see
    /// `compiler::Compiler::binds_outer_local`).
    pub(crate) binds_outer_local: bool,
}

impl Lambda {
    /// A lambda of `chunk`; `leaf` is its code as an expression tree when
    /// the compiler found one (see `leaf`). Code that does not keep what
    /// the VM relies on (`verify`) is replaced by code that fails.
    pub(crate) fn new(
        mut chunk: Chunk,
        upvalue_count: usize,
        formals: Option<Formals>,
        name: Option<String>,
        span: Span,
        leaf: Option<Leaf>,
    ) -> Self {
        if !super::verify::is_well_formed(&chunk) {
            chunk.code = super::verify::invalid_code();
            chunk.spans = vec![span; chunk.code.len()];
        }
        let mut lambda = Lambda {
            chunk,
            upvalue_count,
            formals,
            name,
            span,
            curried: false,
            leaf,
            leaf_misses: Cell::new(0),
            shares_captures: false,
            binds_outer_local: false,
        };
        lambda.curried = lambda.inner_closure().is_some();
        lambda
    }

    /// Sets how the lambda gets the values it needs from outside (see
    /// `shares_captures` and `binds_outer_local`), which decides whether
    /// its code counts as curried.
    pub(crate) fn set_capture_mode(&mut self, shares_captures: bool, binds_outer_local: bool) {
        self.shares_captures = shares_captures;
        self.binds_outer_local = binds_outer_local;
        self.curried = self.inner_closure().is_some();
    }

    /// For `x: <lambda>` whose code only builds the inner closure, that
    /// inner lambda, so that a call can build it without a frame.
    #[inline]
    pub(crate) fn returns_closure(&self) -> Option<&Rc<Lambda>> {
        if !self.curried {
            return None;
        }
        // `curried` says the code was checked (`inner_closure`): only the
        // first instruction needs reading again.
        match self.chunk.code.first() {
            Some(Op::MakeClosure(idx)) => self.chunk.lambdas.get(*idx as usize),
            _ => None,
        }
    }

    fn inner_closure(&self) -> Option<&Rc<Lambda>> {
        if self.formals.is_some() {
            return None;
        }
        let code = &self.chunk.code;
        let Op::MakeClosure(idx) = *code.first()? else {
            return None;
        };
        let inner = self.chunk.lambdas.get(idx as usize)?;
        if inner.shares_captures && !inner.binds_outer_local {
            return None;
        }
        let captures = &code[1..code.len().saturating_sub(1)];
        let only_captures = captures.len() == inner.upvalue_count
            && captures.iter().all(|op| match op {
                Op::CaptureLocal(slot) => *slot == 0 || (*slot == 1 && self.binds_outer_local),
                Op::CaptureUpvalue(_) => true,
                _ => false,
            });
        (code.len() == inner.upvalue_count + 2
            && matches!(code.last(), Some(Op::Return))
            && only_captures)
            .then_some(inner)
    }

    pub fn formals(&self) -> Option<&Formals> {
        self.formals.as_ref()
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    pub fn span(&self) -> Span {
        self.span
    }
}
