//! `builtins.sort`: a stable sort with a Nix comparator.
//!
//! C++ Nix forces every element, then runs `std::stable_sort` with the
//! comparator (calling `lessThan` directly when that is the comparator).
//! The comparator here must be awaited, so the sort is an iterative,
//! bottom-up merge sort over two buffers: stable, `O(n log n)`
//! comparisons, no recursion. Adjacent runs that are already in order
//! cost one comparison to merge, so sorted input is cheap. A curried
//! comparator is applied to each element as first argument at most once
//! (the partial application is kept), which saves about a third of the
//! calls; Nix being pure, only `trace` could tell the difference.

use super::support::{arg, expect_function};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixList, Value};
use crate::vm::algorithms::compare;
use crate::vm::generators::{call, force, GenCo};
use std::cmp::Ordering;

/// How two elements are compared.
enum Comparator {
    /// `builtins.lessThan` itself: compare without calling.
    LessThan,
    /// Any other function of two arguments returning a Boolean.
    Function(Value),
}

/// An element being sorted, with the comparator applied to it as first
/// argument (`f a`) once that has been needed: an element is the first
/// argument of many comparisons, and a curried comparator need not be
/// applied to it again each time.
#[derive(Default)]
struct Entry {
    value: Value,
    partial: Option<Value>,
}

impl Comparator {
    fn new(f: Value) -> Self {
        match &f {
            Value::Builtin(b) if b.name() == "lessThan" && b.applied().is_empty() => {
                Comparator::LessThan
            }
            _ => Comparator::Function(f),
        }
    }

    /// Whether `a` sorts strictly before `b`.
    async fn less(&self, co: &GenCo, a: &mut Entry, b: &Entry) -> Result<bool, ErrorKind> {
        match self {
            Comparator::LessThan => {
                Ok(compare(co, a.value.clone(), b.value.clone()).await? == Some(Ordering::Less))
            }
            Comparator::Function(f) => {
                let applied = match &a.partial {
                    Some(p) => p.clone(),
                    None => {
                        let p = call(co, f.clone(), a.value.clone()).await;
                        a.partial = Some(p.clone());
                        p
                    }
                };
                let result = call(co, applied, b.value.clone()).await;
                force(co, result).await.as_bool()
            }
        }
    }
}

/// `less(src[a], src[b])` with `a != b`.
async fn less_at(
    co: &GenCo,
    comparator: &Comparator,
    src: &mut [Entry],
    a: usize,
    b: usize,
) -> Result<bool, ErrorKind> {
    let (a_entry, b_entry) = if a < b {
        let (low, high) = src.split_at_mut(b);
        (&mut low[a], &high[0])
    } else {
        let (low, high) = src.split_at_mut(a);
        (&mut high[0], &low[b])
    };
    comparator.less(co, a_entry, b_entry).await
}

/// Sorts `items` stably by `comparator`.
async fn merge_sort(
    co: &GenCo,
    comparator: &Comparator,
    items: Vec<Value>,
) -> Result<Vec<Value>, ErrorKind> {
    let n = items.len();
    let mut src: Vec<Entry> = items
        .into_iter()
        .map(|value| Entry {
            value,
            partial: None,
        })
        .collect();
    let mut dst: Vec<Entry> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        dst.clear();
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            // The runs are src[start..mid] and src[mid..end].
            if mid == end || !less_at(co, comparator, &mut src, mid, mid - 1).await? {
                dst.extend(src[start..end].iter_mut().map(std::mem::take));
                start = end;
                continue;
            }
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                // Take from the right run only when strictly smaller: stable.
                if less_at(co, comparator, &mut src, j, i).await? {
                    dst.push(std::mem::take(&mut src[j]));
                    j += 1;
                } else {
                    dst.push(std::mem::take(&mut src[i]));
                    i += 1;
                }
            }
            dst.extend(src[i..mid].iter_mut().map(std::mem::take));
            dst.extend(src[j..end].iter_mut().map(std::mem::take));
            start = end;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    Ok(src.into_iter().map(|e| e.value).collect())
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![BuiltinDef::generator(
        "sort",
        2,
        "Sorts a list stably with a comparator `a: b: a < b`-like function.",
        |co, mut args| {
            Box::pin(async move {
                let comparator = arg(&mut args, 0);
                expect_function(&comparator)?;
                let list = arg(&mut args, 1);
                let list = list.as_list()?;
                if list.is_empty() {
                    return Ok(Value::List(list.clone()));
                }
                let mut items = Vec::with_capacity(list.len());
                for element in list.iter() {
                    items.push(force(&co, element.clone()).await);
                }
                let sorted = merge_sort(&co, &Comparator::new(comparator), items).await?;
                Ok(Value::List(NixList::from(sorted)))
            })
        },
    )]
}
