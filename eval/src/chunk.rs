//! Bytecode: the one declarative table of opcodes, and chunks of code.
//!
//! Operand conventions: `ConstIdx` indexes the chunk's constants,
//! `LambdaIdx` its nested lambdas, `Local` a stack slot relative to the
//! frame base, `Upvalue` the frame's captured values, `Jump` an offset
//! forward from the next instruction (`Loop` goes backwards). Opcodes that
//! need a forced operand leave the stack untouched when the operand is an
//! unevaluated thunk: the VM forces it and runs the opcode again.

use crate::value::{Lambda, SourcePos, Value};
use codemap::Span;
use std::rc::Rc;

macro_rules! opcodes {
    ($( $(#[doc = $doc:literal])* $name:ident $( ( $($operand:ty),* ) )? ; )*) => {
        /// A VM instruction.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Op {
            $( $(#[doc = $doc])* $name $( ( $($operand),* ) )?, )*
        }

        impl Op {
            /// The opcode's name, for disassembly.
            pub fn name(&self) -> &'static str {
                match self {
                    $( opcodes!(@pat $name $( ( $($operand),* ) )?) => stringify!($name), )*
                }
            }
        }
    };
    (@pat $name:ident) => { Op::$name };
    (@pat $name:ident ( $($operand:ty),* )) => { Op::$name(..) };
}

opcodes! {
    // -- stack and locals
    /// Push a constant.
    Constant(u32);
    /// Discard the top of the stack.
    Pop;
    /// Push a copy of a local slot.
    GetLocal(u32);
    /// Push a copy of a captured value.
    GetUpvalue(u32);
    /// Remove `n` slots below the top value (the end of a scope).
    CloseScope(u32);
    /// Force the value on top of the stack in place.
    Force;

    // -- closures, thunks and recursive bindings
    /// Create a thunk of a nested lambda; `Capture*` operands follow.
    MakeThunk(u32);
    /// `MakeThunk` of a leaf lambda (see `vm::leaf`) whose value may be
    /// computed at once: pushes the value when the captures allow it
    /// without forcing anything, else the thunk.
    MakeValueOrThunk(u32);
    /// Create a closure of a nested lambda; `Capture*` operands follow.
    MakeClosure(u32);
    /// Operand of `MakeThunk`/`MakeClosure`: capture a local slot.
    CaptureLocal(u32);
    /// Operand of `MakeThunk`/`MakeClosure`: capture an upvalue.
    CaptureUpvalue(u32);
    /// Build a thunk of a nested lambda inside the placeholder in a local
    /// slot (lambda, slot); `Capture*` operands follow.
    FillThunk(u32, u32);
    /// Push an empty placeholder for a recursive binding.
    Placeholder;
    /// Pop a value and fill the placeholder in a local slot with it.
    Finalise(u32);
    /// Jump if a local slot is not an unfilled placeholder.
    JumpIfFilled(u32, u32);

    // -- control flow
    Jump(u32);
    /// Pop a Boolean; jump if it is false.
    JumpIfFalse(u32);
    /// If the top Boolean is false, keep it and jump; else pop it.
    JumpIfFalseKeep(u32);
    /// If the top Boolean is true, keep it and jump; else pop it.
    JumpIfTrueKeep(u32);
    /// Check that the top of the stack is a Boolean.
    AssertBool;
    /// Pop a Boolean; fail the assertion (text in constant) if false.
    Assert(u32);
    /// Return the top of the stack from the frame.
    Return;

    // -- calls
    /// Pop a function and then its argument; call.
    Call;
    /// Start of a function with formals: check local 0 against them.
    ValidateFormals;
    /// Push the argument's attribute named by a constant, or fail.
    FormalArg(u32);
    /// Push the argument's attribute named by a constant, or a placeholder.
    FormalArgOrPlaceholder(u32);

    // -- operators
    Add;
    Sub;
    Mul;
    Div;
    Equal;
    NotEqual;
    Less;
    LessEq;
    More;
    MoreEq;
    /// `!`
    Invert;
    /// `++`
    Concat;
    /// `//`
    Update;

    // -- attribute sets and lists
    /// Pop `n` (key, value) pairs and build a set; null keys are skipped.
    /// The second operand indexes the chunk's table of key positions.
    Attrs(u32, u32);
    /// Pop `n` values and build a list.
    List(u32);
    /// `set.name` with the name a constant.
    Select(u32);
    /// `set.${key}` with the key on the stack above the set.
    SelectDynamic;
    /// `set.k1...kn or default`: on success jump over the default.
    SelectPathOr(u32, u32);
    /// `set ? k1...kn`: the set and `n` keys on the stack.
    HasAttrPath(u32);
    /// Check that a dynamic attribute name is a string (or null).
    AttrName;

    // -- strings, paths and scopes
    /// Pop `n` parts and concatenate them, coercing to strings.
    Interpolate(u32);
    /// Convert the top string to a path (interpolated path literals).
    ToPath;
    /// Resolve a name dynamically through `n` `with` sets on the stack.
    WithLookup(u32, u32);
    /// Speculation for a lazily bound `a OP b` (the operator a code, see
    /// `EagerOperator`): if both operands are evaluated numbers and the
    /// result is not an error, push it and jump over the creation of the
    /// thunk; otherwise pop them and create the thunk.
    EagerOperator(u8, u32);
    /// Speculation for a lazily bound `set.k1...kn` with constant keys: if
    /// every step is an evaluated set holding the key, push the value and
    /// jump over the creation of the thunk; otherwise pop and create it.
    EagerSelect(u32, u32);
    /// `rec { __overrides = ...; }`: force the set in a local slot and fill
    /// the placeholders of the bindings it names (a constant set mapping
    /// names to slots) with its values.
    Overrides(u32, u32);
}

/// What an `Attrs` instruction knows of its keys from the source.
#[derive(Debug)]
pub struct AttrTable {
    /// Where each key was written, in the order the pairs are pushed.
    pub positions: Box<[Option<SourcePos>]>,
    /// When every key is a static name and no two are equal: the pairs'
    /// indices in key order, so that the set is built without sorting or
    /// checking.
    pub key_order: Option<Box<[u32]>>,
}

/// The arithmetic, equality and ordering opcodes (pop two operands, push
/// the result), as a pattern.
macro_rules! binary_operator {
    () => {
        $crate::chunk::Op::Add
            | $crate::chunk::Op::Sub
            | $crate::chunk::Op::Mul
            | $crate::chunk::Op::Div
            | $crate::chunk::Op::Equal
            | $crate::chunk::Op::NotEqual
            | $crate::chunk::Op::Less
            | $crate::chunk::Op::LessEq
            | $crate::chunk::Op::More
            | $crate::chunk::Op::MoreEq
    };
}
pub(crate) use binary_operator;

/// Compiled bytecode with its constants, nested lambdas and spans.
#[derive(Default)]
pub struct Chunk {
    pub code: Vec<Op>,
    pub spans: Vec<Span>,
    pub constants: Vec<Value>,
    pub lambdas: Vec<Rc<Lambda>>,
    /// For each `Attrs` instruction, what is known of its keys.
    pub attr_tables: Vec<AttrTable>,
}

impl Chunk {
    pub fn push_op(&mut self, op: Op, span: Span) -> usize {
        self.code.push(op);
        self.spans.push(span);
        self.code.len() - 1
    }

    pub fn push_constant(&mut self, value: Value) -> u32 {
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
                out.push_str(&format!("{i:04} {op:?}\n"));
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
