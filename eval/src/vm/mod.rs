//! The virtual machine: a frame stack of bytecode frames, generator frames
//! and native frames over one value stack.
//!
//! The outer loop pops the top frame and runs it. A bytecode frame runs in
//! the inner loop until it returns or must wait for another frame (forcing
//! a thunk, calling a builtin that needs a generator); calls to closures,
//! thunk forcing and returns between bytecode frames switch frames inside
//! the inner loop without leaving it. A generator frame is resumed until it
//! completes or yields a request that needs other frames to run first; a
//! native frame (`native.rs`) is resumed with the result of its last step
//! and answers with the next one.
//! Frames pass results on the value stack, so the Rust stack stays flat.

pub mod algorithms;
mod calls;
mod flow;
mod gen_loop;
pub mod generators;
mod instruction_pointer;
mod leaf;
pub mod native;
pub(crate) mod ops;
mod run;
pub(crate) mod scalar;

use crate::bytecode::Lambda;
use crate::errors::{Error, ErrorKind, TraceEntry, WarningSink, MAX_TRACE};
use crate::value::{Captures, Closure, Thunk, ThunkRepr, Value};
use codemap::Span;
use generators::Generator;
use instruction_pointer::InstructionPointer;
use std::cell::Cell;
use std::rc::Rc;

/// The value of a thunk just forced (its frame returned, or it needed
/// none).
#[inline]
fn forced_value(thunk: &Thunk) -> Result<Value, ErrorKind> {
    thunk
        .value()
        .ok_or_else(|| ErrorKind::internal("a forced thunk has no value"))
}

/// Default limit on nested calls and thunk evaluations: enough for a
/// million-deep non-tail recursion (which takes about 1.5 frames a level),
/// while an accidental endless recursion ends in a fraction of a second
/// having used about 250 MB.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 2_000_000;

/// Why a bytecode frame exists, which decides what its return does.
pub(crate) enum FrameKind {
    /// The body of a called closure; `call_span` is the call site.
    Call { call_span: Span },
    /// The body of a thunk being forced; the result is stored in it.
    Thunk(Thunk),
    /// The body of the function of an application thunk being forced
    /// (`ThunkRepr::Apply`): its result, forced, is stored in the thunk.
    Apply(Thunk),
    /// Forces the value in its slot 0, the result of an application
    /// thunk's function, and stores it in the thunk.
    ForceInto(Thunk),
    /// The top-level expression.
    Toplevel,
}

pub(crate) struct CodeFrame {
    /// The code the frame runs; never replaced without `ip` (frames are
    /// made by [`CodeFrame::new`] and replaced whole).
    pub lambda: Rc<Lambda>,
    pub upvalues: Captures,
    /// The next instruction, in `lambda`'s code.
    ip: InstructionPointer,
    /// Stack index of local slot 0.
    pub base: usize,
    pub kind: FrameKind,
}

impl CodeFrame {
    /// A frame that runs `lambda` from its first instruction.
    #[inline(always)]
    pub fn new(lambda: Rc<Lambda>, upvalues: Captures, base: usize, kind: FrameKind) -> Self {
        CodeFrame {
            ip: InstructionPointer::start(&lambda),
            lambda,
            upvalues,
            base,
            kind,
        }
    }

    /// The span of the instruction being run (the last one fetched).
    #[inline]
    pub fn current_span(&self) -> Span {
        let index = self.ip.current(&self.lambda);
        self.lambda
            .chunk
            .spans
            .get(index)
            .copied()
            .unwrap_or(self.lambda.span)
    }
}

/// What a suspended generator is waiting for.
pub(crate) enum Pending {
    Start,
    /// The value of this thunk, once forced.
    ThunkValue(Thunk),
    /// The value a call leaves on the stack.
    PopStack,
    /// The value of this thunk, or a caught error (`tryEval`).
    TryThunk(Thunk, usize),
    Caught(ErrorKind),
    /// The value of this thunk, or any error (`addErrorContext`).
    Guarded(Thunk, usize),
    Failed(Box<Error>),
}

