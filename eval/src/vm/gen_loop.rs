//! The inner generator loop: resuming a generator frame and answering its
//! requests, at once when possible, else by running other frames first.

use super::generators::{VMRequest, VMResponse};
use super::{forced_value, CallOutcome, Frame, GenFrame, Pending, Vm};
use crate::errors::{Error, ErrorKind, Warning};
use crate::value::Value;
use genawaiter::GeneratorState;

impl Vm {
    /// `kind` raised at the call that started the generator `frame`.
    #[cold]
    fn gen_error(&self, frame: &GenFrame, kind: ErrorKind) -> Error {
        Error::new(kind, Some(frame.span))
    }

    /// The inner generator loop.
    pub(super) fn run_gen(&mut self, mut frame: Box<GenFrame>) -> Result<(), Error> {
        let mut response = match std::mem::replace(&mut frame.pending, Pending::Start) {
            Pending::Start => VMResponse::Empty,
            Pending::ThunkValue(t) | Pending::TryThunk(t, _) | Pending::Guarded(t, _) => {
                VMResponse::Value(forced_value(&t).map_err(|kind| self.gen_error(&frame, kind))?)
            }
            Pending::PopStack => match self.stack.pop() {
                Some(value) => VMResponse::Value(value),
                None => {
                    let kind = ErrorKind::Internal("a call left no value");
                    return Err(self.gen_error(&frame, kind));
                }
            },
            Pending::Caught(kind) => VMResponse::Caught(kind),
            Pending::Failed(error) => VMResponse::Failed(error),
        };
        loop {
            let request = match frame.generator.resume_with(response) {
                GeneratorState::Complete(Ok(value)) => {
                    self.stack.push(value);
                    return Ok(());
                }
                GeneratorState::Complete(Err(kind)) => {
                    return Err(Error::new(kind, Some(frame.span)));
                }
                GeneratorState::Yielded(request) => request,
            };
            response = match request {
                VMRequest::Force(value)
                | VMRequest::TryForce(value)
                | VMRequest::ForceGuarded(value)
                    if !matches!(&value, Value::Thunk(t) if !t.is_evaluated()) =>
                {
                    match value.forced() {
                        Some(value) => VMResponse::Value(value),
                        None => {
                            let kind = ErrorKind::Internal("an evaluated value is a thunk");
                            return Err(self.gen_error(&frame, kind));
                        }
                    }
                }
                VMRequest::Force(Value::Thunk(thunk)) => match self.begin_force(&thunk) {
                    Ok(Some(thunk_frame)) => {
                        frame.pending = Pending::ThunkValue(thunk);
                        self.frames.push(Frame::Gen(frame));
                        self.frames.push(Frame::Code(thunk_frame));
                        return Ok(());
                    }
                    Ok(None) => VMResponse::Value(
                        forced_value(&thunk).map_err(|kind| self.gen_error(&frame, kind))?,
                    ),
                    Err(kind) => return Err(Error::new(kind, Some(frame.span))),
                },
                VMRequest::TryForce(Value::Thunk(thunk)) => match self.begin_force(&thunk) {
                    Ok(Some(thunk_frame)) => {
                        frame.pending = Pending::TryThunk(thunk, thunk_frame.base);
                        self.frames.push(Frame::Gen(frame));
                        self.frames.push(Frame::Code(thunk_frame));
                        return Ok(());
                    }
                    Ok(None) => VMResponse::Value(
                        forced_value(&thunk).map_err(|kind| self.gen_error(&frame, kind))?,
                    ),
                    Err(kind) => return Err(Error::new(kind, Some(frame.span))),
                },
                VMRequest::ForceGuarded(Value::Thunk(thunk)) => match self.begin_force(&thunk) {
                    Ok(Some(thunk_frame)) => {
                        frame.pending = Pending::Guarded(thunk, thunk_frame.base);
                        self.frames.push(Frame::Gen(frame));
                        self.frames.push(Frame::Code(thunk_frame));
                        return Ok(());
                    }
                    Ok(None) => VMResponse::Value(
                        forced_value(&thunk).map_err(|kind| self.gen_error(&frame, kind))?,
                    ),
                    Err(kind) => VMResponse::Failed(Box::new(Error::new(kind, Some(frame.span)))),
                },
                VMRequest::Raise(error) => return Err(*error),
                VMRequest::Force(_) | VMRequest::TryForce(_) | VMRequest::ForceGuarded(_) => {
                    VMResponse::Empty
                }
                VMRequest::Call(callee, arg) => match self.call_value(callee, arg, frame.span) {
                    Ok(CallOutcome::Value(v)) => VMResponse::Value(v),
                    Ok(CallOutcome::Frame(callee_frame)) => {
                        frame.pending = Pending::PopStack;
                        self.frames.push(Frame::Gen(frame));
                        self.frames.push(callee_frame);
                        return Ok(());
                    }
                    Err(kind) => return Err(Error::new(kind, Some(frame.span))),
                },
                VMRequest::CopyToStore(path) => match self.store.copy_path(&path) {
                    Ok(store_path) => VMResponse::Value(Value::String(
                        crate::store::store_path_string(&store_path),
                    )),
                    Err(kind) => VMResponse::Caught(kind),
                },
                VMRequest::Warning(kind) => {
                    self.warnings.push(Warning {
                        kind,
                        span: Some(frame.span),
                    });
                    VMResponse::Empty
                }
            };
        }
    }
}
