//! `builtins.sort`: a stable sort with a Nix comparator.
//!
//! C++ Nix forces every element, then runs `std::stable_sort` with the
//! comparator (calling `lessThan` directly when that is the comparator).
//! Here the sort is a native frame (see `vm::native`): an iterative,
//! bottom-up merge sort over two buffers whose state survives between the
//! comparator calls the VM runs for it. Stable, `O(n log n)` comparisons,
//! no recursion; adjacent runs already in order cost one comparison to
//! merge, so sorted input is cheap. A curried comparator is applied to
//! each element as first argument at most once (the partial application
//! is kept), which saves about a third of the calls; Nix being pure, only
//! `trace` could tell the difference. A small comparator (`a: b: a < b`,
//! `a: b: a.key < b.key`) is computed on the spot as a leaf lambda (see
//! `vm::leaf`), without a frame; any other goes through the VM.

use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, Function, NixList, Value};
use crate::vm::native::{call_on_the_spot, NativeFrame, NativeStart, Step};

/// An element being sorted, with the comparator applied to it as first
/// argument (`f a`) once that has been needed.
#[derive(Default)]
struct Entry {
    value: Value,
    partial: Option<Value>,
}

/// Where the merge sort stands.
#[derive(Clone, Copy)]
enum Phase {
    /// Forcing element `k` before sorting.
    ForceElements(usize),
    /// At the start of merging `src[start..mid]` with `src[mid..end]`.
    Runs,
    /// Merging, at `i` in the left run and `j` in the right one.
    Merge,
}

/// What the last step asked the VM for.
#[derive(Clone, Copy)]
enum Awaiting {
    Nothing,
    /// Element `k`, forced.
    Element(usize),
    /// `f a` for the element at this index, to keep as its partial.
    Partial(usize),
    /// That partial application, forced.
    ForcedPartial(usize),
    /// `f a b`, the comparison's result.
    Result,
    /// That result, forced.
    ForcedResult,
}

struct Sort {
    comparator: Value,
    /// `builtins.lessThan` itself: numbers and strings compare directly.
    less_than: bool,
    src: Vec<Entry>,
    dst: Vec<Entry>,
    width: usize,
    start: usize,
    mid: usize,
    end: usize,
    i: usize,
    j: usize,
    phase: Phase,
    awaiting: Awaiting,
    /// The pending comparison `less(src[a], src[b])`.
    pair: (usize, usize),
}

/// `a < b` without calling anything, when both are numbers or strings.
fn less_than_directly(a: &Value, b: &Value) -> Option<bool> {
    Some(match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x < y,
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Integer(x), Value::Float(y)) => (*x as f64) < *y,
        (Value::Float(x), Value::Integer(y)) => *x < (*y as f64),
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        _ => return None,
    })
}

impl Sort {
    fn new(comparator: Value, items: Vec<Value>) -> Self {
        let less_than = matches!(&comparator,
            Value::Builtin(b) if b.name() == "lessThan" && b.applied().is_empty());
        let n = items.len();
        Sort {
            comparator,
            less_than,
            src: items
                .into_iter()
                .map(|value| Entry {
                    value,
                    partial: None,
                })
                .collect(),
            dst: Vec::with_capacity(n),
            width: 1,
            start: 0,
            mid: 0,
            end: 0,
            i: 0,
            j: 0,
            phase: Phase::ForceElements(0),
            awaiting: Awaiting::Nothing,
            pair: (0, 0),
        }
    }

    /// Starts comparing `src[a] < src[b]`: the answer, or what to ask.
    fn compare(&mut self, a: usize, b: usize) -> Result<bool, Step> {
        if self.less_than {
            if let Some(less) = less_than_directly(&self.src[a].value, &self.src[b].value) {
                return Ok(less);
            }
        }
        // Small comparators run on the spot; anything else (and any
        // error) goes through the VM as a full call.
        if self.src[a].partial.is_none() {
            if let Some(partial @ Value::Closure(_)) =
                call_on_the_spot(&self.comparator, &self.src[a].value)
            {
                self.src[a].partial = Some(partial);
            }
        }
        if let Some(partial) = &self.src[a].partial {
            match call_on_the_spot(partial, &self.src[b].value) {
                Some(Value::Bool(less)) => return Ok(less),
                Some(Value::Thunk(t)) => {
                    if let Some(Value::Bool(less)) = t.value() {
                        return Ok(less);
                    }
                }
                _ => {}
            }
        }
        self.pair = (a, b);
        Err(self.call_with_second(a, b))
    }