pub(crate) struct GenFrame {
    pub generator: Generator,
    pub span: Span,
    pub name: Rc<str>,
    pub pending: Pending,
    /// Held by the frames of builtin calls, which count
    /// [`GENERATOR_DEPTH_WEIGHT`] towards the call depth.
    pub _depth: Option<GeneratorDepth>,
}

/// How much a builtin call's generator frame counts towards the call-depth
/// limit. Such a frame takes about ten times the memory of a bytecode
/// frame (its state machine, the channel to the VM, the arguments): a
/// runaway recursion through a builtin (`addErrorContext` in the loop)
/// must end as early in memory as one through plain calls does, which
/// the limit is sized for. No real program nests builtin calls a
/// hundred thousand deep (C++ Nix stops at ten thousand calls of any
/// kind).
pub(crate) const GENERATOR_DEPTH_WEIGHT: usize = 8;

/// The extra depth one live generator frame of a builtin call adds to the
/// VM's [`Vm::generator_depth`], until the frame is dropped (finished or
/// unwound).
pub(crate) struct GeneratorDepth(Rc<Cell<usize>>);

/// What a generator frame adds beyond the one it counts as a frame.
const EXTRA_DEPTH: usize = GENERATOR_DEPTH_WEIGHT - 1;

impl GeneratorDepth {
    fn enter(depth: &Rc<Cell<usize>>) -> GeneratorDepth {
        depth.set(depth.get().saturating_add(EXTRA_DEPTH));
        GeneratorDepth(depth.clone())
    }
}

impl Drop for GeneratorDepth {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(EXTRA_DEPTH));
    }
}

pub(crate) enum Frame {
    Code(CodeFrame),
    Gen(Box<GenFrame>),
    Native(Box<native::NativeState>),
}

/// How a call proceeds.
pub(crate) enum CallOutcome {
    /// The result is known at once.
    Value(Value),
    /// Run this frame; it leaves the result on the stack.
    Frame(Frame),
}

pub(crate) struct Vm {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    pub max_call_depth: usize,
    pub warnings: WarningSink,
    /// Shared by every closure and thunk that captures nothing.
    pub no_upvalues: Captures,
    /// The evaluation's limits and their accounting: steps are taken
    /// whenever a frame is pushed (see [`crate::limits`]).
    pub budget: crate::limits::Budget,
    /// The evaluation's store: interpolated paths are copied into it.
    pub store: Rc<crate::store::Store>,
    /// The placeholders of recursive bindings, for
    /// [`Vm::release_placeholders`].
    pub placeholders: crate::value::Placeholders,
    /// The call depth the live generator frames of builtin calls add
    /// beyond their number (see [`GENERATOR_DEPTH_WEIGHT`]).
    pub generator_depth: Rc<Cell<usize>>,
}

impl Vm {
    /// Breaks the cycles through recursive bindings once nothing will run
    /// on this machine again, keeping what `result` reaches as data (see
    /// `value/cycles.rs`).
    pub fn release_placeholders(&mut self, result: Option<&Value>) {
        self.stack.clear();
        self.frames.clear();
        self.placeholders.release(result);
    }

    pub fn new(max_call_depth: usize, warnings: WarningSink) -> Self {
        Vm {
            stack: Vec::with_capacity(256),
            frames: Vec::with_capacity(64),
            max_call_depth,
            warnings,
            no_upvalues: Captures::none(),
            budget: crate::limits::Budget::new(crate::limits::Limits::default()),
            store: Rc::new(crate::store::Store::new(
                crate::store::DEFAULT_STORE_DIR,
                Rc::new(crate::io::PureIo),
            )),
            placeholders: Default::default(),
            generator_depth: Rc::default(),
        }
    }

