//! List builtins that walk or build lists: `genList`, `foldl'`, `filter`,
//! `all`, `any`, `elem`, `concatLists`, `concatMap`, `partition`,
//! `groupBy`. All but `genList` run as native frames, in `list_frames.rs`.
//! (`sort` is in `sort.rs`; the basic accessors in `core.rs`.)
//!
//! Strictness follows C++ Nix: predicates and the folding function are
//! called (and their results forced) element by element, while elements
//! themselves are only forced when the called code forces them, and
//! `genList` elements stay lazy.

use super::apply_thunk;
use super::list_frames::{
    ConcatLists, ConcatMap, Elem, Filter, FoldLeft, GroupBy, Partition, Quantifier,
};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Function, Lazy, NixList, Value};
use crate::vm::native::{NativeFrame, NativeStart};

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::plain(
            "genList",
            "A list of `n` elements, element `i` being `f i` (lazily).",
            |(Lazy(f), n): (Lazy, i64)| {
                if n < 0 {
                    return Err(ErrorKind::NegativeListSize(n));
                }
                // A size the machine cannot hold is an error, not an abort
                // (each element is a thunk of about this many bytes).
                const ELEMENT_BYTES: u64 = 112;
                crate::limits::charge_memory(
                    usize::try_from((n as u64).saturating_mul(ELEMENT_BYTES)).unwrap_or(usize::MAX),
                )?;
                let too_big = super::support::physical_memory()
                    .is_some_and(|memory| (n as u64).saturating_mul(ELEMENT_BYTES) > memory);
                let mut elements = Vec::new();
                if too_big
                    || usize::try_from(n)
                        .ok()
                        .and_then(|n| elements.try_reserve_exact(n).ok())
                        .is_none()
                {
                    return Err(ErrorKind::ListTooLarge(n));
                }
                // In chunks, each after a look at the deadline: building
                // a hundred million thunks takes seconds.
                const CHUNK: i64 = 1 << 16;
                for start in (0..n).step_by(CHUNK as usize) {
                    crate::limits::checkpoint()?;
                    let end = n.min(start.saturating_add(CHUNK));
                    elements
                        .extend((start..end).map(|i| apply_thunk(f.clone(), Value::Integer(i))));
                }
                Ok(Value::List(NixList::from(elements)))
            },
        ),
        BuiltinDef::native(
            "foldl'",
            "Strict left fold: `op (... (op nul x0) ...) xn`, forcing each intermediate result.",
            |(Function(op), Lazy(acc), list): (Function, Lazy, NixList)| {
                Ok(frame(FoldLeft::new(op, acc, list)))
            },
        ),
        with_function(
            "filter",
            "The elements of a list for which a predicate holds.",
            Filter::new,
        ),
        with_function(
            "all",
            "Whether a predicate holds for every element of a list.",
            |predicate, list| Quantifier::new(predicate, list, false),
        ),
        with_function(
            "any",
            "Whether a predicate holds for some element of a list.",
            |predicate, list| Quantifier::new(predicate, list, true),
        ),
        BuiltinDef::native(
            "elem",
            "Whether a list has an element equal (`==`) to a value.",
            |(Lazy(x), list): (Lazy, NixList)| {
                if list.is_empty() {
                    return Ok(NativeStart::Value(Value::Bool(false)));
                }
                Ok(frame(Elem::new(x, list)))
            },
        ),
        BuiltinDef::native(
            "concatLists",
            "The concatenation of a list of lists.",
            |(lists,): (NixList,)| Ok(frame(ConcatLists::new(lists))),
        ),
        with_function(
            "concatMap",
            "`concatLists (map f list)`, computed at once.",
            ConcatMap::new,
        ),
        with_function(
            "partition",
            "Splits a list into `right` (predicate holds) and `wrong`, keeping order.",
            Partition::new,
        ),
        with_function(
            "groupBy",
            "Groups the elements of a list by the string a function gives each, keeping order.",
            GroupBy::new,
        ),
    ]
}

/// A native builtin `name f list` that checks `f` is a function and runs
/// the frame `start(f, list)`.
fn with_function<F: NativeFrame + 'static>(
    name: &'static str,
    documentation: &'static str,
    start: fn(Value, NixList) -> F,
) -> BuiltinDef {
    BuiltinDef::native(
        name,
        documentation,
        move |(Function(function), list): (Function, NixList)| Ok(frame(start(function, list))),
    )
}

fn frame(frame: impl NativeFrame + 'static) -> NativeStart {
    NativeStart::Frame(Box::new(frame))
}