    fn call_with_second(&mut self, a: usize, b: usize) -> Step {
        match &self.src[a].partial {
            Some(partial) => {
                self.awaiting = Awaiting::Result;
                Step::Call(partial.clone(), self.src[b].value.clone())
            }
            None => {
                self.awaiting = Awaiting::Partial(a);
                Step::Call(self.comparator.clone(), self.src[a].value.clone())
            }
        }
    }

    /// Moves `src[from..to]` to the end of `dst`.
    fn move_run(&mut self, from: usize, to: usize) {
        let (src, dst) = (&mut self.src, &mut self.dst);
        dst.extend(src[from..to].iter_mut().map(std::mem::take));
    }

    /// Runs the merge sort until it needs the VM; `answer` is the result
    /// of the comparison it was waiting for.
    fn drive(&mut self, mut answer: Option<bool>) -> Result<Step, ErrorKind> {
        let n = self.src.len();
        loop {
            match self.phase {
                Phase::ForceElements(mut k) => {
                    while k < n {
                        let value = &mut self.src[k].value;
                        match value.forced() {
                            Some(v) => *value = v,
                            None => {
                                self.phase = Phase::ForceElements(k + 1);
                                self.awaiting = Awaiting::Element(k);
                                return Ok(Step::Force(std::mem::take(value)));
                            }
                        }
                        k += 1;
                    }
                    self.phase = Phase::Runs;
                }
                Phase::Runs => {
                    if self.start >= n {
                        std::mem::swap(&mut self.src, &mut self.dst);
                        self.dst.clear();
                        self.width *= 2;
                        self.start = 0;
                    }
                    if self.width >= n {
                        let sorted: Vec<Value> = std::mem::take(&mut self.src)
                            .into_iter()
                            .map(|e| e.value)
                            .collect();
                        return Ok(Step::Done(Value::List(NixList::from(sorted))));
                    }
                    self.mid = (self.start + self.width).min(n);
                    self.end = (self.start + 2 * self.width).min(n);
                    if self.mid == self.end {
                        self.move_run(self.start, self.end);
                        self.start = self.end;
                        continue;
                    }
                    let in_order = match answer.take() {
                        Some(less) => !less,
                        None => match self.compare(self.mid, self.mid - 1) {
                            Ok(less) => !less,
                            Err(step) => return Ok(step),
                        },
                    };
                    if in_order {
                        self.move_run(self.start, self.end);
                        self.start = self.end;
                        continue;
                    }
                    self.i = self.start;
                    self.j = self.mid;
                    self.phase = Phase::Merge;
                }
                Phase::Merge => {
                    if self.i < self.mid && self.j < self.end {
                        // Take from the right run only when strictly
                        // smaller: stable.
                        let right_first = match answer.take() {
                            Some(less) => less,
                            None => match self.compare(self.j, self.i) {
                                Ok(less) => less,
                                Err(step) => return Ok(step),
                            },
                        };
                        let index = if right_first {
                            self.j += 1;
                            self.j - 1
                        } else {
                            self.i += 1;
                            self.i - 1
                        };
                        let entry = std::mem::take(&mut self.src[index]);
                        self.dst.push(entry);
                        continue;
                    }
                    self.move_run(self.i, self.mid);
                    self.move_run(self.j, self.end);
                    self.start = self.end;
                    self.phase = Phase::Runs;
                }
            }
        }
    }
}

impl NativeFrame for Sort {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        match std::mem::replace(&mut self.awaiting, Awaiting::Nothing) {
            Awaiting::Nothing => self.drive(None),
            Awaiting::Element(k) => {
                self.src[k].value = input;
                self.drive(None)
            }
            Awaiting::Partial(a) | Awaiting::ForcedPartial(a) => {
                if input.is_thunk() && input.forced().is_none() {
                    self.awaiting = Awaiting::ForcedPartial(a);
                    return Ok(Step::Force(input));
                }
                self.src[a].partial = Some(input.forced().unwrap_or_default());
                let (a, b) = self.pair;
                Ok(self.call_with_second(a, b))
            }
            Awaiting::Result | Awaiting::ForcedResult => {
                if input.is_thunk() && input.forced().is_none() {
                    self.awaiting = Awaiting::ForcedResult;
                    return Ok(Step::Force(input));
                }
                let less = input.forced().unwrap_or_default().as_bool()?;
                self.drive(Some(less))
            }
        }
    }
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![BuiltinDef::native(
        "sort",
        "Sorts a list stably with a comparator `a: b: a < b`-like function.",
        |(Function(comparator), list): (Function, NixList)| {
            if list.is_empty() {
                return Ok(NativeStart::Value(Value::List(list)));
            }
            let items = list.iter().cloned().collect();
            Ok(NativeStart::Frame(Box::new(Sort::new(comparator, items))))
        },
    )]
}