    /// Evaluates `lambda`, a top-level chunk.
    pub fn evaluate(&mut self, lambda: Rc<Lambda>) -> Result<Value, Error> {
        self.frames.push(Frame::Code(CodeFrame::new(
            lambda,
            self.no_upvalues.clone(),
            0,
            FrameKind::Toplevel,
        )));
        self.run_frames()?;
        self.result()
    }

    /// The value a finished evaluation leaves on the stack.
    fn result(&mut self) -> Result<Value, Error> {
        let value = self.stack.pop();
        value.ok_or_else(|| ErrorKind::Internal("an evaluation left no value").into())
    }

    /// Runs a generator to completion as the only frame.
    pub fn run_generator(
        &mut self,
        name: Rc<str>,
        span: Span,
        generator: Generator,
    ) -> Result<Value, Error> {
        self.frames.push(Frame::Gen(Box::new(GenFrame {
            generator,
            span,
            name,
            pending: Pending::Start,
            _depth: None,
        })));
        self.run_frames()?;
        self.result()
    }

    /// Sets the limits of the next evaluations (see [`crate::limits`]).
    pub fn set_limits(&mut self, limits: crate::limits::Limits) {
        self.budget = crate::limits::Budget::new(limits);
    }

    /// Gives the next evaluation its full budget of steps, time and
    /// memory.
    pub fn restart_budget(&mut self) {
        self.budget.restart();
    }

    /// The outer loop, with the evaluation's memory meter installed for
    /// the builtins.
    fn run_frames(&mut self) -> Result<(), Error> {
        let previous =
            crate::limits::install_meter(self.budget.meter(), self.budget.cancel_handle());
        let result = self.run_frames_metered();
        self.budget.absorb(crate::limits::restore_meter(previous));
        result
    }

    fn run_frames_metered(&mut self) -> Result<(), Error> {
        while let Some(frame) = self.frames.pop() {
            let result = match frame {
                Frame::Code(frame) => self.run_code(frame),
                Frame::Gen(frame) => self.run_gen(frame),
                Frame::Native(frame) => self.run_native(frame),
            };
            if let Err(error) = result {
                self.unwind(error)?;
            }
        }
        Ok(())
    }

    /// Checked before every frame is pushed: the depth limit, and a step
    /// of the budget, which checks the other limits now and then (an
    /// endless evaluation pushes frames endlessly).
    #[inline]
    fn check_depth(&mut self) -> Result<(), ErrorKind> {
        let depth = self.frames.len() + self.generator_depth.get();
        if depth >= self.max_call_depth {
            return Err(ErrorKind::CallDepthExceeded(self.max_call_depth));
        }
        self.budget.step()
    }

    /// Starts forcing `thunk`: `None` if it is already evaluated, else the
    /// frame that evaluates it (the caller must run it, then look again).
    /// The frame's first locals may already be on the stack: the stack
    /// was `base` long before (and is again once the frame returns).
    pub(crate) fn begin_force(&mut self, thunk: &Thunk) -> Result<Option<CodeFrame>, ErrorKind> {
        let repr = thunk.set(ThunkRepr::Blackhole);
        match repr {
            ThunkRepr::Suspended { lambda, upvalues } => {
                if let Some(value) = leaf::force_leaf(&lambda, &upvalues) {
                    thunk.finish(value);
                    return Ok(None);
                }
                self.check_depth()?;
                Ok(Some(CodeFrame::new(
                    lambda,
                    upvalues,
                    self.stack.len(),
                    FrameKind::Thunk(thunk.clone()),
                )))
            }
            ThunkRepr::Apply { function, arg } => self.begin_apply(thunk, function, arg),
            ThunkRepr::Evaluated(v) => {
                thunk.set(ThunkRepr::Evaluated(v));
                Ok(None)
            }
            other @ (ThunkRepr::Blackhole | ThunkRepr::Placeholder) => {
                thunk.set(other);
                Err(ErrorKind::InfiniteRecursion)
            }
        }
    }

