//! Native frames: builtins written as explicit state machines.
//!
//! A hot builtin that calls Nix functions in a loop (`sort`'s comparator,
//! `foldl'`'s operator) can be a [`NativeFrame`] instead of an `async`
//! generator: the VM resumes it with the result of its last request and it
//! answers with the next [`Step`]. Calls it asks for run as ordinary frames
//! above it on the frame stack, so the Rust stack stays flat, and a step
//! costs a virtual call instead of a trip through the generator machinery.

use super::generators::new_generator;
use super::{forced_value, CallOutcome, CodeFrame, Frame, GenFrame, GeneratorDepth, Pending, Vm};
use crate::errors::{Error, ErrorKind};
use crate::value::{BuiltinDef, Thunk, Value};
use codemap::Span;
use std::rc::Rc;

pub use super::calls::call_on_the_spot;

pub use crate::value::builtin::protocol::{NativeFrame, NativeStart, Step};

/// Forces a plain or native builtin's strict arguments, then runs it.
pub(crate) struct StrictArgs {
    def: Rc<BuiltinDef>,
    args: Vec<Value>,
    /// The argument being forced.
    next: usize,
    started: bool,
}

impl StrictArgs {
    pub(crate) fn new(def: Rc<BuiltinDef>, args: Vec<Value>) -> Self {
        StrictArgs {
            def,
            args,
            next: 0,
            started: false,
        }
    }
}

impl NativeFrame for StrictArgs {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        if self.started {
            self.args[self.next] = input;
            self.next += 1;
        }
        self.started = true;
        while self.next < self.args.len() {
            if self.def.is_strict(self.next) && self.args[self.next].is_thunk() {
                return Ok(Step::Force(std::mem::take(&mut self.args[self.next])));
            }
            self.next += 1;
        }
        let args = std::mem::take(&mut self.args);
        match &self.def.implementation {
            crate::value::BuiltinFn::Native(start) => match start(args)? {
                NativeStart::Value(v) => Ok(Step::Done(v)),
                NativeStart::Frame(frame) => Ok(Step::Become(frame)),
            },
            crate::value::BuiltinFn::Sync(f) => Ok(Step::Done(f(args)?)),
            _ => Err(ErrorKind::Internal("not a plain or native builtin")),
        }
    }
}

/// Where a suspended native frame finds its input.
enum Input {
    Start,
    /// The value of this thunk, once forced.
    Thunk(Thunk),
    /// The value of this thunk, once forced, unless forcing it fails: the
    /// error is caught (see [`NativeState::catch`]), and the value stack
    /// goes back to this length.
    Guarded(Thunk, usize),
    /// The error a guarded forcing caught.
    Failed(Box<Error>),
    /// The value a call leaves on the stack.
    Stack,
}

pub(crate) struct NativeState {
    frame: Box<dyn NativeFrame>,
    pub(crate) span: Span,
    /// The builtin running, for error traces.
    pub(crate) def: Rc<BuiltinDef>,
    input: Input,
}

impl NativeState {
    /// `kind` raised at the call of this builtin.
    #[cold]
    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, Some(self.span))
    }

    pub(crate) fn new(frame: Box<dyn NativeFrame>, span: Span, def: Rc<BuiltinDef>) -> Self {
        NativeState {
            frame,
            span,
            def,
            input: Input::Start,
        }
    }

    /// While unwinding `error`: a frame waiting for a guarded forcing
    /// takes the error (to be resumed with it) and gives back the length
    /// the value stack had; any other gives the error back.
    pub(crate) fn catch(&mut self, error: Error) -> Result<usize, Error> {
        match self.input {
            Input::Guarded(_, stack_len) => {
                self.input = Input::Failed(Box::new(error));
                Ok(stack_len)
            }
            _ => Err(error),
        }
    }
}

