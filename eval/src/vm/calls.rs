//! Starting calls: the `Call` instruction, closures getting a bytecode
//! frame, saturated builtins running inline or in a generator or native
//! frame, sets with `__functor` called through it.

use super::flow::Stop;
use super::generators::{self, new_generator, GenCo};
use super::native::{NativeFrame, NativeStart, NativeState, StrictArgs};
use super::{CallOutcome, CodeFrame, Frame, FrameKind, GenFrame, GeneratorDepth, Pending, Vm};
use crate::bytecode::Op;
use crate::errors::ErrorKind;
use crate::value::{Builtin, BuiltinDef, BuiltinFn, Captures, Closure, InPlace, Value};
use codemap::Span;
use std::rc::Rc;

impl Vm {
    /// The `Call` instruction: the callee on top of the stack, its
    /// argument under it.
    #[inline(always)]
    pub(super) fn op_call(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        self.force_slot(frame, self.stack.len() - 1)?;
        let callee = self.pop()?;
        let span = frame.current_span();
        // The common case, calling a closure, in place: the argument
        // already sits where the callee's local 0 goes.
        if let Value::Closure(closure) = &callee {
            let arg = &self.stack[self.stack.len() - 1];
            if let Some(v) = super::leaf::call_leaf(closure, arg) {
                let len = self.stack.len();
                self.stack[len - 1] = v;
                return Ok(());
            }
            if !closure.lambda.curried {
                self.check_depth()?;
                let callee_frame = CodeFrame::new(
                    closure.lambda.clone(),
                    closure.upvalues.clone(),
                    self.stack.len() - 1,
                    FrameKind::Call { call_span: span },
                );
                self.push_bound(closure);
                let caller = std::mem::replace(frame, callee_frame);
                self.frames.push(Frame::Code(caller));
                return Ok(());
            }
        }
        let callee = match callee {
            Value::Builtin(b) => return self.call_builtin(frame, b, span),
            other => other,
        };
        let arg = self.pop()?;
        let outcome = self.call_value(callee, arg, span)?;
        self.continue_call(frame, outcome)
    }

    /// Pushes the value `closure` binds, if its lambda binds one: the
    /// local 1 of the frame just made for it, after the argument.
    #[inline(always)]
    pub(super) fn push_bound(&mut self, closure: &Closure) {
        if let Some(bound) = closure.bound() {
            self.stack.push(bound.clone());
        }
    }

    /// A `Call` of a builtin: a saturating call gets its strict last
    /// argument forced here, like any operand, rather than in a frame of
    /// its own; `f a b` that saturates `f` makes one call with both
    /// arguments, without the partial application in between.
    fn call_builtin(
        &mut self,
        frame: &mut CodeFrame,
        b: Rc<Builtin>,
        span: Span,
    ) -> Result<(), Stop> {
        // Only builtins of one argument read in place: no partial
        // application of one exists.
        if let Some(in_place) = b.def.in_place {
            if self.call_in_place(frame, &b, in_place)? {
                return Ok(());
            }
        }
        let i = b.args.len();
        let len = self.stack.len();
        let fused = i + 2 == b.def.arity && len >= 2 && frame.ip.peek() == Op::Call;
        // Strict arguments are forced in place first (the call runs again
        // once a thunk's frame returns, so the callee goes back on top).
        let force_first = b.def.is_strict(i) && is_unevaluated(&self.stack[len - 1]);
        let force_second = fused && b.def.is_strict(i + 1) && is_unevaluated(&self.stack[len - 2]);
        let saturated = fused || i + 1 == b.def.arity;
        if saturated && (force_first || force_second) {
            self.stack.push(Value::Builtin(b.clone()));
            if force_first {
                self.force_slot(frame, len - 1)?;
            }
            if force_second {
                self.force_slot(frame, len - 2)?;
            }
            self.pop()?;
        }
        let outcome = if fused {
            let first = self.pop()?;
            let second = self.pop()?;
            let mut args = Vec::with_capacity(i + 2);
            args.extend(b.args.iter().cloned());
            args.push(first);
            args.push(second);
            frame.ip.skip(1);
            let span = frame.current_span();
            self.invoke_builtin(&b.def, args, span)?
        } else {
            let arg = self.pop()?;
            self.call_value(Value::Builtin(b), arg, span)?
        };
        self.continue_call(frame, outcome)
    }