    /// Starts forcing the application thunk `thunk` of `function` to
    /// `arg`: a closure already evaluated is called directly (on the spot
    /// when it is a leaf or curried, else in a frame whose return stores
    /// into the thunk); anything else (a builtin, a functor, a function
    /// not evaluated yet) runs in a frame of code that calls and forces.
    fn begin_apply(
        &mut self,
        thunk: &Thunk,
        function: Value,
        arg: Value,
    ) -> Result<Option<CodeFrame>, ErrorKind> {
        // The closure taken out of `function` (no extra count), or
        // `function` itself back for the general frame.
        let closure = match function {
            Value::Closure(closure) => Ok(closure),
            Value::Thunk(t) => match t.value().or_else(|| apply_on_the_spot(&t)) {
                Some(Value::Closure(closure)) => Ok(closure),
                _ => Err(Value::Thunk(t)),
            },
            other => Err(other),
        };
        let closure = match closure {
            Ok(closure) => closure,
            Err(function) => {
                self.check_depth()?;
                return Ok(Some(CodeFrame::new(
                    crate::bytecode::synthetic::apply_lambda(),
                    Captures::from([function, arg]),
                    self.stack.len(),
                    FrameKind::Thunk(thunk.clone()),
                )));
            }
        };
        if let Some(result) = calls::call_on_the_spot_closure(&closure, &arg) {
            return self.store_applied(thunk, result);
        }
        self.check_depth()?;
        let base = self.stack.len();
        self.stack.push(arg);
        self.push_bound(&closure);
        Ok(Some(CodeFrame::new(
            closure.lambda.clone(),
            closure.upvalues.clone(),
            base,
            FrameKind::Apply(thunk.clone()),
        )))
    }

    /// Stores `result`, what an application thunk's function returned,
    /// in the thunk: at once when it is evaluated, else through a frame
    /// that forces it first (the caller must run it).
    fn store_applied(
        &mut self,
        thunk: &Thunk,
        result: Value,
    ) -> Result<Option<CodeFrame>, ErrorKind> {
        if let Some(value) = result.forced() {
            thunk.finish(value);
            return Ok(None);
        }
        self.check_depth()?;
        self.stack.push(result);
        Ok(Some(self.force_into_frame(thunk.clone())))
    }

    /// The frame that forces the value on top of the stack and stores it
    /// in `thunk`.
    pub(super) fn force_into_frame(&self, thunk: Thunk) -> CodeFrame {
        CodeFrame::new(
            crate::bytecode::synthetic::force_lambda(),
            self.no_upvalues.clone(),
            self.stack.len() - 1,
            FrameKind::ForceInto(thunk),
        )
    }

