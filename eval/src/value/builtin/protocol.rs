//! The protocol between a builtin's body and the VM that runs it.
//!
//! A builtin that must force a value or call a Nix function does not do so
//! itself: it asks the VM, which runs what is asked as ordinary frames on its
//! frame stack, so the Rust stack does not grow with the depth of the Nix
//! program. There are two ways to ask:
//! - an `async` body yields a [`VMRequest`] through its [`GenCo`] handle and
//!   is resumed with a [`VMResponse`] (the VM's generator frames,
//!   `crate::vm::generators`);
//! - a [`NativeFrame`] is a state machine that answers each resumption with
//!   its next [`Step`] (the VM's native frames, `crate::vm::native`).
//!
//! These types are declared here, with the builtins that speak them, and
//! below the VM that drives them.

use crate::errors::{Error, ErrorKind, WarningKind};
use crate::value::Value;
use std::future::Future;
use std::pin::Pin;

/// What a generator asks of the VM.
pub enum VMRequest {
    /// Force a value to weak head normal form.
    Force(Value),
    /// Call a (forced) function with one argument; the result is unforced.
    Call(Value, Value),
    /// Force a value, catching errors that `builtins.tryEval` catches.
    TryForce(Value),
    /// Force a value, catching every error with its trace (to add to it
    /// and raise it again).
    ForceGuarded(Value),
    /// Fail with this error, trace included; the generator is not resumed.
    Raise(Box<Error>),
    /// Record a warning.
    Warning(WarningKind),
    /// Copy the file tree at a path to the store (computing its store
    /// path); the answer is the store path as a string referring to it.
    CopyToStore(std::path::PathBuf),
}

/// The VM's answer to a [`VMRequest`].
pub enum VMResponse {
    Empty,
    Value(Value),
    Caught(ErrorKind),
    /// The error a [`VMRequest::ForceGuarded`] caught.
    Failed(Box<Error>),
}

/// The handle through which generator code talks to the VM.
pub type GenCo = genawaiter::rc::Co<VMRequest, VMResponse>;

/// The boxed future of a generator body.
pub type GenFuture = Pin<Box<dyn Future<Output = Result<Value, ErrorKind>>>>;

/// What a native frame asks for next.
pub enum Step {
    /// Call the function (which must be forced) with the argument; resume
    /// with the result, unforced.
    Call(Value, Value),
    /// Force the value; resume with its weak head normal form.
    Force(Value),
    /// The builtin's result.
    Done(Value),
    /// Continue as this frame, resumed with `Null`.
    Become(Box<dyn NativeFrame>),
    /// Force the value, catching every error with its trace: resume with
    /// its weak head normal form, or [`NativeFrame::failed`] with the
    /// error.
    ForceGuarded(Value),
    /// Fail with this error, trace included.
    Raise(Box<Error>),
    /// Continue as a generator frame running this body (for a rare path
    /// that is simpler to write as `async` code).
    Generator(Box<dyn FnOnce(GenCo) -> GenFuture>),
}

/// A builtin's state between steps.
pub trait NativeFrame {
    /// Continues with the result of the previous step (`Null` at first).
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind>;

    /// Continues with the error a [`Step::ForceGuarded`] caught; by
    /// default, raises it as it is.
    fn failed(&mut self, error: Box<Error>) -> Result<Step, ErrorKind> {
        Ok(Step::Raise(error))
    }
}

/// How a native builtin starts: with its result at once, or with a frame.
pub enum NativeStart {
    Value(Value),
    Frame(Box<dyn NativeFrame>),
}

impl NativeStart {
    /// `value` forced as the builtin's result: at once when it already is.
    pub fn forced(value: Value) -> NativeStart {
        match value.forced() {
            Some(v) => NativeStart::Value(v),
            None => NativeStart::Frame(Box::new(ForcedResult(Some(value)))),
        }
    }
}

/// A result to force before returning it.
struct ForcedResult(Option<Value>);

impl NativeFrame for ForcedResult {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        Ok(match self.0.take() {
            Some(value) => Step::Force(value),
            None => Step::Done(input),
        })
    }
}
