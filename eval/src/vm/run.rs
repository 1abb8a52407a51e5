//! The inner bytecode loop: executing instructions of bytecode frames.

use super::{leaf, ops, CallOutcome, CodeFrame, Frame, FrameKind, Vm};
use crate::bytecode::operators::OperatorClass;
use crate::bytecode::Op;
use crate::errors::{Error, ErrorKind};
use crate::value::{Closure, NixList, Thunk, ThunkRepr, Value};
use std::rc::Rc;

impl Vm {
    /// Fails the current instruction of `frame` with `kind`.
    fn fail(&mut self, frame: CodeFrame, kind: ErrorKind) -> Result<(), Error> {
        let span = frame
            .lambda
            .chunk
            .spans
            .get(frame.ip.saturating_sub(1))
            .copied();
        self.frames.push(Frame::Code(frame));
        Err(Error::new(kind, span))
    }

    /// The inner bytecode loop.
    pub(super) fn run_code(&mut self, mut frame: CodeFrame) -> Result<(), Error> {
        'dispatch: loop {
            macro_rules! tri {
                ($e:expr) => {
                    match $e {
                        Ok(v) => v,
                        Err(kind) => return self.fail(frame, kind),
                    }
                };
            }
            // Makes `$value` evaluated, or suspends to force it and retries the
            // current instruction afterwards.
            macro_rules! ensure_forced {
                ($value:expr) => {
                    if let Value::Thunk(t) = $value {
                        if !matches!(&*t.repr(), ThunkRepr::Evaluated(_)) {
                            let t = t.clone();
                            match self.begin_force(&t) {
                                Ok(Some(thunk_frame)) => {
                                    frame.ip -= 1;
                                    let caller = std::mem::replace(&mut frame, thunk_frame);
                                    self.frames.push(Frame::Code(caller));
                                    continue 'dispatch;
                                }
                                Ok(None) => {}
                                Err(kind) => return self.fail(frame, kind),
                            }
                        }
                    }
                };
            }
            // Forces the stack slot `$idx` in place.
            macro_rules! force_slot {
                ($idx:expr) => {{
                    let idx = $idx;
                    let state = match &self.stack[idx] {
                        Value::Thunk(t) => Some(t.value()),
                        _ => None,
                    };
                    match state {
                        None => {}
                        Some(Some(v)) => self.stack[idx] = v,
                        Some(None) => {
                            let t = match &self.stack[idx] {
                                Value::Thunk(t) => t.clone(),
                                _ => continue 'dispatch,
                            };
                            match self.begin_force(&t) {
                                Ok(Some(thunk_frame)) => {
                                    frame.ip -= 1;
                                    let caller = std::mem::replace(&mut frame, thunk_frame);
                                    self.frames.push(Frame::Code(caller));
                                    continue 'dispatch;
                                }
                                Ok(None) => {
                                    self.stack[idx] = t.value().unwrap_or_default();
                                }
                                Err(kind) => return self.fail(frame, kind),
                            }
                        }
                    }
                }};
            }
            // Pushes an operator's value, or runs its generator next.
            macro_rules! outcome {
                ($e:expr) => {
                    match $e {
                        ops::Outcome::Value(v) => self.stack.push(v),
                        ops::Outcome::Generator(name, generator) => {
                            let span = frame.lambda.chunk.spans[frame.ip - 1];
                            self.frames.push(Frame::Code(frame));
                            self.push_generator(name, span, generator);
                            return Ok(());
                        }
                    }
                };
            }
            // Continues with a call's result: its value, or the callee's
            // frame (in this loop if it is bytecode).
            macro_rules! call_outcome {
                ($e:expr) => {
                    match $e {
                        CallOutcome::Value(v) => self.stack.push(v),
                        CallOutcome::Frame(Frame::Code(callee_frame)) => {
                            let caller = std::mem::replace(&mut frame, callee_frame);
                            self.frames.push(Frame::Code(caller));
                        }
                        CallOutcome::Frame(other) => {
                            self.frames.push(Frame::Code(frame));
                            self.frames.push(other);
                            return Ok(());
                        }
                    }
                };
            }
            macro_rules! pop {
                () => {
                    self.stack.pop().unwrap_or_default()
                };
            }
            let op = frame.lambda.chunk.code[frame.ip];
            frame.ip += 1;
            match op {
                Op::Constant(idx) => {
                    let value = frame.lambda.chunk.constants[idx as usize].clone();
                    self.stack.push(value);
                }
                Op::GetLocal(idx) => {
                    let value = self.stack[frame.base + idx as usize].clone();
                    self.stack.push(value);
                }
                Op::GetUpvalue(idx) => {
                    let value = frame.upvalues[idx as usize].clone();
                    self.stack.push(value);
                }
                Op::CloseScope(n) => {
                    let top = pop!();
                    let len = self.stack.len();
                    self.stack.truncate(len - n as usize);
                    self.stack.push(top);
                }
                Op::Force => {
                    force_slot!(self.stack.len() - 1);
                }
                Op::MakeValueOrThunk(idx) => {
                    let lambda = &frame.lambda.chunk.lambdas[idx as usize];
                    let count = lambda.upvalue_count;
                    let start = self.stack.len();
                    for i in frame.ip..frame.ip + count {
                        let value = captured(&self.stack, &frame, frame.lambda.chunk.code[i]);
                        self.stack.push(value);
                    }
                    frame.ip += count;
                    match leaf::force_leaf(lambda, &self.stack[start..]) {
                        Some(value) => {
                            self.stack.truncate(start);
                            self.stack.push(value);
                        }
                        None => {
                            let upvalues: Rc<[Value]> = self.stack.drain(start..).collect();
                            let thunk = Thunk::suspended(lambda.clone(), upvalues);
                            self.stack.push(Value::Thunk(thunk));
                        }
                    }
                }
                Op::MakeThunk(idx) | Op::MakeClosure(idx) | Op::FillThunk(idx, _) => {
                    let lambda = frame.lambda.chunk.lambdas[idx as usize].clone();
                    let count = lambda.upvalue_count;
                    let captures = &frame.lambda.chunk.code[frame.ip..frame.ip + count];
                    let capture = |op: &Op| captured(&self.stack, &frame, *op);
                    // One or two captures (the common cases) without the
                    // general collection's bookkeeping.
                    let upvalues: Rc<[Value]> = match captures {
                        [] => self.no_upvalues.clone(),
                        [a] => Rc::new([capture(a)]),
                        [a, b] => Rc::new([capture(a), capture(b)]),
                        _ => captures.iter().map(capture).collect(),
                    };
                    frame.ip += count;
                    match op {
                        Op::MakeThunk(_) => self
                            .stack
                            .push(Value::Thunk(Thunk::suspended(lambda, upvalues))),
                        Op::FillThunk(_, slot) => {
                            if let Value::Thunk(placeholder) =
                                &self.stack[frame.base + slot as usize]
                            {
                                placeholder.set(ThunkRepr::Suspended { lambda, upvalues });
                            }
                        }
                        _ => self
                            .stack
                            .push(Value::Closure(Rc::new(Closure { lambda, upvalues }))),
                    }
                }
                Op::CaptureLocal(_) | Op::CaptureUpvalue(_) => {}
                Op::Placeholder => {
                    let placeholder = self.placeholders.make();
                    self.stack.push(Value::Thunk(placeholder))
                }
                Op::Finalise(idx) => {
                    let value = pop!();
                    let span = frame.lambda.chunk.spans[frame.ip - 1];
                    if let Value::Thunk(placeholder) = &self.stack[frame.base + idx as usize] {
                        ops::fill_placeholder(placeholder, value, span);
                    }
                }
                Op::JumpIfFilled(idx, offset) => {
                    let filled = match &self.stack[frame.base + idx as usize] {
                        Value::Thunk(t) => !matches!(&*t.repr(), ThunkRepr::Placeholder),
                        _ => true,
                    };
                    if filled {
                        frame.ip += offset as usize;
                    }
                }
                Op::Jump(offset) => frame.ip += offset as usize,
                Op::JumpIfFalse(offset) => {
                    force_slot!(self.stack.len() - 1);
                    let cond = tri!(pop!().as_bool());
                    if !cond {
                        frame.ip += offset as usize;
                    }
                }
                Op::JumpIfFalseKeep(offset) | Op::JumpIfTrueKeep(offset) => {
                    force_slot!(self.stack.len() - 1);
                    let cond = tri!(self.stack[self.stack.len() - 1].as_bool());
                    if cond == matches!(op, Op::JumpIfTrueKeep(_)) {
                        frame.ip += offset as usize;
                    } else {
                        self.stack.pop();
                    }
                }
                Op::AssertBool => {
                    force_slot!(self.stack.len() - 1);
                    tri!(self.stack[self.stack.len() - 1].as_bool());
                }
                Op::Assert(text) => {
                    force_slot!(self.stack.len() - 1);
                    if !tri!(pop!().as_bool()) {
                        let text = match &frame.lambda.chunk.constants[text as usize] {
                            Value::String(s) => s.to_string(),
                            _ => String::new(),
                        };
                        return self.fail(frame, ErrorKind::AssertionFailed(text));
                    }
                }
                Op::Return => {
                    let value = pop!();
                    self.stack.truncate(frame.base);
                    match &frame.kind {
                        FrameKind::Thunk(thunk) => {
                            thunk.set(ThunkRepr::Evaluated(value));
                        }
                        FrameKind::Call { .. } | FrameKind::Toplevel => self.stack.push(value),
                    }
                    // The caller continues here if it is bytecode; any
                    // other frame is resumed by the outer loop.
                    if !matches!(self.frames.last(), Some(Frame::Code(_))) {
                        return Ok(());
                    }
                    if let Some(Frame::Code(next)) = self.frames.pop() {
                        frame = next;
                    }
                }
                Op::Call => {
                    force_slot!(self.stack.len() - 1);
                    let mut callee = pop!();
                    let span = frame.lambda.chunk.spans[frame.ip - 1];
                    // The common case, calling a closure, in place: the
                    // argument already sits where the callee's local 0 goes.
                    if let Value::Closure(closure) = &callee {
                        let arg = &self.stack[self.stack.len() - 1];
                        if let Some(v) = leaf::call_leaf(&closure.lambda, &closure.upvalues, arg) {
                            let len = self.stack.len();
                            self.stack[len - 1] = v;
                            continue;
                        }
                        if !closure.lambda.curried {
                            tri!(self.check_depth());
                            let callee_frame = CodeFrame {
                                lambda: closure.lambda.clone(),
                                upvalues: closure.upvalues.clone(),
                                ip: 0,
                                base: self.stack.len() - 1,
                                kind: FrameKind::Call { call_span: span },
                            };
                            let caller = std::mem::replace(&mut frame, callee_frame);
                            self.frames.push(Frame::Code(caller));
                            continue;
                        }
                    }
                    // `f a b` with `f` a builtin that both calls saturate:
                    // one call with both arguments, without building the
                    // partial application in between.
                    let fusable = match &callee {
                        Value::Builtin(b) => {
                            b.args.len() + 2 == b.def.arity
                                && self.stack.len() >= 2
                                && frame.lambda.chunk.code.get(frame.ip) == Some(&Op::Call)
                        }
                        _ => false,
                    };
                    if let (true, Value::Builtin(b)) = (fusable, &callee) {
                        // Strict arguments are forced in place first (the
                        // call runs again once a thunk's frame returns).
                        let i = b.args.len();
                        let len = self.stack.len();
                        let force_first =
                            b.def.is_strict(i) && is_unevaluated(&self.stack[len - 1]);
                        let force_second =
                            b.def.is_strict(i + 1) && is_unevaluated(&self.stack[len - 2]);
                        if force_first || force_second {
                            self.stack.push(callee);
                            if force_first {
                                force_slot!(len - 1);
                            }
                            if force_second {
                                force_slot!(len - 2);
                            }
                            callee = pop!();
                        }
                    }
                    if let (true, Value::Builtin(b)) = (fusable, &callee) {
                        let i = b.args.len();
                        let first = pop!();
                        let second = pop!();
                        let mut args = Vec::with_capacity(i + 2);
                        args.extend(b.args.iter().cloned());
                        args.push(first);
                        args.push(second);
                        let def = b.def.clone();
                        frame.ip += 1;
                        let span = frame.lambda.chunk.spans[frame.ip - 1];
                        call_outcome!(tri!(self.invoke_builtin(&def, args, span)));
                        continue;
                    }
                    // A builtin this call saturates gets its last argument
                    // forced here, like any operand, rather than in a
                    // generator frame of its own.
                    if let Value::Builtin(b) = &callee {
                        let i = b.args.len();
                        if i + 1 == b.def.arity
                            && b.def.is_strict(i)
                            && matches!(self.stack.last(), Some(Value::Thunk(_)))
                        {
                            self.stack.push(callee);
                            force_slot!(self.stack.len() - 2);
                            callee = pop!();
                        }
                    }
                    let arg = pop!();
                    call_outcome!(tri!(self.call_value(callee, arg, span)));
                }
                Op::ValidateFormals => {
                    force_slot!(frame.base);
                    let lambda = frame.lambda.clone();
                    if let Some(formals) = lambda.formals() {
                        let attrs = tri!(self.stack[frame.base].as_attrs()).clone();
                        if !formals.ellipsis {
                            for key in attrs.keys() {
                                if !formals.accepts(key.as_bytes()) {
                                    let kind = ErrorKind::UnexpectedArgument {
                                        function: function_name(&lambda),
                                        name: key.to_string(),
                                    };
                                    return self.fail(frame, kind);
                                }
                            }
                        }
                    }
                }
                Op::FormalArg(name) | Op::FormalArgOrPlaceholder(name) => {
                    let Value::String(name) = &frame.lambda.chunk.constants[name as usize] else {
                        continue;
                    };
                    let found = match &self.stack[frame.base] {
                        Value::Attrs(attrs) => attrs.get(name.as_bytes()).cloned(),
                        _ => None,
                    };
                    match found {
                        Some(v) => self.stack.push(v),
                        None if matches!(op, Op::FormalArgOrPlaceholder(_)) => {
                            let placeholder = self.placeholders.make();
                            self.stack.push(Value::Thunk(placeholder))
                        }
                        None => {
                            let kind = ErrorKind::MissingArgument {
                                function: function_name(&frame.lambda),
                                name: name.to_string(),
                            };
                            return self.fail(frame, kind);
                        }
                    }
                }
                Op::Binary(op) => {
                    let len = self.stack.len();
                    force_slot!(len - 2);
                    force_slot!(len - 1);
                    if let (Value::Integer(a), Value::Integer(b)) =
                        (&self.stack[len - 2], &self.stack[len - 1])
                    {
                        if let Some(result) = op.on_integers(*a, *b) {
                            // Both operands are integers: nothing to drop.
                            std::mem::forget(self.stack.pop());
                            std::mem::forget(std::mem::replace(&mut self.stack[len - 2], result));
                            continue;
                        }
                    }
                    let rhs = pop!();
                    let lhs = pop!();
                    let outcome = match op.class() {
                        OperatorClass::Arithmetic => ops::arithmetic(op, lhs, rhs),
                        _ => ops::comparison(op, lhs, rhs),
                    };
                    outcome!(tri!(outcome));
                }
                Op::Invert => {
                    force_slot!(self.stack.len() - 1);
                    let b = tri!(pop!().as_bool());
                    self.stack.push(Value::Bool(!b));
                }
                Op::Concat => {
                    let len = self.stack.len();
                    force_slot!(len - 2);
                    force_slot!(len - 1);
                    let rhs = pop!();
                    let lhs = pop!();
                    let (lhs, rhs) = (tri!(lhs.as_list()), tri!(rhs.as_list()));
                    tri!(crate::limits::charge_list(
                        lhs.len().saturating_add(rhs.len())
                    ));
                    let joined = lhs.concat(rhs);
                    self.stack.push(Value::List(joined));
                }
                Op::Update => {
                    let len = self.stack.len();
                    force_slot!(len - 2);
                    force_slot!(len - 1);
                    let rhs = pop!();
                    let lhs = pop!();
                    let merged = tri!(lhs.as_attrs()).update(tri!(rhs.as_attrs()));
                    self.stack.push(Value::Attrs(merged));
                }
                Op::Attrs(n, table) => {
                    let start = self.stack.len() - 2 * n as usize;
                    let table = &frame.lambda.chunk.attr_tables[table as usize];
                    let attrs = match &table.key_order {
                        Some(order) => ops::build_attrs_in_order(
                            &mut self.stack[start..],
                            order,
                            &table.positions,
                        ),
                        None => ops::build_attrs(self.stack.drain(start..), &table.positions),
                    };
                    self.stack.truncate(start);
                    self.stack.push(Value::Attrs(tri!(attrs)));
                }
                Op::List(n) => {
                    let start = self.stack.len() - n as usize;
                    let list: NixList = self.stack.drain(start..).collect();
                    self.stack.push(Value::List(list));
                }
                Op::Select(name) => {
                    let len = self.stack.len();
                    force_slot!(len - 1);
                    let result = match &frame.lambda.chunk.constants[name as usize] {
                        Value::String(name) => ops::select(&self.stack[len - 1], name),
                        _ => Ok(Value::Null),
                    };
                    self.stack[len - 1] = tri!(result);
                }
                Op::SelectDynamic => {
                    let len = self.stack.len();
                    force_slot!(len - 2);
                    force_slot!(len - 1);
                    let key = pop!();
                    let result = key
                        .as_str()
                        .and_then(|key| ops::select(&self.stack[len - 2], key));
                    self.stack[len - 2] = tri!(result);
                }
                Op::SelectPathOr(n, _) | Op::HasAttrPath(n) => {
                    let n = n as usize;
                    let start = self.stack.len() - n - 1;
                    let mut current = self.stack[start].clone();
                    let mut found = true;
                    for i in 0..n {
                        ensure_forced!(&current);
                        let forced = current.forced().unwrap_or_default();
                        let key = tri!(self.stack[start + 1 + i]
                            .as_str()
                            .and_then(|k| k.require_no_context()));
                        match forced.as_attrs().ok().and_then(|a| a.get(key.as_bytes())) {
                            Some(v) => current = v.clone(),
                            None => {
                                found = false;
                                break;
                            }
                        }
                    }
                    self.stack.truncate(start);
                    match op {
                        Op::HasAttrPath(_) => self.stack.push(Value::Bool(found)),
                        Op::SelectPathOr(_, offset) => {
                            if found {
                                self.stack.push(current);
                                frame.ip += offset as usize;
                            }
                        }
                        _ => {}
                    }
                }
                Op::AttrName => {
                    force_slot!(self.stack.len() - 1);
                    match &self.stack[self.stack.len() - 1] {
                        Value::String(_) | Value::Null => {}
                        other => {
                            let kind = ErrorKind::TypeError {
                                expected: "a string",
                                actual: other.type_description(),
                            };
                            return self.fail(frame, kind);
                        }
                    }
                }
                Op::Interpolate(n) => {
                    let start = self.stack.len() - n as usize;
                    for i in start..self.stack.len() {
                        force_slot!(i);
                    }
                    let parts: Vec<Value> = self.stack.drain(start..).collect();
                    outcome!(tri!(ops::interpolate(parts)));
                }
                Op::ToPath => {
                    let len = self.stack.len();
                    force_slot!(len - 1);
                    let v = tri!(ops::string_to_path(&self.stack[len - 1]));
                    self.stack[len - 1] = v;
                }
                Op::EagerOperator(op, offset) => {
                    let len = self.stack.len();
                    let rhs = evaluated(&self.stack[len - 1]);
                    let lhs = evaluated(&self.stack[len - 2]);
                    let result = match (lhs, rhs) {
                        (Some(a), Some(b)) => ops::eager_operator(op, &a, &b),
                        _ => None,
                    };
                    self.stack.truncate(len - 2);
                    if let Some(result) = result {
                        self.stack.push(result);
                        frame.ip += offset as usize;
                    }
                }
                Op::EagerSelect(n, offset) => {
                    let start = self.stack.len() - n as usize - 1;
                    let mut current = evaluated(&self.stack[start]);
                    for i in 0..n as usize {
                        current = match (&current, &self.stack[start + 1 + i]) {
                            (Some(Value::Attrs(attrs)), Value::String(key)) => {
                                attrs.get(key.as_bytes()).cloned()
                            }
                            _ => None,
                        };
                        if i + 1 < n as usize {
                            current = current.as_ref().and_then(evaluated);
                        }
                    }
                    self.stack.truncate(start);
                    if let Some(value) = current {
                        self.stack.push(value);
                        frame.ip += offset as usize;
                    }
                }
                Op::Overrides(slot, table) => {
                    force_slot!(frame.base + slot as usize);
                    let overrides = match &self.stack[frame.base + slot as usize] {
                        Value::Attrs(a) => a.clone(),
                        other => {
                            let kind = ErrorKind::TypeError {
                                expected: "a set",
                                actual: other.type_description(),
                            };
                            return self.fail(frame, kind);
                        }
                    };
                    let span = frame.lambda.chunk.spans[frame.ip - 1];
                    if let Value::Attrs(slots) = &frame.lambda.chunk.constants[table as usize] {
                        for (name, value) in overrides.iter() {
                            if let Some(Value::Integer(target)) = slots.get(name.as_bytes()) {
                                if let Value::Thunk(t) = &self.stack[frame.base + *target as usize]
                                {
                                    ops::fill_placeholder(t, value.clone(), span);
                                }
                            }
                        }
                    }
                }
                Op::WithLookup(name, n) => {
                    let start = self.stack.len() - n as usize;
                    for i in start..self.stack.len() {
                        force_slot!(i);
                        let Value::String(name) = &frame.lambda.chunk.constants[name as usize]
                        else {
                            break;
                        };
                        let found = tri!(self.stack[i].as_attrs()).get(name.as_bytes()).cloned();
                        if let Some(v) = found {
                            self.stack.truncate(start);
                            self.stack.push(v);
                            break;
                        }
                    }
                    if self.stack.len() != start + 1 || n == 0 {
                        let name = frame.lambda.chunk.constants[name as usize].clone();
                        let name = name.as_str().map(|s| s.to_string()).unwrap_or_default();
                        return self.fail(frame, ErrorKind::UndefinedVariable(name));
                    }
                }
            }
        }
    }
}

/// The value a `CaptureLocal`/`CaptureUpvalue` operand of `frame` captures.
fn captured(stack: &[Value], frame: &CodeFrame, op: Op) -> Value {
    match op {
        Op::CaptureLocal(i) => stack[frame.base + i as usize].clone(),
        Op::CaptureUpvalue(i) => frame.upvalues[i as usize].clone(),
        _ => Value::Null,
    }
}

/// The value itself, or an evaluated thunk's value; `None` when unevaluated.
fn evaluated(value: &Value) -> Option<Value> {
    match value {
        Value::Thunk(t) => t.value(),
        other => Some(other.clone()),
    }
}

fn function_name(lambda: &crate::bytecode::Lambda) -> String {
    match lambda.name() {
        Some(name) => name.to_string(),
        None => "anonymous lambda".to_string(),
    }
}

/// Whether `value` is a thunk not evaluated yet.
fn is_unevaluated(value: &Value) -> bool {
    matches!(value, Value::Thunk(t) if !t.is_evaluated())
}