    /// A `Call` of a builtin of one argument that reads it in place
    /// (`BuiltinDef::reading`, `with_reading_fast_path`): the argument is
    /// forced, then replaced on the stack by the result. `false` when the
    /// builtin's ordinary call must answer (the argument stays, forced).
    #[inline]
    fn call_in_place(
        &mut self,
        frame: &mut CodeFrame,
        b: &Rc<Builtin>,
        in_place: InPlace,
    ) -> Result<bool, Stop> {
        let top = self.stack.len() - 1;
        if let Value::Thunk(t) = &self.stack[top] {
            match t.value() {
                Some(value) => self.stack[top] = value,
                None => {
                    // Forced like any strict argument: the call runs again
                    // once the thunk's frame returns.
                    self.stack.push(Value::Builtin(b.clone()));
                    self.force_slot(frame, top)?;
                    self.pop()?;
                }
            }
        }
        let result = match in_place {
            InPlace::Always(read) => read(&self.stack[top]),
            InPlace::Often(read) => match read(&self.stack[top]) {
                Some(result) => result,
                None => return Ok(false),
            },
        };
        self.stack[top] = result?;
        Ok(true)
    }

    /// Starts calling `callee` (forced) with `arg`.
    pub(crate) fn call_value(
        &mut self,
        callee: Value,
        arg: Value,
        span: Span,
    ) -> Result<CallOutcome, ErrorKind> {
        match callee {
            Value::Closure(closure) => {
                if let Some(inner) = apply_curried(&closure, &arg) {
                    return Ok(CallOutcome::Value(inner));
                }
                if let Some(v) = super::leaf::call_leaf(&closure, &arg) {
                    return Ok(CallOutcome::Value(v));
                }
                let base = self.stack.len();
                self.stack.push(arg);
                self.push_bound(&closure);
                self.check_depth()?;
                Ok(CallOutcome::Frame(Frame::Code(CodeFrame::new(
                    closure.lambda.clone(),
                    closure.upvalues.clone(),
                    base,
                    FrameKind::Call { call_span: span },
                ))))
            }
            Value::Builtin(builtin) => {
                let mut args = Vec::with_capacity(builtin.args.len() + 1);
                args.extend(builtin.args.iter().cloned());
                args.push(arg);
                if args.len() < builtin.def.arity {
                    return Ok(CallOutcome::Value(Value::Builtin(Rc::new(Builtin {
                        def: builtin.def.clone(),
                        args,
                    }))));
                }
                self.invoke_builtin(&builtin.def, args, span)
            }
            Value::Attrs(attrs) if attrs.contains(b"__functor") => {
                self.check_depth()?;
                let functor = attrs
                    .get_str("__functor")
                    .cloned()
                    .ok_or_else(|| ErrorKind::internal("__functor vanished"))?;
                let generator = new_generator(move |co: GenCo| {
                    Box::pin(async move {
                        let partial = generators::call(&co, functor, Value::Attrs(attrs)).await;
                        Ok(generators::call(&co, partial, arg).await)
                    })
                });
                Ok(CallOutcome::Frame(Frame::Gen(Box::new(GenFrame {
                    generator,
                    span,
                    name: Rc::from(""),
                    pending: Pending::Start,
                    _depth: None,
                }))))
            }
            other => Err(ErrorKind::NotCallable(other.type_description())),
        }
    }

