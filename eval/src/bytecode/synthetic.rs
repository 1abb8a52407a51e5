//! The lambdas assembled by hand rather than compiled from source: tiny
//! pieces of code the VM and the builtins need to build thunks of their
//! own. Each is built once per thread.

use super::{Chunk, Lambda, Op};
use codemap::Span;
use std::rc::Rc;

/// Where hand-assembled code is: an empty file of its own.
fn nowhere() -> Span {
    codemap::CodeMap::new()
        .add_file(String::new(), String::new())
        .span
}

/// A chunk of `code`, every instruction at [`nowhere`].
pub(super) fn chunk_of(code: &[Op]) -> Chunk {
    let span = nowhere();
    let mut chunk = Chunk::default();
    for &op in code {
        chunk.push_op(op, span);
    }
    chunk
}

fn assemble(code: &[Op], upvalue_count: usize) -> Rc<Lambda> {
    let lambda = Lambda::new(chunk_of(code), upvalue_count, None, None, nowhere(), None);
    Rc::new(lambda)
}

thread_local! {
    static ALIAS: Rc<Lambda> = assemble(&[Op::GetUpvalue(0), Op::Force, Op::Return], 1);
    static FORCE: Rc<Lambda> = assemble(&[Op::Force, Op::Return], 0);
    static APPLY: Rc<Lambda> = assemble(
        &[Op::GetUpvalue(1), Op::GetUpvalue(0), Op::Call, Op::Force, Op::Return],
        2,
    );
}

/// A lambda whose body forces and returns its only upvalue: fills a
/// recursive binding that is another binding's thunk.
pub(crate) fn alias_lambda() -> Rc<Lambda> {
    ALIAS.with(Rc::clone)
}

/// A lambda whose body forces and returns its local 0: the frame that
/// finishes an application thunk whose function returned a thunk.
pub(crate) fn force_lambda() -> Rc<Lambda> {
    FORCE.with(Rc::clone)
}

/// A lambda whose body calls upvalue 0 with upvalue 1 and forces the
/// result: lazy function applications made by builtins (`map`, ...).
pub(crate) fn apply_lambda() -> Rc<Lambda> {
    APPLY.with(Rc::clone)
}
