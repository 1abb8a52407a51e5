//! How an instruction of the inner loop ends, and the steps every
//! instruction shares: popping operands, forcing them in place (which may
//! switch to the thunk's frame), pushing an operator's or a call's result
//! (which may leave the loop for a generator, native or bytecode frame).

use super::native::NativeState;
use super::{ops, CallOutcome, CodeFrame, Frame, GenFrame, Pending, Vm};
use crate::errors::{Error, ErrorKind};
use crate::value::{ThunkRepr, Value};
use std::rc::Rc;

/// Why an instruction stops short of the next one of its frame. Each
/// instruction is a method returning `Result<(), Stop>`, so `?` passes
/// errors and frame switches up to the loop in [`Vm::run_code`].
///
/// Two words wide, so that the `Result` every instruction returns comes
/// back in registers and each `?` in the loop is a test and a jump: the
/// error's details are boxed (made only when an instruction fails), and a
/// frame to run first is always a generator or native frame, already
/// boxed.
pub(super) enum Stop {
    /// Another bytecode frame is now current (the interrupted one is on
    /// the frame stack, to retry its instruction or continue after it).
    Switched,
    /// Leave the inner loop: the current frame goes back on the frame
    /// stack, with this generator frame above it to run first.
    SuspendForGen(Box<GenFrame>),
    /// The same, with a native frame to run first.
    SuspendForNative(Box<NativeState>),
    /// The current frame returned to a frame the outer loop resumes.
    Returned,
    /// The current instruction failed.
    Failed(Box<ErrorKind>),
}

impl From<ErrorKind> for Stop {
    #[cold]
    #[inline(never)]
    fn from(kind: ErrorKind) -> Self {
        Stop::Failed(Box::new(kind))
    }
}

impl Vm {
    /// Fails the current instruction of `frame` with `kind`.
    #[cold]
    pub(super) fn fail(&mut self, frame: CodeFrame, kind: ErrorKind) -> Result<(), Error> {
        let span = Some(frame.current_span());
        self.frames.push(Frame::Code(frame));
        Err(Error::new(kind, span))
    }

    /// Leaves the inner loop for `next`: `frame` goes back on the frame
    /// stack under it, to continue once `next` has run.
    pub(super) fn suspend(&mut self, frame: CodeFrame, next: Frame) -> Result<(), Error> {
        self.frames.push(Frame::Code(frame));
        self.frames.push(next);
        Ok(())
    }

    /// Shortens the value stack to `len` values, calling the drop code
    /// only for last references to something ([`Value::release`]).
    #[inline(always)]
    pub(super) fn truncate_stack(&mut self, len: usize) {
        let plain = self
            .stack
            .get(len..)
            .is_some_and(|tail| tail.iter().all(owns_nothing));
        if plain {
            while self.stack.len() > len {
                std::mem::forget(self.stack.pop());
            }
        } else {
            while self.stack.len() > len {
                if let Some(value) = self.stack.pop() {
                    value.release();
                }
            }
        }
    }

    /// The top of the stack, taken off it.
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Result<Value, ErrorKind> {
        self.stack
            .pop()
            .ok_or_else(|| ErrorKind::internal("the value stack is empty"))
    }

    /// Makes `frame` run `next` now: the current instruction is retried
    /// once `next` returns.
    #[inline]
    fn switch_to_retry(&mut self, frame: &mut CodeFrame, next: CodeFrame) -> Stop {
        frame.ip.back();
        let caller = std::mem::replace(frame, next);
        self.frames.push(Frame::Code(caller));
        Stop::Switched
    }

    /// Forces the stack slot `idx` in place, or switches to the frame of
    /// its thunk (the instruction runs again afterwards).
    #[inline(always)]
    pub(super) fn force_slot(&mut self, frame: &mut CodeFrame, idx: usize) -> Result<(), Stop> {
        let Value::Thunk(t) = &self.stack[idx] else {
            return Ok(());
        };
        match t.value() {
            Some(v) => {
                // The thunk let go of as a thunk, without the drop code of
                // a `Value` (out of line, and a branch on the variant).
                if let Value::Thunk(thunk) = std::mem::replace(&mut self.stack[idx], v) {
                    drop(thunk);
                }
                Ok(())
            }
            None => self.force_slot_slow(frame, idx),
        }
    }

    #[inline(never)]
    fn force_slot_slow(&mut self, frame: &mut CodeFrame, idx: usize) -> Result<(), Stop> {
        let t = match &self.stack[idx] {
            Value::Thunk(t) => t.clone(),
            _ => return Ok(()),
        };
        match self.begin_force(&t)? {
            Some(thunk_frame) => Err(self.switch_to_retry(frame, thunk_frame)),
            None => {
                self.stack[idx] = super::forced_value(&t)?;
                Ok(())
            }
        }
    }

    /// Makes `value` evaluated, or switches to the frame of its thunk (the
    /// instruction runs again afterwards).
    #[inline]
    pub(super) fn ensure_forced(
        &mut self,
        frame: &mut CodeFrame,
        value: &Value,
    ) -> Result<(), Stop> {
        if let Value::Thunk(t) = value {
            if !matches!(&*t.repr(), ThunkRepr::Evaluated(_)) {
                let t = t.clone();
                if let Some(thunk_frame) = self.begin_force(&t)? {
                    return Err(self.switch_to_retry(frame, thunk_frame));
                }
            }
        }
        Ok(())
    }

    /// Pushes an operator's value, or leaves to run its generator.
    #[inline]
    pub(super) fn push_outcome(
        &mut self,
        frame: &CodeFrame,
        outcome: ops::Outcome,
    ) -> Result<(), Stop> {
        match outcome {
            ops::Outcome::Value(v) => {
                self.stack.push(v);
                Ok(())
            }
            ops::Outcome::Generator(name, generator) => {
                let span = frame.current_span();
                Err(Stop::SuspendForGen(Box::new(GenFrame {
                    generator,
                    span,
                    name: Rc::from(name),
                    pending: Pending::Start,
                    _depth: None,
                })))
            }
        }
    }

    /// Continues with a call's result: its value, or the callee's frame
    /// (in this loop if it is bytecode).
    #[inline]
    pub(super) fn continue_call(
        &mut self,
        frame: &mut CodeFrame,
        outcome: CallOutcome,
    ) -> Result<(), Stop> {
        match outcome {
            CallOutcome::Value(v) => {
                self.stack.push(v);
                Ok(())
            }
            CallOutcome::Frame(Frame::Code(callee_frame)) => {
                let caller = std::mem::replace(frame, callee_frame);
                self.frames.push(Frame::Code(caller));
                Err(Stop::Switched)
            }
            CallOutcome::Frame(Frame::Gen(gen)) => Err(Stop::SuspendForGen(gen)),
            CallOutcome::Frame(Frame::Native(native)) => Err(Stop::SuspendForNative(native)),
        }
    }
}

/// Whether `value` is of a variant that owns no memory, so that
/// forgetting it releases all there is.
#[inline(always)]
fn owns_nothing(value: &Value) -> bool {
    matches!(
        value,
        Value::Null | Value::Bool(_) | Value::Integer(_) | Value::Float(_)
    )
}