    /// Runs a saturated builtin: inline when it is plain Rust and its
    /// strict arguments are evaluated; else a plain or native builtin in
    /// a native frame (which forces them first), any other in a generator
    /// frame.
    pub(super) fn invoke_builtin(
        &mut self,
        def: &Rc<BuiltinDef>,
        mut args: Vec<Value>,
        span: Span,
    ) -> Result<CallOutcome, ErrorKind> {
        let mut needs_forcing = false;
        for (i, arg) in args.iter_mut().enumerate() {
            if def.is_strict(i) {
                if let Value::Thunk(t) = arg {
                    match t.value() {
                        Some(v) => *arg = v,
                        None => needs_forcing = true,
                    }
                }
            }
        }
        if !needs_forcing {
            match &def.implementation {
                BuiltinFn::Sync(f) => return f(args).map(CallOutcome::Value),
                BuiltinFn::FastPath(fast, _) => {
                    if let Some(result) = fast(&mut args) {
                        return result.map(CallOutcome::Value);
                    }
                }
                BuiltinFn::Async(_) | BuiltinFn::Native(_) => {}
            }
        }
        // A plain builtin whose strict arguments need forcing gets them
        // forced by the same small native frame as a native builtin,
        // rather than by a generator.
        let plain = matches!(&def.implementation, BuiltinFn::Sync(_));
        if plain || matches!(&def.implementation, BuiltinFn::Native(_)) {
            self.check_depth()?;
            let frame: Box<dyn NativeFrame> = if needs_forcing {
                Box::new(StrictArgs::new(def.clone(), args))
            } else {
                let BuiltinFn::Native(start) = &def.implementation else {
                    return Err(ErrorKind::Internal("a plain builtin not run at once"));
                };
                match start(args)? {
                    NativeStart::Value(v) => return Ok(CallOutcome::Value(v)),
                    NativeStart::Frame(frame) => frame,
                }
            };
            return Ok(CallOutcome::Frame(Frame::Native(Box::new(
                NativeState::new(frame, span, def.clone()),
            ))));
        }
        self.check_depth()?;
        let def = def.clone();
        let name: Rc<str> = Rc::from(def.name.as_str());
        let generator = new_generator(move |co: GenCo| {
            Box::pin(async move {
                for (i, arg) in args.iter_mut().enumerate() {
                    if def.is_strict(i) && arg.is_thunk() {
                        *arg = generators::force(&co, std::mem::take(arg)).await;
                    }
                }
                match &def.implementation {
                    BuiltinFn::Sync(f) => f(args),
                    BuiltinFn::Async(f) | BuiltinFn::FastPath(_, f) => f(co, args).await,
                    BuiltinFn::Native(_) => {
                        Err(ErrorKind::Internal("native builtin in a generator"))
                    }
                }
            })
        });
        Ok(CallOutcome::Frame(Frame::Gen(Box::new(GenFrame {
            generator,
            span,
            name,
            pending: Pending::Start,
            _depth: Some(GeneratorDepth::enter(&self.generator_depth)),
        }))))
    }
}

/// `function arg` computed without a frame when that is possible: a leaf
/// lambda that completes, or a curried lambda building its inner closure.
/// `None` otherwise: the call must then be made in full. The result may be
/// a thunk.
pub fn call_on_the_spot(function: &Value, arg: &Value) -> Option<Value> {
    let Value::Closure(closure) = function else {
        return None;
    };
    call_on_the_spot_closure(closure, arg)
}

/// [`call_on_the_spot`] of a closure.
#[inline]
pub(super) fn call_on_the_spot_closure(closure: &Closure, arg: &Value) -> Option<Value> {
    super::leaf::call_leaf(closure, arg).or_else(|| apply_curried(closure, arg))
}

/// `x: y: ...` applied to `x` just builds the inner closure: that closure,
/// or `None` for any other function.
pub(super) fn apply_curried(closure: &Closure, arg: &Value) -> Option<Value> {
    let inner = closure.lambda.returns_closure()?;
    if inner.binds_outer_local {
        // The inner closure binds the argument and shares the captures.
        return Some(Value::Closure(Rc::new(Closure::binding(
            inner.clone(),
            closure.upvalues.clone(),
            arg.clone(),
        ))));
    }
    let code = &closure.lambda.chunk.code[1..=inner.upvalue_count];
    // `returns_closure` checked the captures: upvalues, the argument
    // (local 0), and the bound value (local 1) of a closure with one.
    let capture = |op: &Op| match *op {
        Op::CaptureUpvalue(i) => closure.upvalues[i as usize].clone(),
        Op::CaptureLocal(1) => closure.bound().cloned().unwrap_or_default(),
        _ => arg.clone(),
    };
    // One or two captures (the common cases) without the general
    // collection's bookkeeping.
    let upvalues: Captures = match code {
        [a] => Captures::one(capture(a)),
        [a, b] => Captures::from([capture(a), capture(b)]),
        _ => code.iter().map(capture).collect(),
    };
    Some(Value::Closure(Rc::new(Closure::new(
        inner.clone(),
        upvalues,
    ))))
}

/// Whether `value` is a thunk not evaluated yet.
fn is_unevaluated(value: &Value) -> bool {
    matches!(value, Value::Thunk(t) if !t.is_evaluated())
}
