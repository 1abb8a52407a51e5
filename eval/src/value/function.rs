//! Closures: compiled lambdas together with the values they captured.

use super::Value;
use crate::bytecode::Lambda;
use std::rc::Rc;

/// A lambda together with the values it captured.
pub struct Closure {
    pub(crate) lambda: Rc<Lambda>,
    pub(crate) upvalues: Rc<[Value]>,
}

impl Closure {
    /// The compiled function: its code, name and source span.
    pub fn lambda(&self) -> &Lambda {
        &self.lambda
    }
}

impl Drop for Closure {
    fn drop(&mut self) {
        defer_upvalues(&mut self.upvalues);
    }
}

/// Drops captured values through the drop queue when this is the last
/// reference to them.
pub(crate) fn defer_upvalues(upvalues: &mut Rc<[Value]>) {
    if let Some(values) = Rc::get_mut(upvalues) {
        if values.iter().any(Value::is_last_owner) {
            super::drop_queue::defer_all(values.iter_mut().map(std::mem::take));
        }
    }
}
