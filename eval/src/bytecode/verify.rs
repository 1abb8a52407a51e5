//! What the VM relies on in a chunk's code, checked once when its lambda
//! is made, so that the bytecode loop can fetch instructions without a
//! bounds check (see `vm/instruction_pointer.rs`):
//!
//! - the code ends with an instruction that leaves the frame (`Return`,
//!   `ForceReturn`), so running on from any instruction but the last
//!   stays inside the code;
//! - every jump lands on an instruction of the code;
//! - the capture operands that follow `MakeThunk`, `MakeValueOrThunk`,
//!   `MakeClosure` and `FillThunk` (as many as the nested lambda's
//!   `upvalue_count`) lie inside the code, before its last instruction,
//!   and the nested lambda exists.
//!
//! The compiler and the hand-assembled lambdas produce such code by
//! construction; code that is not (a bug) is replaced by code that fails
//! with an internal error rather than trusted.

use super::{Chunk, Op};

/// Whether `chunk`'s code keeps the promises above.
pub(super) fn is_well_formed(chunk: &Chunk) -> bool {
    let code = &chunk.code;
    let Some(last) = code.last() else {
        return false;
    };
    if !matches!(last, Op::Return | Op::ForceReturn) {
        return false;
    }
    code.iter().enumerate().all(|(i, op)| {
        let next = i + 1;
        if let Some(offset) = op.jump_offset() {
            return next
                .checked_add(offset as usize)
                .is_some_and(|target| target < code.len());
        }
        match op {
            Op::MakeThunk(idx)
            | Op::MakeValueOrThunk(idx)
            | Op::MakeClosure(idx)
            | Op::FillThunk(idx, _) => chunk.lambdas.get(*idx as usize).is_some_and(|inner| {
                next.checked_add(inner.upvalue_count)
                    .is_some_and(|end| end < code.len())
            }),
            _ => true,
        }
    })
}

/// The code that stands in for code that is not well formed: it fails
/// with an internal error as soon as it runs.
pub(super) fn invalid_code() -> Vec<Op> {
    vec![Op::Invalid, Op::Return]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::synthetic::chunk_of as chunk;
    use crate::bytecode::Lambda;
    use std::rc::Rc;

    #[test]
    fn code_the_compiler_emits_is_well_formed() {
        assert!(is_well_formed(&chunk(&[
            Op::GetLocal(0),
            Op::JumpIfFalse(1),
            Op::Constant(0),
            Op::Return,
        ])));
        assert!(is_well_formed(&chunk(&[Op::Force, Op::ForceReturn])));
    }

    #[test]
    fn code_without_an_ending_return_is_not() {
        assert!(!is_well_formed(&chunk(&[])));
        assert!(!is_well_formed(&chunk(&[Op::GetLocal(0)])));
        assert!(!is_well_formed(&chunk(&[Op::Return, Op::GetLocal(0)])));
    }

    #[test]
    fn jumps_must_land_inside_the_code() {
        // From index 1, offset 1 lands on index 3: the last instruction.
        assert!(is_well_formed(&chunk(&[
            Op::GetLocal(0),
            Op::Jump(1),
            Op::GetLocal(0),
            Op::Return,
        ])));
        assert!(!is_well_formed(&chunk(&[
            Op::GetLocal(0),
            Op::Jump(2),
            Op::GetLocal(0),
            Op::Return,
        ])));
        assert!(!is_well_formed(&chunk(&[Op::Jump(u32::MAX), Op::Return])));
    }

    #[test]
    fn captures_must_lie_inside_the_code_and_the_lambda_exist() {
        let inner = chunk(&[Op::GetUpvalue(0), Op::GetUpvalue(1), Op::Return]);
        let span = inner.spans[0];
        let inner = Rc::new(Lambda::new(inner, 2, None, None, span, None));
        let mut outer = chunk(&[
            Op::MakeThunk(0),
            Op::CaptureLocal(0),
            Op::CaptureLocal(1),
            Op::Return,
        ]);
        outer.lambdas.push(inner.clone());
        assert!(is_well_formed(&outer));

        let mut short = chunk(&[Op::MakeThunk(0), Op::CaptureLocal(0), Op::Return]);
        short.lambdas.push(inner);
        assert!(!is_well_formed(&short));

        let missing = chunk(&[Op::MakeClosure(0), Op::Return]);
        assert!(!is_well_formed(&missing));
    }

    #[test]
    fn a_lambda_of_malformed_code_gets_code_that_fails() {
        let bad = chunk(&[Op::GetLocal(0), Op::Jump(7), Op::Return]);
        let span = bad.spans[0];
        let lambda = Lambda::new(bad, 0, None, None, span, None);
        assert_eq!(lambda.chunk.code, invalid_code());
        assert_eq!(lambda.chunk.spans.len(), lambda.chunk.code.len());
    }
}
