//! The one declarative table of opcodes. Each entry names the opcode and
//! its operands, documents it (with a `stack: before => after` line, top
//! of the stack last), gives its effect on the height of the value stack
//! as an expression of its operands, and marks the operand that is a jump
//! offset. The compiler tracks stack heights and patches jumps from it,
//! the disassembler prints from it, and the VM runs the `Op` it defines.
//!
//! Operand conventions: a constant index addresses the chunk's
//! constants, a lambda index its nested lambdas, a slot a stack slot
//! relative to the frame base, an upvalue the frame's captured values, a
//! jump offset counts instructions forward from the next one. Opcodes that
//! need a forced operand leave the stack untouched when the operand is an
//! unevaluated thunk: the VM forces it and runs the opcode again.

use super::operators::BinOp;

macro_rules! opcodes {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $( ( $($field:ident : $ty:ty),* ) )? $( jump $jump:ident )? => $effect:expr;
    )*) => {
        /// A VM instruction.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Op {
            $( $(#[doc = $doc])* $name $( ( $($ty),* ) )?, )*
        }

        impl Op {
            /// One instruction of each opcode (with example operands).
            #[cfg(test)]
            fn one_of_each() -> Vec<Op> {
                vec![$( Op::$name $( ( $(<$ty as tests::Example>::EXAMPLE),* ) )?, )*]
            }

            /// The opcode's documentation, its `stack:` line included.
            pub fn doc(&self) -> &'static str {
                match self {
                    $( Op::$name $( ( $(opcodes!(@ignore $field)),* ) )? => concat!($($doc, "\n"),*), )*
                }
            }

            /// How many values the instruction adds to the value stack
            /// (negative: removes).
            #[allow(unused_variables)]
            pub fn stack_effect(&self) -> i64 {
                match *self {
                    $( Op::$name $( ( $($field),* ) )? => $effect, )*
                }
            }

            /// The jump offset, for instructions that jump.
            #[allow(unused_variables)]
            pub fn jump_offset(&self) -> Option<u32> {
                match *self {
                    $( Op::$name $( ( $($field),* ) )? => opcodes!(@offset $($jump)?), )*
                }
            }

            /// The instruction with its jump offset replaced; `None` for
            /// an instruction that does not jump.
            #[allow(unused_variables)]
            pub fn with_jump_offset(self, offset: u32) -> Option<Op> {
                match self {
                    $( Op::$name $( ( $($field),* ) )? => {
                        opcodes!(@patch offset, $name, ( $( $($field),* )? ), $($jump)?)
                    } )*
                }
            }
        }
    };
    (@ignore $field:ident) => { _ };
    (@offset) => { None };
    (@offset $jump:ident) => { Some($jump) };
    (@patch $offset:ident, $name:ident, ( $($field:ident),* ), ) => { None };
    (@patch $offset:ident, $name:ident, ( $($field:ident),* ), $jump:ident) => {{
        let $jump = $offset;
        Some(Op::$name($($field),*))
    }};
}

