//! Leaf compilation: the expression tree (`bytecode::leaf`) of a lambda
//! whose code is straight-line reads, selections and operators, found by
//! running its bytecode symbolically. The VM computes such trees on the
//! spot (`vm::leaf`).

use crate::bytecode::leaf::Leaf;
use crate::bytecode::{Chunk, Op};
use crate::value::Value;

/// Code longer than this is not worth a tree (and keeps trees shallow).
const MAX_LEAF_CODE: usize = 24;

/// The tree of `chunk`'s code, if it is a leaf: each instruction one
/// of those above, ending with `Return`. `binds_outer_local`: local 1 is
/// the value the closure binds (`Leaf::Bound`).
pub(crate) fn compile_leaf(chunk: &Chunk, binds_outer_local: bool) -> Option<Leaf> {
    if chunk.code.len() > MAX_LEAF_CODE {
        return None;
    }
    let mut stack: Vec<Leaf> = Vec::new();
    for (i, op) in chunk.code.iter().enumerate() {
        let node = match *op {
            Op::GetLocal(0) => Leaf::Argument,
            Op::GetLocal(1) if binds_outer_local => Leaf::Bound,
            Op::GetUpvalue(i) => Leaf::Upvalue(i),
            Op::Constant(i) => Leaf::Constant(chunk.constants.get(i as usize)?.clone()),
            Op::Force => Leaf::Force(Box::new(stack.pop()?)),
            Op::Select(name) => match chunk.constants.get(name as usize)? {
                Value::String(name) if !name.has_context() => {
                    Leaf::Select(Box::new(stack.pop()?), name.clone())
                }
                _ => return None,
            },
            Op::Invert => Leaf::Not(Box::new(stack.pop()?)),
            Op::Binary(op) => {
                let rhs = stack.pop()?;
                let lhs = stack.pop()?;
                Leaf::Binary(op, Box::new(lhs), Box::new(rhs))
            }
            Op::Return if i + 1 == chunk.code.len() && stack.len() == 1 => return stack.pop(),
            Op::ForceReturn if i + 1 == chunk.code.len() && stack.len() == 1 => {
                return Some(Leaf::Force(Box::new(stack.pop()?)))
            }
            _ => return None,
        };
        stack.push(node);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::BinOp;

    fn chunk(code: Vec<Op>, constants: Vec<Value>) -> Chunk {
        Chunk {
            code,
            constants,
            ..Chunk::default()
        }
    }

    #[test]
    fn straight_line_code_becomes_a_tree() {
        // `b: a.key < b.key` with `a` captured.
        let code = vec![
            Op::GetUpvalue(0),
            Op::Select(0),
            Op::GetLocal(0),
            Op::Select(0),
            Op::Binary(BinOp::Less),
            Op::Return,
        ];
        let leaf = compile_leaf(&chunk(code, vec![Value::string("key")]), false);
        let Some(Leaf::Binary(BinOp::Less, lhs, rhs)) = leaf else {
            panic!("not the comparison");
        };
        assert!(matches!(*lhs, Leaf::Select(ref set, _) if matches!(**set, Leaf::Upvalue(0))));
        assert!(matches!(*rhs, Leaf::Select(ref set, _) if matches!(**set, Leaf::Argument)));
    }

    #[test]
    fn other_code_is_not_a_leaf() {
        // A call, a jump, or a local besides the argument.
        for code in [
            vec![Op::GetLocal(0), Op::GetLocal(0), Op::Call, Op::Return],
            vec![Op::GetLocal(0), Op::JumpIfFalse(1), Op::Return],
            vec![Op::GetLocal(1), Op::Return],
            vec![Op::GetLocal(0), Op::GetLocal(0)],
        ] {
            assert!(compile_leaf(&chunk(code, vec![]), false).is_none());
        }
    }
}