impl Vm {
    /// Runs a native frame until it finishes or waits for another frame.
    pub(super) fn run_native(&mut self, mut state: Box<NativeState>) -> Result<(), Error> {
        let mut step = match std::mem::replace(&mut state.input, Input::Start) {
            Input::Start => state.frame.resume(Value::Null),
            Input::Thunk(t) | Input::Guarded(t, _) => {
                let value = forced_value(&t).map_err(|kind| state.error(kind))?;
                state.frame.resume(value)
            }
            Input::Failed(error) => state.frame.failed(error),
            Input::Stack => {
                let value = pop_result(&mut self.stack).map_err(|kind| state.error(kind))?;
                state.frame.resume(value)
            }
        };
        loop {
            let next = match step {
                Ok(next) => next,
                Err(kind) => return Err(Error::new(kind, Some(state.span))),
            };
            let guarded = matches!(next, Step::ForceGuarded(_));
            let input = match next {
                Step::Done(value) => {
                    self.stack.push(value);
                    return Ok(());
                }
                Step::Force(Value::Thunk(thunk)) | Step::ForceGuarded(Value::Thunk(thunk)) => {
                    match self.begin_force(&thunk) {
                        Ok(Some(thunk_frame)) => {
                            state.input = if guarded {
                                Input::Guarded(thunk.clone(), thunk_frame.base)
                            } else {
                                Input::Thunk(thunk.clone())
                            };
                            match self.run_above(state, thunk_frame)? {
                                Some(resumed) => {
                                    state = resumed;
                                    state.input = Input::Start;
                                    forced_value(&thunk).map_err(|kind| state.error(kind))?
                                }
                                None => return Ok(()),
                            }
                        }
                        Ok(None) => forced_value(&thunk).map_err(|kind| state.error(kind))?,
                        Err(kind) if guarded => {
                            step = state.frame.failed(Box::new(state.error(kind)));
                            continue;
                        }
                        Err(kind) => return Err(Error::new(kind, Some(state.span))),
                    }
                }
                Step::Force(value) | Step::ForceGuarded(value) => value,
                Step::Become(frame) => {
                    state.frame = frame;
                    Value::Null
                }
                Step::Raise(error) => return Err(*error),
                Step::Generator(body) => {
                    self.frames.push(Frame::Gen(Box::new(GenFrame {
                        generator: new_generator(body),
                        span: state.span,
                        name: Rc::from(state.def.name.as_str()),
                        pending: Pending::Start,
                        _depth: Some(GeneratorDepth::enter(&self.generator_depth)),
                    })));
                    return Ok(());
                }
                Step::Call(function, arg) => match self.call_value(function, arg, state.span) {
                    Ok(CallOutcome::Value(v)) => v,
                    Ok(CallOutcome::Frame(Frame::Code(callee))) => {
                        state.input = Input::Stack;
                        match self.run_above(state, callee)? {
                            Some(resumed) => {
                                state = resumed;
                                state.input = Input::Start;
                                pop_result(&mut self.stack).map_err(|kind| state.error(kind))?
                            }
                            None => return Ok(()),
                        }
                    }
                    Ok(CallOutcome::Frame(callee)) => {
                        state.input = Input::Stack;
                        self.frames.push(Frame::Native(state));
                        self.frames.push(callee);
                        return Ok(());
                    }
                    Err(kind) => return Err(Error::new(kind, Some(state.span))),
                },
            };
            step = state.frame.resume(input);
        }
    }
}

impl Vm {
    /// Runs a bytecode frame at once above the suspended native frame
    /// `state`, instead of a trip through the outer loop. When the frame
    /// returns without having needed other kinds of frames, the native
    /// frame is handed back to continue; otherwise (`None`) it stays on
    /// the frame stack and the outer loop resumes it in due course. The
    /// bytecode loop never runs native frames itself, so this nests one
    /// level at most.
    fn run_above(
        &mut self,
        state: Box<NativeState>,
        callee: CodeFrame,
    ) -> Result<Option<Box<NativeState>>, Error> {
        self.frames.push(Frame::Native(state));
        let depth = self.frames.len();
        self.run_code(callee)?;
        if self.frames.len() == depth && matches!(self.frames.last(), Some(Frame::Native(_))) {
            if let Some(Frame::Native(state)) = self.frames.pop() {
                return Ok(Some(state));
            }
        }
        Ok(None)
    }
}

/// Calling a function with one or two arguments and forcing the result,
/// as steps of a native frame.
pub struct Application {
    stage: Stage,
}

enum Stage {
    /// Waiting for `f x`, to call it with this second argument.
    First(Value),
    /// Waiting for `f x` forced, to call it with this second argument.
    PartialForced(Value),
    /// Waiting for the full application.
    Result,
    /// Waiting for the result forced.
    ResultForced,
}

impl Application {
    /// Starts `function first [second]`: the application and its first step.
    pub fn start(function: Value, first: Value, second: Option<Value>) -> (Self, Step) {
        let stage = match second {
            Some(second) => Stage::First(second),
            None => Stage::Result,
        };
        (Application { stage }, Step::Call(function, first))
    }

    /// Takes the VM's answer to the last step: the forced result, or the
    /// next step to ask for.
    pub fn feed(&mut self, input: Value) -> Result<Value, Step> {
        match std::mem::replace(&mut self.stage, Stage::Result) {
            Stage::First(second) | Stage::PartialForced(second) => match input.forced() {
                None => {
                    self.stage = Stage::PartialForced(second);
                    Err(Step::Force(input))
                }
                Some(partial) => Err(Step::Call(partial, second)),
            },
            Stage::Result | Stage::ResultForced => match input.forced() {
                None => {
                    self.stage = Stage::ResultForced;
                    Err(Step::Force(input))
                }
                Some(result) => Ok(result),
            },
        }
    }
}

/// The value a finished call left on the stack.
fn pop_result(stack: &mut Vec<Value>) -> Result<Value, ErrorKind> {
    stack
        .pop()
        .ok_or_else(|| ErrorKind::internal("a call left no value"))
}