impl Op {
    /// The `stack:` line of the opcode's documentation, without the label.
    pub fn stack_doc(&self) -> &'static str {
        self.doc()
            .lines()
            .find_map(|line| line.trim().strip_prefix("stack:"))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// A count operand as a stack-height change.
const fn n(count: u32) -> i64 {
    count as i64
}

opcodes! {
    // -- stack and locals
    /// Push a constant.
    /// stack: => value
    Constant(constant: u32) => 1;
    /// Push a copy of a local slot.
    /// stack: => value
    GetLocal(slot: u32) => 1;
    /// Push a copy of a captured value.
    /// stack: => value
    GetUpvalue(upvalue: u32) => 1;
    /// Remove `count` slots below the top value (the end of a scope).
    /// stack: local1 ... localN, value => value
    CloseScope(count: u32) => -n(count);
    /// Force the value on top of the stack in place.
    /// stack: value => forced
    Force => 0;

    // -- closures, thunks and recursive bindings
    /// Create a thunk of a nested lambda; `Capture*` operands follow.
    /// stack: => thunk
    MakeThunk(lambda: u32) => 1;
    /// `MakeThunk` of a leaf lambda (see `leaf`) whose value may be
    /// computed at once: pushes the value when the captures allow it
    /// without forcing anything, else the thunk.
    /// stack: => value or thunk
    MakeValueOrThunk(lambda: u32) => 1;
    /// Create a closure of a nested lambda; `Capture*` operands follow.
    /// stack: => closure
    MakeClosure(lambda: u32) => 1;
    /// Operand of `MakeThunk`/`MakeClosure`/`FillThunk`: capture a local
    /// slot.
    /// stack: (unchanged)
    CaptureLocal(slot: u32) => 0;
    /// Operand of `MakeThunk`/`MakeClosure`/`FillThunk`: capture an
    /// upvalue.
    /// stack: (unchanged)
    CaptureUpvalue(upvalue: u32) => 0;
    /// Build a thunk of a nested lambda inside the placeholder in a local
    /// slot; `Capture*` operands follow.
    /// stack: (unchanged)
    FillThunk(lambda: u32, slot: u32) => 0;
    /// Push an empty placeholder for a recursive binding.
    /// stack: => placeholder
    Placeholder => 1;
    /// Fill the placeholder in a local slot with the top value.
    /// stack: value =>
    Finalise(slot: u32) => -1;
    /// Jump if a local slot is not an unfilled placeholder.
    /// stack: (unchanged)
    JumpIfFilled(slot: u32, offset: u32) jump offset => 0;

    // -- control flow
    /// Jump forward.
    /// stack: (unchanged)
    Jump(offset: u32) jump offset => 0;
    /// Jump if the Boolean on top is false.
    /// stack: condition =>
    JumpIfFalse(offset: u32) jump offset => -1;
    /// If the top Boolean is false, keep it and jump; else pop it.
    /// stack: condition => (condition if it jumps)
    JumpIfFalseKeep(offset: u32) jump offset => -1;
    /// If the top Boolean is true, keep it and jump; else pop it.
    /// stack: condition => (condition if it jumps)
    JumpIfTrueKeep(offset: u32) jump offset => -1;
    /// Check that the top of the stack is a Boolean.
    /// stack: value => value
    AssertBool => 0;
    /// Fail the assertion (its text a constant) if the Boolean is false.
    /// stack: condition =>
    Assert(text: u32) => -1;
    /// Return the top of the stack from the frame.
    /// stack: value =>
    Return => -1;
    /// `Force` then `Return`: how a thunk's code ends.
    /// stack: value =>
    ForceReturn => -1;
    /// Never compiled: stands for code that failed verification when its
    /// lambda was made (`verify`), and fails with an internal error.
    /// stack: (unchanged)
    Invalid => 0;

    // -- calls
    /// Call a function with an argument.
    /// stack: argument, function => result
    Call => -1;
    /// Start of a function with formals: check local 0 against them.
    /// stack: (unchanged)
    ValidateFormals => 0;
    /// Push the argument's attribute named by a constant, or fail.
    /// stack: => value
    FormalArg(name: u32) => 1;
    /// Push the argument's attribute named by a constant, or a
    /// placeholder for its default.
    /// stack: => value or placeholder
    FormalArgOrPlaceholder(name: u32) => 1;

    // -- operators
    /// Arithmetic, equality or ordering (see `BinOp`).
    /// stack: lhs, rhs => result
    Binary(operator: BinOp) => -1;
    /// `!`
    /// stack: value => !value
    Invert => 0;
    /// `++`
    /// stack: lhs, rhs => list
    Concat => -1;
    /// `//`
    /// stack: lhs, rhs => set
    Update => -1;

    // -- attribute sets and lists
    /// Build a set of `count` (key, value) pairs; null keys are skipped.
    /// `table` indexes the chunk's table of key positions.
    /// stack: key1, value1, ... keyN, valueN => set
    Attrs(count: u32, table: u32) => 1 - 2 * n(count);
    /// Build a set of `count` values whose keys, static names, `table`
    /// holds.
    /// stack: value1, ... valueN => set
    StaticAttrs(count: u32, table: u32) => 1 - n(count);
    /// Build a list.
    /// stack: value1 ... valueN => list
    List(count: u32) => 1 - n(count);
    /// `set.name` with the name a constant.
    /// stack: set => value
    Select(name: u32) => 0;
    /// `set.${key}`.
    /// stack: set, key => value
    SelectDynamic => -1;
    /// `set.k1...kn or default`: on success push the value and jump over
    /// the default.
    /// stack: set, k1 ... kn => (value if it jumps)
    SelectPathOr(count: u32, offset: u32) jump offset => -n(count) - 1;
    /// `set ? k1...kn`.
    /// stack: set, k1 ... kn => Boolean
    HasAttrPath(count: u32) => -n(count);
    /// `SelectPathOr` of a path of static names (`path` indexes the
    /// chunk's key paths).
    /// stack: set => (value if it jumps)
    SelectStaticPathOr(path: u32, offset: u32) jump offset => -1;
    /// `HasAttrPath` of a path of static names.
    /// stack: set => Boolean
    HasStaticAttrPath(path: u32) => 0;
    /// Check that a dynamic attribute name is a string (or null).
    /// stack: name => name
    AttrName => 0;

    // -- strings, paths and scopes
    /// Concatenate `count` parts, coercing them to strings.
    /// stack: part1 ... partN => string
    Interpolate(count: u32) => 1 - n(count);
    /// Convert the top string to a path (interpolated path literals).
    /// stack: string => path
    ToPath => 0;
    /// Resolve a name (a constant) dynamically through the `with` sets
    /// that `table` (an index into the chunk's `with` tables) locates,
    /// innermost first; they are read in place.
    /// stack: => value
    WithLookup(name: u32, table: u32) => 1;
    /// Speculation for a lazily bound `a OP b`: if both operands are
    /// evaluated numbers and the result is not an error, push it and jump
    /// over the creation of the thunk; otherwise pop them and go on to
    /// create the thunk.
    /// stack: lhs, rhs => (result if it jumps)
    EagerOperator(operator: BinOp, offset: u32) jump offset => -2;
    /// Speculation for a lazily bound `set.k1...kn` with static keys
    /// (`path` indexes the chunk's key paths): if every step is an
    /// evaluated set holding the key, push the value and jump over the
    /// creation of the thunk; otherwise pop and go on.
    /// stack: set => (value if it jumps)
    EagerSelect(path: u32, offset: u32) jump offset => -1;
    /// `rec { __overrides = ...; }`: force the set in a local slot and
    /// fill the placeholders of the bindings it names (a constant set
    /// mapping names to slots) with its values.
    /// stack: (unchanged)
    Overrides(slot: u32, names: u32) => 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An operand value for `Op::one_of_each`.
    pub(super) trait Example {
        const EXAMPLE: Self;
    }
    impl Example for u32 {
        const EXAMPLE: u32 = 1;
    }
    impl Example for BinOp {
        const EXAMPLE: BinOp = BinOp::Add;
    }

    #[test]
    fn jumps_are_declared() {
        assert_eq!(Op::Jump(3).jump_offset(), Some(3));
        assert_eq!(
            Op::SelectPathOr(2, 0).with_jump_offset(7),
            Some(Op::SelectPathOr(2, 7))
        );
        assert_eq!(
            Op::EagerOperator(BinOp::Add, 0).with_jump_offset(4),
            Some(Op::EagerOperator(BinOp::Add, 4))
        );
        assert_eq!(Op::Call.jump_offset(), None);
        assert_eq!(Op::List(2).with_jump_offset(1), None);
    }

    #[test]
    fn stack_effects_come_from_the_operands() {
        assert_eq!(Op::Attrs(3, 0).stack_effect(), -5);
        assert_eq!(Op::List(0).stack_effect(), 1);
        assert_eq!(Op::Binary(BinOp::Less).stack_effect(), -1);
        assert_eq!(Op::SelectPathOr(2, 9).stack_effect(), -3);
    }

    #[test]
    fn every_opcode_documents_its_stack() {
        assert_eq!(Op::Call.stack_doc(), "argument, function => result");
        for op in Op::one_of_each() {
            assert!(!op.stack_doc().is_empty(), "{op:?} has no stack line");
            // An opcode that jumps declares its offset, and only then can
            // it be patched.
            assert_eq!(op.jump_offset().is_some(), op.with_jump_offset(0).is_some());
        }
    }
}