    /// Unwinds frames after an error, up to a `tryEval` that catches it.
    /// Out of line: the outer loop around it is hot, errors are rare.
    #[inline(never)]
    fn unwind(&mut self, mut error: Error) -> Result<(), Error> {
        let catchable = error.kind.is_catchable();
        while let Some(frame) = self.frames.pop() {
            match frame {
                Frame::Code(frame) => match frame.kind {
                    FrameKind::Thunk(thunk) => {
                        if let Some(name) = frame.lambda.name() {
                            if error.trace.len() < MAX_TRACE {
                                error.trace.push(TraceEntry {
                                    span: Some(frame.lambda.span),
                                    message: format!("while evaluating '{name}'"),
                                });
                            }
                        }
                        // A thunk whose evaluation failed is evaluated
                        // again when forced again, as in C++ Nix.
                        if matches!(&*thunk.repr(), ThunkRepr::Blackhole) {
                            thunk.set(ThunkRepr::Suspended {
                                lambda: frame.lambda,
                                upvalues: frame.upvalues,
                            });
                        }
                    }
                    FrameKind::Apply(thunk) => {
                        if error.trace.len() < MAX_TRACE {
                            error.trace.push(TraceEntry {
                                span: Some(crate::bytecode::synthetic::apply_lambda().span),
                                message: calling_message(&frame.lambda),
                            });
                        }
                        if matches!(&*thunk.repr(), ThunkRepr::Blackhole) {
                            if let Some(arg) = self.stack.get(frame.base).cloned() {
                                // The closure again, with the value it
                                // binds (the frame's local 1) if it has one.
                                let closure = match self.stack.get(frame.base + 1) {
                                    Some(bound) if frame.lambda.binds_outer_local => {
                                        let bound = bound.clone();
                                        Closure::binding(frame.lambda, frame.upvalues, bound)
                                    }
                                    _ => Closure::new(frame.lambda, frame.upvalues),
                                };
                                let function = Value::Closure(Rc::new(closure));
                                thunk.set(ThunkRepr::Apply { function, arg });
                            }
                        }
                    }
                    FrameKind::ForceInto(thunk) => {
                        if matches!(&*thunk.repr(), ThunkRepr::Blackhole) {
                            if let Some(result) = self.stack.get(frame.base).cloned() {
                                thunk.set(ThunkRepr::Suspended {
                                    lambda: crate::bytecode::synthetic::alias_lambda(),
                                    upvalues: Captures::one(result),
                                });
                            }
                        }
                    }
                    FrameKind::Call { call_span } => {
                        if error.trace.len() < MAX_TRACE {
                            error.trace.push(TraceEntry {
                                span: Some(call_span),
                                message: calling_message(&frame.lambda),
                            });
                        }
                    }
                    FrameKind::Toplevel => {}
                },
                Frame::Native(mut frame) => {
                    match frame.catch(error) {
                        Ok(stack_len) => {
                            self.stack.truncate(stack_len);
                            self.frames.push(Frame::Native(frame));
                            return Ok(());
                        }
                        Err(uncaught) => error = uncaught,
                    }
                    if error.trace.len() < MAX_TRACE {
                        error.trace.push(TraceEntry {
                            span: Some(frame.span),
                            message: format!("while calling the '{}' builtin", frame.def.name),
                        });
                    }
                }
                Frame::Gen(mut frame) => {
                    match frame.pending {
                        Pending::TryThunk(_, stack_len) if catchable => {
                            self.stack.truncate(stack_len);
                            frame.pending = Pending::Caught(error.into_kind());
                            self.frames.push(Frame::Gen(frame));
                            return Ok(());
                        }
                        Pending::Guarded(_, stack_len) => {
                            self.stack.truncate(stack_len);
                            frame.pending = Pending::Failed(Box::new(error));
                            self.frames.push(Frame::Gen(frame));
                            return Ok(());
                        }
                        _ => {}
                    }
                    if error.trace.len() < MAX_TRACE && !(*frame.name).is_empty() {
                        error.trace.push(TraceEntry {
                            span: Some(frame.span),
                            message: format!("while calling the '{}' builtin", frame.name),
                        });
                    }
                }
            }
        }
        self.stack.clear();
        Err(error)
    }
}

/// The value of the application thunk `thunk` when it can be computed
/// without a frame (its function is an evaluated closure, curried or a
/// leaf, and the result is evaluated); it is stored in the thunk. This is
/// how `mapAttrs f` reaches `f name` for `f name value`.
fn apply_on_the_spot(thunk: &Thunk) -> Option<Value> {
    let value = {
        let repr = thunk.repr();
        let ThunkRepr::Apply { function, arg } = &*repr else {
            return None;
        };
        let Value::Closure(closure) = function else {
            return None;
        };
        calls::call_on_the_spot_closure(closure, arg)?.forced()?
    };
    thunk.set(ThunkRepr::Evaluated(value.clone()));
    Some(value)
}

/// The trace line of a call of `lambda`.
fn calling_message(lambda: &Lambda) -> String {
    match lambda.name() {
        Some(name) => format!("while calling '{name}'"),
        None => "while calling anonymous lambda".to_string(),
    }
}
