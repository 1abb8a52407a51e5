//! Leaf lambdas: tiny functions computed on the spot, without a frame.
//!
//! Functions handed to builtins are often tiny: `a: b: a < b`,
//! `x: x.key`, `acc: x: acc + x`. When a lambda's code only reads its
//! argument, upvalues and constants, selects attributes and applies
//! operators, the compiler also turns it into a small expression tree (a
//! [`Leaf`], built by `compiler::leaf`) kept with the lambda. A call can
//! then compute it directly from references to its operands (`vm::leaf`):
//! no frame, no value stack, no bytecode loop. The moment anything needs
//! more (a thunk to force, an operand that is not a scalar, anything that
//! would fail) the attempt is abandoned, having changed nothing, and the
//! call takes the ordinary path, which does the whole work in full. So
//! results and errors are always exactly those of the bytecode.

use super::BinOp;
use crate::value::{NixString, Value};

/// A leaf lambda's body as an expression tree.
pub(crate) enum Leaf {
    /// The argument.
    Argument,
    /// The value a closure binds (local 1, see `Lambda::binds_outer_local`).
    Bound,
    Upvalue(u32),
    Constant(Value),
    /// The operand, which must be evaluated.
    Force(Box<Leaf>),
    Select(Box<Leaf>, NixString),
    Not(Box<Leaf>),
    /// `+ - * /`, equality or ordering.
    Binary(BinOp, Box<Leaf>, Box<Leaf>),
}
