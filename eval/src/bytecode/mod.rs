//! Bytecode: the layer between the compiler and the VM. It owns the
//! opcode table (`opcodes`), the binary operators with their own opcode
//! (`operators`), compiled functions (`lambda`: a chunk of code with its
//! constants, nested lambdas and spans), the expression trees of leaf
//! lambdas (`leaf`), the few lambdas assembled by hand (`synthetic`), and
//! the check of what the VM relies on in compiled code (`verify`).
//!
//! Values and bytecode refer to each other by nature: a closure value
//! holds a compiled lambda, whose constants are values.

mod lambda;
pub(crate) mod leaf;
mod opcodes;
pub(crate) mod operators;
pub(crate) mod synthetic;
mod verify;

pub use lambda::{Formals, Lambda};
pub use opcodes::Op;
pub use operators::BinOp;

use crate::value::{NixString, SourcePos, Value};
use codemap::Span;
use std::rc::Rc;

/// What an `Attrs` or `StaticAttrs` instruction knows of its keys from
/// the source.
#[derive(Debug)]
pub struct AttrTable {
    /// Where each key was written, in the order the pairs (or values)
    /// are pushed.
    pub positions: Box<[Option<SourcePos>]>,
    /// For `StaticAttrs` (every key a static name, no two equal): the
    /// keys in their order, each with the index of its value among those
    /// pushed, so that the set is built without pushing keys, sorting or
    /// checking.
    pub static_keys: Box<[(NixString, u32)]>,
}

/// Where a `WithLookup` finds one of the `with` sets it searches: the
/// hidden variable `with` binds, in a local slot of the frame or among its
/// upvalues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithSet {
    Local(u32),
    Upvalue(u32),
}

/// Compiled bytecode with its constants, nested lambdas and spans.
#[derive(Default)]
pub struct Chunk {
    pub code: Vec<Op>,
    pub spans: Vec<Span>,
    pub constants: Vec<Value>,
    pub lambdas: Vec<Rc<Lambda>>,
    /// For each `Attrs` instruction, what is known of its keys.
    pub attr_tables: Vec<AttrTable>,
    /// For each `WithLookup` instruction, its `with` sets, innermost
    /// first.
    pub with_tables: Vec<Box<[WithSet]>>,
    /// The static attribute paths of `SelectStaticPathOr`,
    /// `HasStaticAttrPath` and `EagerSelect` instructions.
    pub key_paths: Vec<Box<[NixString]>>,
}

impl Chunk {
    pub fn push_op(&mut self, op: Op, span: Span) -> usize {
        self.code.push(op);
        self.spans.push(span);
        self.code.len() - 1
    }

    pub fn push_constant(&mut self, value: Value) -> u32 {
        // Names and short strings of the program are interned, so that
        // set look-ups compare them by pointer (`value/intern.rs`).
        let value = match value {
            Value::String(s) => Value::String(crate::value::intern_string(s)),
            other => other,
        };
        self.constants.push(value);
        (self.constants.len() - 1) as u32
    }

    /// A human-readable listing of this chunk and its nested lambdas
    /// (iteratively, however deep they nest), for debugging.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        let mut work: Vec<(String, &Chunk)> = vec![("toplevel".into(), self)];
        while let Some((name, chunk)) = work.pop() {
            out.push_str(&format!("== {name}\n"));
            for (i, op) in chunk.code.iter().enumerate() {
                let effect = op.stack_effect();
                out.push_str(&format!("{i:04} {op:?}"));
                if let Some(offset) = op.jump_offset() {
                    out.push_str(&format!(" -> {:04}", i + 1 + offset as usize));
                }
                out.push_str(&format!("  [{effect:+}] {}\n", op.stack_doc()));
            }
            for (i, lambda) in chunk.lambdas.iter().enumerate().rev() {
                work.push((
                    format!("{name}/{i} {}", lambda.name().unwrap_or("")),
                    &lambda.chunk,
                ));
            }
        }
        out
    }
}
