//! The inner bytecode loop: executing instructions of bytecode frames.

use super::flow::Stop;
use super::{leaf, ops, CodeFrame, Frame, FrameKind, Vm};
use crate::bytecode::operators::{BinOp, OperatorClass};
use crate::bytecode::{Op, WithSet};
use crate::errors::{Error, ErrorKind};
use crate::value::{Captures, Closure, NixList, NixString, Thunk, ThunkRepr, Value};
use std::rc::Rc;

impl Vm {
    /// The inner loop: runs `frame`'s instructions, switching between
    /// bytecode frames in place, until a frame returns to (or must wait
    /// for) a frame of another kind, or an instruction fails.
    pub(super) fn run_code(&mut self, mut frame: CodeFrame) -> Result<(), Error> {
        loop {
            match self.step(&mut frame) {
                Ok(()) | Err(Stop::Switched) => {}
                Err(Stop::SuspendForGen(next)) => return self.suspend(frame, Frame::Gen(next)),
                Err(Stop::SuspendForNative(next)) => {
                    return self.suspend(frame, Frame::Native(next))
                }
                Err(Stop::Returned) => return Ok(()),
                Err(Stop::Failed(kind)) => return self.fail(frame, *kind),
            }
        }
    }

    /// Runs the next instruction of `frame`.
    #[inline(always)]
    fn step(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        let op = frame.ip.fetch();
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
                let top = self.pop()?;
                let len = self.stack.len();
                self.truncate_stack(len - n as usize);
                self.stack.push(top);
            }
            Op::Force => self.force_slot(frame, self.stack.len() - 1)?,
            Op::MakeValueOrThunk(idx) => self.op_make_value_or_thunk(frame, idx)?,
            Op::MakeThunk(_) | Op::MakeClosure(_) | Op::FillThunk(..) => {
                self.op_make_thunk(frame, op)?
            }
            Op::CaptureLocal(_) | Op::CaptureUpvalue(_) => {}
            Op::Placeholder => {
                let placeholder = self.placeholders.make();
                self.stack.push(Value::Thunk(placeholder))
            }
            Op::Finalise(idx) => {
                let value = self.pop()?;
                if let Value::Thunk(placeholder) = &self.stack[frame.base + idx as usize] {
                    ops::fill_placeholder(placeholder, value);
                }
            }
            Op::JumpIfFilled(idx, offset) => {
                let filled = match &self.stack[frame.base + idx as usize] {
                    Value::Thunk(t) => !matches!(&*t.repr(), ThunkRepr::Placeholder),
                    _ => true,
                };
                if filled {
                    frame.ip.skip(offset as usize);
                }
            }
            Op::Jump(offset) => frame.ip.skip(offset as usize),
            Op::JumpIfFalse(offset) => {
                self.force_slot(frame, self.stack.len() - 1)?;
                let cond = self.pop()?;
                let jump = !cond.as_bool()?;
                cond.release();
                if jump {
                    frame.ip.skip(offset as usize);
                }
            }
            Op::JumpIfFalseKeep(offset) | Op::JumpIfTrueKeep(offset) => {
                self.force_slot(frame, self.stack.len() - 1)?;
                let cond = self.stack[self.stack.len() - 1].as_bool()?;
                if cond == matches!(op, Op::JumpIfTrueKeep(_)) {
                    frame.ip.skip(offset as usize);
                } else {
                    self.stack.pop();
                }
            }
            Op::AssertBool => {
                self.force_slot(frame, self.stack.len() - 1)?;
                self.stack[self.stack.len() - 1].as_bool()?;
            }
            Op::Assert(text) => self.op_assert(frame, text)?,
            Op::Return => self.op_return(frame)?,
            Op::Invalid => return Err(Stop::from(ErrorKind::Internal("malformed bytecode"))),
            Op::ForceReturn => {
                self.force_slot(frame, self.stack.len() - 1)?;
                self.op_return(frame)?
            }
            Op::Call => self.op_call(frame)?,
            Op::ValidateFormals => self.op_validate_formals(frame)?,
            Op::FormalArg(name) | Op::FormalArgOrPlaceholder(name) => {
                self.op_formal_arg(frame, name, matches!(op, Op::FormalArgOrPlaceholder(_)))?
            }
            Op::Binary(op) => self.op_binary(frame, op)?,
            Op::Invert => {
                self.force_slot(frame, self.stack.len() - 1)?;
                let b = self.pop()?.as_bool()?;
                self.stack.push(Value::Bool(!b));
            }
            Op::Concat => {
                let (lhs, rhs) = self.forced_operands(frame)?;
                let (lhs, rhs) = (lhs.as_list()?, rhs.as_list()?);
                crate::limits::charge_list(lhs.len().saturating_add(rhs.len()))?;
                self.stack.push(Value::List(lhs.concat(rhs)));
            }
            Op::Update => {
                let (lhs, rhs) = self.forced_operands(frame)?;
                let merged = lhs.as_attrs()?.update(rhs.as_attrs()?);
                self.stack.push(Value::Attrs(merged));
            }
            Op::Attrs(n, table) => self.op_attrs(frame, n, table)?,
            Op::StaticAttrs(n, table) => self.op_static_attrs(frame, n, table),
            Op::List(n) => {
                let start = self.stack.len() - n as usize;
                let list: NixList = self.stack.drain(start..).collect();
                self.stack.push(Value::List(list));
            }
            Op::Select(name) => {
                let len = self.stack.len();
                self.force_slot(frame, len - 1)?;
                let result = match &frame.lambda.chunk.constants[name as usize] {
                    Value::String(name) => ops::select(&self.stack[len - 1], name),
                    _ => Err(ErrorKind::Internal("a selected name is not a string")),
                };
                self.stack[len - 1] = result?;
            }
            Op::SelectDynamic => self.op_select_dynamic(frame)?,
            Op::SelectPathOr(n, _) | Op::HasAttrPath(n) => self.op_select_path(frame, op, n)?,
            Op::SelectStaticPathOr(path, _) | Op::HasStaticAttrPath(path) => {
                self.op_select_static_path(frame, op, path)?
            }
            Op::AttrName => self.op_attr_name(frame)?,
            Op::Interpolate(n) => self.op_interpolate(frame, n)?,
            Op::ToPath => self.op_to_path(frame)?,
            Op::EagerOperator(op, offset) => self.op_eager_operator(frame, op, offset),
            Op::EagerSelect(n, offset) => self.op_eager_select(frame, n, offset),
            Op::Overrides(slot, table) => self.op_overrides(frame, slot, table)?,
            Op::WithLookup(name, n) => self.op_with_lookup(frame, name, n)?,
        }
        Ok(())
    }

    /// `SelectDynamic`: `set.${name}`.
    #[inline(never)]
    fn op_select_dynamic(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        let len = self.stack.len();
        self.force_slot(frame, len - 2)?;
        self.force_slot(frame, len - 1)?;
        let key = self.pop()?;
        let result = key
            .as_str()
            .and_then(|key| ops::select(&self.stack[len - 2], key));
        self.stack[len - 2] = result?;
        Ok(())
    }

    /// `AttrName`: a dynamic attribute name must be a string (or null).
    #[inline(never)]
    fn op_attr_name(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        self.force_slot(frame, self.stack.len() - 1)?;
        match &self.stack[self.stack.len() - 1] {
            Value::String(_) | Value::Null => Ok(()),
            other => Err(Stop::from(ErrorKind::TypeError {
                expected: "a string",
                actual: other.type_description(),
            })),
        }
    }

    /// `Interpolate`: the top `n` values, forced, as one string.
    #[inline(never)]
    fn op_interpolate(&mut self, frame: &mut CodeFrame, n: u32) -> Result<(), Stop> {
        let start = self.stack.len() - n as usize;
        for i in start..self.stack.len() {
            self.force_slot(frame, i)?;
        }
        let parts: Vec<Value> = self.stack.drain(start..).collect();
        self.push_outcome(frame, ops::interpolate(parts)?)
    }

    /// `ToPath`: a string (from an interpolated path literal) as a path.
    #[inline(never)]
    fn op_to_path(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        let len = self.stack.len();
        self.force_slot(frame, len - 1)?;
        self.stack[len - 1] = ops::string_to_path(&self.stack[len - 1])?;
        Ok(())
    }

    /// The two operands of a binary instruction, forced and popped.
    #[inline(always)]
    fn forced_operands(&mut self, frame: &mut CodeFrame) -> Result<(Value, Value), Stop> {
        let len = self.stack.len();
        self.force_slot(frame, len - 2)?;
        self.force_slot(frame, len - 1)?;
        let rhs = self.pop()?;
        let lhs = self.pop()?;
        Ok((lhs, rhs))
    }

    #[inline(always)]
    fn op_binary(&mut self, frame: &mut CodeFrame, op: BinOp) -> Result<(), Stop> {
        let len = self.stack.len();
        self.force_slot(frame, len - 2)?;
        self.force_slot(frame, len - 1)?;
        if self.integers_in_place(op) {
            return Ok(());
        }
        let rhs = self.pop()?;
        let lhs = self.pop()?;
        let outcome = match op.class() {
            OperatorClass::Arithmetic => ops::arithmetic(op, lhs, rhs),
            _ => ops::comparison(op, lhs, rhs),
        };
        self.push_outcome(frame, outcome?)
    }

    #[inline]
    fn op_make_value_or_thunk(&mut self, frame: &mut CodeFrame, idx: u32) -> Result<(), Stop> {
        let lambda = &frame.lambda.chunk.lambdas[idx as usize];
        if lambda.shares_captures {
            let value = match leaf::force_leaf(lambda, &frame.upvalues) {
                Some(value) => ops::fresh_cell(value),
                None => Value::Thunk(Thunk::suspended(lambda.clone(), frame.upvalues.clone())),
            };
            self.stack.push(value);
            return Ok(());
        }
        let count = lambda.upvalue_count;
        let start = self.stack.len();
        for &op in frame.ip.following(&frame.lambda, count) {
            let value = captured(&self.stack, frame, op)?;
            self.stack.push(value);
        }
        frame.ip.skip(count);
        match leaf::force_leaf(lambda, &self.stack[start..]) {
            Some(value) => {
                self.truncate_stack(start);
                self.stack.push(ops::fresh_cell(value));
            }
            None => {
                // One or two captures (the common cases) moved off the
                // stack without the general collection's bookkeeping.
                let upvalues: Captures = match count {
                    1 => Captures::one(self.pop()?),
                    2 => {
                        let second = self.pop()?;
                        Captures::from([self.pop()?, second])
                    }
                    _ => self.stack.drain(start..).collect(),
                };
                let thunk = Thunk::suspended(lambda.clone(), upvalues);
                self.stack.push(Value::Thunk(thunk));
            }
        }
        Ok(())
    }

    /// `MakeThunk`, `MakeClosure` and `FillThunk`: a lambda with the
    /// upvalues its capture instructions name.
    #[inline]
    fn op_make_thunk(&mut self, frame: &mut CodeFrame, op: Op) -> Result<(), Stop> {
        let (Op::MakeThunk(idx) | Op::MakeClosure(idx) | Op::FillThunk(idx, _)) = op else {
            return Err(Stop::from(ErrorKind::Internal("not a lambda instruction")));
        };
        let lambda = frame.lambda.chunk.lambdas[idx as usize].clone();
        let count = lambda.upvalue_count;
        let captures = frame.ip.following(&frame.lambda, count);
        let capture = |op: &Op| captured(&self.stack, frame, *op);
        // One or two captures (the common cases) without the general
        // collection's bookkeeping.
        let upvalues: Captures = match captures {
            [] if lambda.shares_captures => frame.upvalues.clone(),
            [] => self.no_upvalues.clone(),
            [a] => Captures::one(capture(a)?),
            [a, b] => Captures::from([capture(a)?, capture(b)?]),
            _ => capture_all(&self.stack, frame, captures)?,
        };
        frame.ip.skip(count);
        match op {
            Op::MakeThunk(_) => self
                .stack
                .push(Value::Thunk(Thunk::suspended(lambda, upvalues))),
            Op::FillThunk(_, slot) => {
                if let Value::Thunk(placeholder) = &self.stack[frame.base + slot as usize] {
                    placeholder.set(ThunkRepr::Suspended { lambda, upvalues });
                }
            }
            _ if lambda.binds_outer_local => {
                let outer = self.stack[frame.base].clone();
                let closure = Closure::binding(lambda, upvalues, outer);
                self.stack.push(Value::Closure(Rc::new(closure)))
            }
            _ => self
                .stack
                .push(Value::Closure(Rc::new(Closure::new(lambda, upvalues)))),
        }
        Ok(())
    }

    #[inline(never)]
    fn op_assert(&mut self, frame: &mut CodeFrame, text: u32) -> Result<(), Stop> {
        self.force_slot(frame, self.stack.len() - 1)?;
        if !self.pop()?.as_bool()? {
            let text = match &frame.lambda.chunk.constants[text as usize] {
                Value::String(s) => s.to_string(),
                _ => String::new(),
            };
            return Err(Stop::from(ErrorKind::AssertionFailed(text)));
        }
        Ok(())
    }

    #[inline]
    fn op_return(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        let value = self.pop()?;
        self.truncate_stack(frame.base);
        match &frame.kind {
            FrameKind::Thunk(thunk) | FrameKind::ForceInto(thunk) => {
                thunk.finish(value);
            }
            FrameKind::Apply(thunk) => match value.forced() {
                Some(value) => {
                    thunk.finish(value);
                }
                None => {
                    // The function returned a thunk: this frame becomes
                    // the one that forces it into the application thunk.
                    let thunk = thunk.clone();
                    self.stack.push(value);
                    *frame = self.force_into_frame(thunk);
                    return Ok(());
                }
            },
            FrameKind::Call { .. } | FrameKind::Toplevel => self.stack.push(value),
        }
        // The caller continues here if it is bytecode; any other frame is
        // resumed by the outer loop.
        match self.frames.pop() {
            Some(Frame::Code(next)) => {
                *frame = next;
                Ok(())
            }
            Some(other) => {
                self.frames.push(other);
                Err(Stop::Returned)
            }
            None => Err(Stop::Returned),
        }
    }

    fn op_validate_formals(&mut self, frame: &mut CodeFrame) -> Result<(), Stop> {
        self.force_slot(frame, frame.base)?;
        let Some(formals) = frame.lambda.formals() else {
            return Ok(());
        };
        if formals.ellipsis {
            return Ok(());
        }
        let attrs = self.stack[frame.base].as_attrs()?;
        match attrs.keys().find(|key| !formals.accepts(key)) {
            Some(key) => Err(Stop::from(ErrorKind::UnexpectedArgument {
                function: function_name(&frame.lambda),
                name: key.to_string(),
            })),
            None => Ok(()),
        }
    }

    fn op_formal_arg(
        &mut self,
        frame: &mut CodeFrame,
        name: u32,
        or_placeholder: bool,
    ) -> Result<(), Stop> {
        let Value::String(name) = &frame.lambda.chunk.constants[name as usize] else {
            return Ok(());
        };
        let found = match &self.stack[frame.base] {
            Value::Attrs(attrs) => attrs.get_name(name).cloned(),
            _ => None,
        };
        match found {
            Some(v) => self.stack.push(v),
            None if or_placeholder => {
                let placeholder = self.placeholders.make();
                self.stack.push(Value::Thunk(placeholder))
            }
            None => {
                return Err(Stop::from(ErrorKind::MissingArgument {
                    function: function_name(&frame.lambda),
                    name: name.to_string(),
                }))
            }
        }
        Ok(())
    }

    #[inline(never)]
    fn op_attrs(&mut self, frame: &mut CodeFrame, n: u32, table: u32) -> Result<(), Stop> {
        let start = self.stack.len() - 2 * n as usize;
        let table = &frame.lambda.chunk.attr_tables[table as usize];
        let attrs = ops::build_attrs(self.stack.drain(start..), &table.positions);
        self.truncate_stack(start);
        self.stack.push(Value::Attrs(attrs?));
        Ok(())
    }

    /// `StaticAttrs`: the values on the stack, the keys in the table.
    #[inline]
    fn op_static_attrs(&mut self, frame: &mut CodeFrame, n: u32, table: u32) {
        let start = self.stack.len() - n as usize;
        let table = &frame.lambda.chunk.attr_tables[table as usize];
        let attrs = ops::build_static_attrs(&mut self.stack[start..], table);
        self.truncate_stack(start);
        self.stack.push(Value::Attrs(attrs));
    }

    /// `SelectPathOr` and `HasAttrPath`: follows the path of keys on the
    /// stack through nested sets.
    #[inline(never)]
    fn op_select_path(&mut self, frame: &mut CodeFrame, op: Op, n: u32) -> Result<(), Stop> {
        let n = n as usize;
        let start = self.stack.len() - n - 1;
        let mut current = self.stack[start].clone();
        let mut found = true;
        for i in 0..n {
            self.ensure_forced(frame, &current)?;
            let forced = current
                .forced()
                .ok_or_else(|| ErrorKind::internal("a forced value is a thunk"))?;
            let key = self.stack[start + 1 + i]
                .as_str()
                .and_then(|k| k.require_no_context())?;
            match forced.as_attrs().ok().and_then(|a| a.get_name(key)) {
                Some(v) => current = v.clone(),
                None => {
                    found = false;
                    break;
                }
            }
        }
        self.truncate_stack(start);
        match op {
            Op::HasAttrPath(_) => self.stack.push(Value::Bool(found)),
            Op::SelectPathOr(_, offset) if found => {
                self.stack.push(current);
                frame.ip.skip(offset as usize);
            }
            _ => {}
        }
        Ok(())
    }

    /// `SelectStaticPathOr` and `HasStaticAttrPath`: follows a path of
    /// static names (from the chunk) through nested sets.
    fn op_select_static_path(
        &mut self,
        frame: &mut CodeFrame,
        op: Op,
        path: u32,
    ) -> Result<(), Stop> {
        let start = self.stack.len() - 1;
        let mut current = self.stack[start].clone();
        let mut found = true;
        let mut i = 0;
        while let Some(key) = frame.lambda.chunk.key_paths[path as usize].get(i) {
            let step = match &current {
                Value::Attrs(attrs) => Some(attrs.get_name(key).cloned()),
                Value::Thunk(t) => match t.value() {
                    Some(Value::Attrs(attrs)) => Some(attrs.get_name(key).cloned()),
                    Some(_) => Some(None),
                    None => None,
                },
                _ => Some(None),
            };
            match step {
                Some(Some(value)) => current = value,
                Some(None) => {
                    found = false;
                    break;
                }
                // Not evaluated yet: forced, then the instruction runs
                // again.
                None => {
                    self.ensure_forced(frame, &current)?;
                    continue;
                }
            }
            i += 1;
        }
        self.truncate_stack(start);
        match op {
            Op::HasStaticAttrPath(_) => self.stack.push(Value::Bool(found)),
            Op::SelectStaticPathOr(_, offset) if found => {
                self.stack.push(current);
                frame.ip.skip(offset as usize);
            }
            _ => {}
        }
        Ok(())
    }

    /// `op` on the two integers at the top of the stack (`n - 1`),
    /// computed in place: the result replaces them, with nothing copied
    /// and nothing to drop (a call to the drop code of a value per operand
    /// would cost more than the operation). False, and the stack as it
    /// was, for other operands or an operation that fails.
    #[inline(always)]
    fn integers_in_place(&mut self, op: BinOp) -> bool {
        let len = self.stack.len();
        if let [.., Value::Integer(a), Value::Integer(b)] = self.stack[..] {
            if let Some(result) = op.on_integers(a, b) {
                std::mem::forget(self.stack.pop());
                std::mem::forget(std::mem::replace(&mut self.stack[len - 2], result));
                return true;
            }
        }
        false
    }

    /// An operator computed at once when both operands are evaluated; the
    /// general code after it is skipped then.
    #[inline]
    fn op_eager_operator(&mut self, frame: &mut CodeFrame, op: BinOp, offset: u32) {
        if self.integers_in_place(op) {
            frame.ip.skip(offset as usize);
            return;
        }
        let len = self.stack.len();
        let rhs = self.stack[len - 1].forced();
        let lhs = self.stack[len - 2].forced();
        let result = match (lhs, rhs) {
            (Some(a), Some(b)) => ops::eager_operator(op, &a, &b),
            _ => None,
        };
        self.truncate_stack(len - 2);
        if let Some(result) = result {
            self.stack.push(result);
            frame.ip.skip(offset as usize);
        }
    }

    /// A selection computed at once when the sets on its path are
    /// evaluated; the general code after it is skipped then.
    #[inline]
    fn op_eager_select(&mut self, frame: &mut CodeFrame, path: u32, offset: u32) {
        let start = self.stack.len() - 1;
        let keys = &frame.lambda.chunk.key_paths[path as usize];
        let mut current = self.stack[start].forced();
        for (i, key) in keys.iter().enumerate() {
            current = match &current {
                Some(Value::Attrs(attrs)) => attrs.get_name(key).cloned(),
                _ => None,
            };
            if i + 1 < keys.len() {
                current = current.as_ref().and_then(Value::forced);
            }
        }
        self.truncate_stack(start);
        if let Some(value) = current {
            self.stack.push(ops::fresh_cell(value));
            frame.ip.skip(offset as usize);
        }
    }

    /// `//` on a `rec` set's own attributes (`__overrides`): fills the
    /// placeholders of the overridden slots.
    #[inline(never)]
    fn op_overrides(&mut self, frame: &mut CodeFrame, slot: u32, table: u32) -> Result<(), Stop> {
        let slot = frame.base + slot as usize;
        self.force_slot(frame, slot)?;
        let overrides = match &self.stack[slot] {
            Value::Attrs(a) => a.clone(),
            other => {
                return Err(Stop::from(ErrorKind::TypeError {
                    expected: "a set",
                    actual: other.type_description(),
                }))
            }
        };
        if let Value::Attrs(slots) = &frame.lambda.chunk.constants[table as usize] {
            for (name, value) in overrides.iter() {
                if let Some(Value::Integer(target)) = slots.get_name(name) {
                    if let Value::Thunk(t) = &self.stack[frame.base + *target as usize] {
                        ops::fill_placeholder(t, value.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// A variable looked up in the `with` scopes on the stack, innermost
    /// first.
    /// `WithLookup`: searches the `with` sets where they are (a local
    /// slot, forced in place, or an upvalue), without copying them.
    #[inline(never)]
    fn op_with_lookup(&mut self, frame: &mut CodeFrame, name: u32, table: u32) -> Result<(), Stop> {
        let name = match frame.lambda.chunk.constants.get(name as usize) {
            Some(Value::String(name)) => name.clone(),
            _ => {
                return Err(Stop::from(ErrorKind::internal(
                    "a `with` name is not a string",
                )))
            }
        };
        let count = frame
            .lambda
            .chunk
            .with_tables
            .get(table as usize)
            .map_or(0, |sets| sets.len());
        for i in 0..count {
            let found = match frame.lambda.chunk.with_tables[table as usize][i] {
                WithSet::Local(slot) => {
                    let idx = frame.base + slot as usize;
                    self.force_slot(frame, idx)?;
                    with_set_lookup(&self.stack[idx], &name)?
                }
                WithSet::Upvalue(idx) => {
                    let set = &frame.upvalues[idx as usize];
                    if let Value::Thunk(t) = set {
                        if !t.is_evaluated() {
                            let set = set.clone();
                            self.ensure_forced(frame, &set)?;
                        }
                    }
                    with_set_lookup(&frame.upvalues[idx as usize], &name)?
                }
            };
            if let Some(value) = found {
                self.stack.push(value);
                return Ok(());
            }
        }
        Err(Stop::from(ErrorKind::UndefinedVariable(name.to_string())))
    }
}

/// The values `captures` (capture instructions) of `frame` name, in one
/// allocation of the exact size. Collecting fallible results would go
/// through a growing `Vec` and a copy; the instructions are checked first
/// instead, so that the copy itself cannot fail.
fn capture_all(stack: &[Value], frame: &CodeFrame, captures: &[Op]) -> Result<Captures, ErrorKind> {
    if !captures
        .iter()
        .all(|op| matches!(op, Op::CaptureLocal(_) | Op::CaptureUpvalue(_)))
    {
        return Err(ErrorKind::internal("a lambda's captures are missing"));
    }
    Ok(captures
        .iter()
        .map(|op| match *op {
            Op::CaptureLocal(i) => stack[frame.base + i as usize].clone(),
            Op::CaptureUpvalue(i) => frame.upvalues[i as usize].clone(),
            _ => Value::Null,
        })
        .collect())
}

/// The value a `CaptureLocal`/`CaptureUpvalue` operand of `frame` captures.
#[inline(always)]
fn captured(stack: &[Value], frame: &CodeFrame, op: Op) -> Result<Value, ErrorKind> {
    match op {
        Op::CaptureLocal(i) => Ok(stack[frame.base + i as usize].clone()),
        Op::CaptureUpvalue(i) => Ok(frame.upvalues[i as usize].clone()),
        _ => Err(ErrorKind::Internal("a lambda's captures are missing")),
    }
}

fn function_name(lambda: &crate::bytecode::Lambda) -> String {
    match lambda.name() {
        Some(name) => name.to_string(),
        None => "anonymous lambda".to_string(),
    }
}

/// The value of `name` in the `with` set `set` (evaluated, or a thunk
/// that is).
#[inline(always)]
fn with_set_lookup(set: &Value, name: &NixString) -> Result<Option<Value>, Stop> {
    let look_up = |set: &Value| set.as_attrs().map(|attrs| attrs.get_name(name).cloned());
    let found = match set {
        Value::Attrs(attrs) => return Ok(attrs.get_name(name).cloned()),
        Value::Thunk(t) => t.read_value(look_up),
        other => Some(look_up(other)),
    };
    match found {
        Some(Ok(value)) => Ok(value),
        Some(Err(e)) => Err(Stop::from(e)),
        None => Err(Stop::from(ErrorKind::internal(
            "a forced `with` set is a thunk",
        ))),
    }
}
