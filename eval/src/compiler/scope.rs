//! Compile-time scopes: the locals of the function being compiled, the
//! values it captures from enclosing functions, and name resolution results.

use crate::bytecode::{Chunk, Op};
use crate::bytecode::{Formals, Lambda};
use crate::value::Value;
use codemap::Span;

/// Where a name is bound.
pub(super) enum Resolved {
    Local(u32),
    Upvalue(u32),
    Global(Value),
    /// Not bound statically: looked up in these `with` scopes at runtime.
    Dynamic(Vec<String>),
    Undefined,
}

/// Where a captured value comes from in the enclosing function.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Capture {
    Local(u32),
    Upvalue(u32),
}

pub(super) struct Local {
    /// `None` for temporaries no code refers to by name.
    pub name: Option<String>,
    pub slot: u32,
    pub is_with: bool,
}

/// A function (or thunk body) being compiled.
pub(super) struct LambdaCtx {
    pub chunk: Chunk,
    pub locals: Vec<Local>,
    pub captures: Vec<(String, Capture)>,
    /// Values on the stack of this frame right now.
    pub height: u32,
    pub name: Option<String>,
    pub formals: Option<Formals>,
    /// The function refers to no local of the enclosing function, so it
    /// captures nothing of its own: it shares the enclosing function's
    /// captured values and names them by the enclosing function's indices
    /// (see `Compiler::may_share_captures`).
    pub shares_parent: bool,
    /// The function's local 1 is the enclosing function's local 0 (see
    /// `Compiler::binds_outer_local`); it also shares the enclosing
    /// function's captured values.
    pub binds_outer_local: bool,
    /// A function (local 0 its argument), not a thunk or the top level.
    pub is_function: bool,
}

impl LambdaCtx {
    pub fn new(name: Option<String>) -> Self {
        LambdaCtx {
            chunk: Chunk::default(),
            locals: Vec::new(),
            captures: Vec::new(),
            height: 0,
            name,
            formals: None,
            shares_parent: false,
            binds_outer_local: false,
            is_function: false,
        }
    }

    pub fn find_local(&self, name: &str) -> Option<u32> {
        self.locals
            .iter()
            .rev()
            .find(|l| l.name.as_deref() == Some(name))
            .map(|l| l.slot)
    }

    pub fn add_capture(&mut self, name: &str, capture: Capture) -> u32 {
        if let Some(idx) = self
            .captures
            .iter()
            .position(|(n, c)| n == name && *c == capture)
        {
            return idx as u32;
        }
        self.captures.push((name.to_string(), capture));
        (self.captures.len() - 1) as u32
    }

    pub fn finish(self, span: Span) -> Lambda {
        debug_assert!(matches!(
            self.chunk.code.last(),
            Some(Op::Return | Op::ForceReturn)
        ));
        // Functions with formals need their argument checked: never leaves.
        let leaf = match self.formals {
            None => super::leaf::compile_leaf(&self.chunk, self.binds_outer_local),
            Some(_) => None,
        };
        let mut lambda = Lambda::new(
            self.chunk,
            self.captures.len(),
            self.formals,
            self.name,
            span,
            leaf,
        );
        lambda.set_capture_mode(self.shares_parent, self.binds_outer_local);
        lambda
    }
}
