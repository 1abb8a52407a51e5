//! The instruction pointer of a bytecode frame: a pointer into its
//! lambda's code rather than an index, so that fetching the next
//! instruction is one load from the frame and one from the code, with no
//! bounds check.
//!
//! An index costs, for every instruction run, a load of the lambda, of the
//! code's pointer and length, a comparison and a branch: 8 of the about 18
//! instructions of dispatch (see docs/performance.md, "The instruction
//! pointer"). What makes the unchecked fetch sound:
//!
//! - the pointer is only made by [`InstructionPointer::start`] from the
//!   lambda the frame holds (`CodeFrame::new`), and the frame holds that
//!   `Rc<Lambda>` for as long as it holds the pointer; a lambda's code is
//!   never changed once the lambda exists;
//! - the code was checked when the lambda was made (`bytecode/verify.rs`):
//!   it ends with an instruction that leaves the frame, jumps land inside
//!   it and capture operands lie inside it, so advancing past any
//!   instruction but the last, by a jump or past captures, stays inside.

use crate::bytecode::{Lambda, Op};
use std::ptr::NonNull;

/// Where a bytecode frame is in its lambda's code: at the instruction it
/// runs next.
pub(crate) struct InstructionPointer(NonNull<Op>);

impl InstructionPointer {
    /// At the first instruction of `lambda`'s code. The caller keeps
    /// `lambda` alive for as long as it uses the pointer.
    #[inline(always)]
    pub fn start(lambda: &Lambda) -> Self {
        // A well-formed chunk has at least one instruction; the pointer
        // of a `Vec` is never null.
        InstructionPointer(NonNull::from(lambda.chunk.code.as_slice()).cast())
    }

    /// The instruction under the pointer, which then moves past it.
    #[inline(always)]
    pub fn fetch(&mut self) -> Op {
        // SAFETY: see the module documentation: the pointer is inside
        // the code of a live lambda, as every move keeps it.
        unsafe {
            let op = *self.0.as_ptr();
            self.0 = self.0.add(1);
            op
        }
    }

    /// The instruction after the one just fetched (which was not the
    /// last: only the last leaves the frame without a successor).
    #[inline(always)]
    pub fn peek(&self) -> Op {
        // SAFETY: as in `fetch`: an instruction that does not leave the
        // frame is never the last.
        unsafe { *self.0.as_ptr() }
    }

    /// Moves forward `count` instructions: a jump's offset, or the
    /// capture operands of a lambda instruction, which were checked to
    /// stay inside the code.
    #[inline(always)]
    pub fn skip(&mut self, count: usize) {
        // SAFETY: `bytecode/verify.rs` checked that every jump target and
        // every lambda instruction's captures lie inside the code.
        self.0 = unsafe { self.0.add(count) };
    }

    /// The `count` instructions under the pointer: the capture operands
    /// of the lambda instruction just fetched. `lambda` is the frame's
    /// (the slice borrows it, so that it stays alive).
    #[inline(always)]
    pub fn following<'a>(&self, _lambda: &'a Lambda, count: usize) -> &'a [Op] {
        // SAFETY: as in `skip`; the code belongs to `lambda`, borrowed for
        // as long as the slice.
        unsafe { std::slice::from_raw_parts(self.0.as_ptr(), count) }
    }

    /// Moves back to the instruction just fetched, to run it again.
    #[inline(always)]
    pub fn back(&mut self) {
        // SAFETY: an instruction was fetched, so the one before the
        // pointer is inside the code.
        self.0 = unsafe { self.0.sub(1) };
    }

    /// The index in `lambda`'s code of the instruction just fetched (0
    /// before the first fetch): to find its span.
    #[inline]
    pub fn current(&self, lambda: &Lambda) -> usize {
        let start = lambda.chunk.code.as_ptr() as usize;
        let offset = (self.0.as_ptr() as usize).wrapping_sub(start) / std::mem::size_of::<Op>();
        offset.saturating_sub(1)
    }
}
