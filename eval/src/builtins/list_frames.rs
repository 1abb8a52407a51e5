//! The list builtins that call Nix functions or force elements, as native
//! frames (see `vm::native`): `foldl'`, `filter`, `any`/`all`,
//! `partition`, `groupBy`, `concatMap`, `concatLists` and `elem`. Each is
//! a state machine the VM resumes with the answer to its last request, so
//! a loop over a long list costs a virtual call per step rather than a
//! trip through the generator machinery.
//!
//! Errors a frame returns itself (a predicate giving a non-Boolean, a
//! `concatMap` result that is not a list) carry the builtin's call span,
//! as the generators did; errors of the called code keep their own.

use crate::errors::ErrorKind;
use crate::value::{Builtin, BuiltinDef, Lazy, NixAttrs, NixList, NixString, ThunkRepr, Value};
use crate::vm::algorithms::{deep_equal, identical};
use crate::vm::native::{call_on_the_spot, Application, NativeFrame, Step};
use crate::vm::scalar::shallow_equal;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What [`EachElement`] needs next.
pub(super) enum Next {
    /// A request for the VM.
    Step(Step),
    /// The function applied to `element` (`null` unless elements are
    /// kept) gave `result`, forced.
    Result { element: Value, result: Value },
    /// Every element has been done.
    End,
}

#[derive(Clone, Copy)]
enum Stage {
    /// Between elements.
    Idle,
    /// Forcing the element before the call.
    ForcingElement,
    /// Waiting for `f element`.
    Calling,
    /// Waiting for `f element`, forced.
    ForcingResult,
}

/// Applies a function to the elements of a list one after the other,
/// forcing each result: the loop inside most of these builtins. (A
/// one-argument `Application`, without its copies of the answers.)
pub(super) struct EachElement {
    function: Value,
    list: NixList,
    /// The next element to start.
    next: usize,
    /// Force each element before passing it (`partition` does).
    force_elements: bool,
    /// Hand each element back with its result.
    keep_elements: bool,
    /// The element passed to the function, when kept.
    element: Value,
    stage: Stage,
}

impl EachElement {
    /// Over `list`, giving back only the results.
    pub(super) fn results(function: Value, list: NixList) -> Self {
        EachElement {
            function,
            list,
            next: 0,
            force_elements: false,
            keep_elements: false,
            element: Value::Null,
            stage: Stage::Idle,
        }
    }

    /// Over `list`, giving back each element with its result.
    pub(super) fn pairs(function: Value, list: NixList) -> Self {
        EachElement {
            keep_elements: true,
            ..EachElement::results(function, list)
        }
    }

    /// Forcing each element before the call.
    pub(super) fn forcing_elements(mut self) -> Self {
        self.force_elements = true;
        self
    }

    pub(super) fn list(&self) -> &NixList {
        &self.list
    }

    /// Takes the VM's answer to the last step (anything at first and after
    /// a result) and says what comes next.
    pub(super) fn next(&mut self, input: Value) -> Next {
        match self.stage {
            Stage::Calling | Stage::ForcingResult => return self.answer(input),
            Stage::ForcingElement => return self.apply(input),
            Stage::Idle => {}
        }
        let Some(element) = self.list.get(self.next) else {
            return Next::End;
        };
        self.next += 1;
        if self.force_elements {
            if let Value::Thunk(thunk) = element {
                match thunk.value() {
                    Some(value) => return self.apply(value),
                    None => {
                        self.stage = Stage::ForcingElement;
                        return Next::Step(Step::Force(element.clone()));
                    }
                }
            }
        }
        let element = element.clone();
        self.apply(element)
    }

    fn apply(&mut self, element: Value) -> Next {
        self.stage = Stage::Calling;
        // A small function runs on the spot; anything else (and any
        // error) goes through the VM as a full call.
        let on_the_spot = call_on_the_spot(&self.function, &element);
        if self.keep_elements {
            self.element = element.clone();
        }
        match on_the_spot {
            Some(result) => self.answer(result),
            None => Next::Step(Step::Call(self.function.clone(), element)),
        }
    }

    /// The function's result: forced next, unless it is evaluated.
    fn answer(&mut self, result: Value) -> Next {
        if let Value::Thunk(thunk) = &result {
            match thunk.value() {
                Some(value) => return self.result(value),
                None => {
                    self.stage = Stage::ForcingResult;
                    return Next::Step(Step::Force(result));
                }
            }
        }
        self.result(result)
    }

    fn result(&mut self, result: Value) -> Next {
        self.stage = Stage::Idle;
        let element = std::mem::take(&mut self.element);
        Next::Result { element, result }
    }
}

/// `foldl'`: one application of `op` per element, its result forced
/// before the next.
pub(super) struct FoldLeft {
    op: Value,
    acc: Value,
    list: NixList,
    index: usize,
    awaiting: FoldAwaiting,
}

enum FoldAwaiting {
    /// Nothing: apply `op` to the next element.
    Nothing,
    /// `op acc element`, made by the VM.
    Application(Application),
    /// `op acc element` computed on the spot, forced.
    Result,
    /// The initial value of an empty fold, forced.
    Initial,
}

impl FoldLeft {
    pub(super) fn new(op: Value, acc: Value, list: NixList) -> Self {
        FoldLeft {
            op,
            acc,
            list,
            index: 0,
            awaiting: FoldAwaiting::Nothing,
        }
    }

    /// Starts `op acc element`: the result when `op` is a small curried
    /// function computed on the spot, else the step asking the VM for the
    /// application (of the partial application, when that could be made
    /// on the spot).
    fn apply(&mut self, element: &Value) -> Result<Value, Step> {
        let (application, step) = match call_on_the_spot(&self.op, &self.acc) {
            Some(partial @ Value::Closure(_)) => {
                if let Some(result) = call_on_the_spot(&partial, element) {
                    return Ok(result);
                }
                Application::start(partial, element.clone(), None)
            }
            _ => {
                let acc = std::mem::take(&mut self.acc);
                Application::start(self.op.clone(), acc, Some(element.clone()))
            }
        };
        self.awaiting = FoldAwaiting::Application(application);
        Err(step)
    }
}

impl NativeFrame for FoldLeft {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        match std::mem::replace(&mut self.awaiting, FoldAwaiting::Nothing) {
            FoldAwaiting::Nothing => {}
            FoldAwaiting::Application(mut application) => match application.feed(input) {
                Ok(acc) => {
                    self.acc = acc;
                    self.index += 1;
                }
                Err(step) => {
                    self.awaiting = FoldAwaiting::Application(application);
                    return Ok(step);
                }
            },
            FoldAwaiting::Result => {
                self.acc = input;
                self.index += 1;
            }
            FoldAwaiting::Initial => return Ok(Step::Done(input)),
        }
        while let Some(element) = self.list.get(self.index) {
            let element = element.clone();
            let result = match self.apply(&element) {
                Ok(result) => result,
                Err(step) => return Ok(step),
            };
            match result.forced() {
                Some(acc) => {
                    self.acc = acc;
                    self.index += 1;
                }
                None => {
                    self.awaiting = FoldAwaiting::Result;
                    return Ok(Step::Force(result));
                }
            }
        }
        if self.list.is_empty() {
            // `foldl' op nul []` is `nul`, forced.
            self.awaiting = FoldAwaiting::Initial;
            return Ok(Step::Force(std::mem::take(&mut self.acc)));
        }
        Ok(Step::Done(std::mem::take(&mut self.acc)))
    }
}

/// `filter`: the elements for which the predicate holds.
pub(super) struct Filter {
    each: EachElement,
    kept: Vec<Value>,
}

impl Filter {
    pub(super) fn new(predicate: Value, list: NixList) -> Self {
        Filter {
            kept: Vec::with_capacity(list.len()),
            each: EachElement::pairs(predicate, list),
        }
    }
}

impl NativeFrame for Filter {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            match self.each.next(input) {
                Next::Step(step) => return Ok(step),
                Next::Result { element, result } => {
                    if result.as_bool()? {
                        self.kept.push(element);
                    }
                }
                Next::End if self.kept.len() == self.each.list().len() => {
                    return Ok(Step::Done(Value::List(self.each.list().clone())));
                }
                Next::End => {
                    let kept = std::mem::take(&mut self.kept);
                    return Ok(Step::Done(Value::List(NixList::from(kept))));
                }
            }
            input = Value::Null;
        }
    }
}

/// `all` (stops at the first `false`) and `any` (at the first `true`).
pub(super) struct Quantifier {
    each: EachElement,
    stops_at: bool,
}

impl Quantifier {
    pub(super) fn new(predicate: Value, list: NixList, stops_at: bool) -> Self {
        Quantifier {
            each: EachElement::results(predicate, list),
            stops_at,
        }
    }
}

impl NativeFrame for Quantifier {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            match self.each.next(input) {
                Next::Step(step) => return Ok(step),
                Next::Result { result, .. } => {
                    if result.as_bool()? == self.stops_at {
                        return Ok(Step::Done(Value::Bool(self.stops_at)));
                    }
                }
                Next::End => return Ok(Step::Done(Value::Bool(!self.stops_at))),
            }
            input = Value::Null;
        }
    }
}

/// `partition`: the elements (forced first, as C++ Nix does) for which
/// the predicate holds and those for which it does not, in order.
pub(super) struct Partition {
    each: EachElement,
    right: Vec<Value>,
    wrong: Vec<Value>,
}

impl Partition {
    pub(super) fn new(predicate: Value, list: NixList) -> Self {
        Partition {
            each: EachElement::pairs(predicate, list).forcing_elements(),
            right: Vec::new(),
            wrong: Vec::new(),
        }
    }
}

impl NativeFrame for Partition {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            match self.each.next(input) {
                Next::Step(step) => return Ok(step),
                Next::Result { element, result } => {
                    if result.as_bool()? {
                        self.right.push(element);
                    } else {
                        self.wrong.push(element);
                    }
                }
                Next::End => {
                    let right = NixList::from(std::mem::take(&mut self.right));
                    let wrong = NixList::from(std::mem::take(&mut self.wrong));
                    return Ok(Step::Done(super::support::attrs_of([
                        ("right", Value::List(right)),
                        ("wrong", Value::List(wrong)),
                    ])));
                }
            }
            input = Value::Null;
        }
    }
}

/// `groupBy`: the elements in lists under the string the function gives
/// each, in order.
pub(super) struct GroupBy {
    each: EachElement,
    /// The groups in order of their first element.
    groups: Vec<(NixString, Vec<Value>)>,
    /// Where each key's group is in `groups`.
    positions: BTreeMap<NixString, usize>,
    /// The group of the last element: neighbours often share a key.
    last: usize,
}

impl GroupBy {
    pub(super) fn new(f: Value, list: NixList) -> Self {
        GroupBy {
            each: EachElement::pairs(f, list),
            groups: Vec::new(),
            positions: BTreeMap::new(),
            last: 0,
        }
    }

    fn add(&mut self, key: &NixString, element: Value) {
        if let Some((last_key, group)) = self.groups.get_mut(self.last) {
            if last_key == key {
                group.push(element);
                return;
            }
        }
        self.last = match self.positions.get(key) {
            Some(&position) => position,
            None => {
                self.positions.insert(key.clone(), self.groups.len());
                self.groups.push((key.clone(), Vec::new()));
                self.groups.len() - 1
            }
        };
        if let Some((_, group)) = self.groups.get_mut(self.last) {
            group.push(element);
        }
    }
}

impl NativeFrame for GroupBy {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            match self.each.next(input) {
                Next::Step(step) => return Ok(step),
                Next::Result { element, result } => self.add(result.as_str()?, element),
                Next::End => {
                    let attrs: NixAttrs = std::mem::take(&mut self.groups)
                        .into_iter()
                        .map(|(key, group)| (key, Value::List(NixList::from(group))))
                        .collect();
                    return Ok(Step::Done(Value::Attrs(attrs)));
                }
            }
            input = Value::Null;
        }
    }
}

/// `concatMap`: the function's results, each required to be a list as it
/// comes, concatenated.
pub(super) struct ConcatMap {
    each: EachElement,
    parts: Vec<NixList>,
}

impl ConcatMap {
    pub(super) fn new(f: Value, list: NixList) -> Self {
        ConcatMap {
            parts: Vec::with_capacity(list.len()),
            each: EachElement::results(f, list),
        }
    }
}

impl NativeFrame for ConcatMap {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            match self.each.next(input) {
                Next::Step(step) => return Ok(step),
                Next::Result { result, .. } => self.parts.push(result.as_list()?.clone()),
                Next::End => {
                    let parts = std::mem::take(&mut self.parts);
                    return Ok(Step::Done(Value::List(concat(parts)?)));
                }
            }
            input = Value::Null;
        }
    }
}

/// `concatLists`: each element forced and required to be a list, in
/// order, then all concatenated.
pub(super) struct ConcatLists {
    lists: NixList,
    index: usize,
    parts: Vec<NixList>,
}

impl ConcatLists {
    pub(super) fn new(lists: NixList) -> Self {
        ConcatLists {
            parts: Vec::with_capacity(lists.len()),
            lists,
            index: 0,
        }
    }
}

impl NativeFrame for ConcatLists {
    fn resume(&mut self, mut input: Value) -> Result<Step, ErrorKind> {
        loop {
            if self.index > self.parts.len() {
                // The answer to forcing element `parts.len()`.
                self.parts.push(input.as_list()?.clone());
            }
            let Some(element) = self.lists.get(self.index) else {
                let parts = std::mem::take(&mut self.parts);
                return Ok(Step::Done(Value::List(concat(parts)?)));
            };
            self.index += 1;
            match element.forced() {
                Some(value) => input = value,
                None => return Ok(Step::Force(element.clone())),
            }
        }
    }
}

/// Concatenates lists, sharing the only non-empty one when there is one
/// (else charging the new list to the evaluation's memory budget).
pub(super) fn concat(parts: Vec<NixList>) -> Result<NixList, ErrorKind> {
    let mut non_empty = parts.iter().filter(|l| !l.is_empty());
    let Some(first) = non_empty.next() else {
        return Ok(NixList::new());
    };
    if non_empty.next().is_none() {
        return Ok(first.clone());
    }
    let total = parts.iter().fold(0usize, |n, l| n.saturating_add(l.len()));
    crate::limits::charge_list(total)?;
    let mut all = Vec::with_capacity(total);
    for list in &parts {
        all.extend(list.iter().cloned());
    }
    Ok(NixList::from(all))
}

/// `elem x list`: `x` forced once, then compared with `==` to each element
/// in turn until one is equal (or is `x` itself). Comparisons that need no forcing inside
/// containers happen here; the others run Nix equality (`deep_equal`) in
/// a generator of their own, so they keep its exact semantics.
pub(super) struct Elem {
    x: Value,
    /// `x` as given, before forcing: an element identical to it is equal,
    /// as C++ Nix's `elem` compares by address first.
    given: Value,
    list: NixList,
    /// The element compared (or to compare) next.
    index: usize,
    awaiting: ElemAwaiting,
}

#[derive(Clone, Copy)]
enum ElemAwaiting {
    /// Nothing: scan on.
    Nothing,
    /// `x`, forced.
    Value,
    /// Element `index`, forced.
    Element,
    /// Whether `x` equals element `index`, from a full comparison.
    Equality,
}

impl Elem {
    /// Over a non-empty list; `x` as given (forced first when a thunk).
    pub(super) fn new(x: Value, list: NixList) -> Self {
        Elem {
            given: x.clone(),
            x,
            list,
            index: 0,
            awaiting: ElemAwaiting::Nothing,
        }
    }

    /// The step comparing `x` with `element` by Nix equality.
    fn full_comparison(&mut self, element: Value) -> Step {
        self.awaiting = ElemAwaiting::Equality;
        let equality = Value::Builtin(Rc::new(Builtin {
            def: EQUALITY.with(Rc::clone),
            args: vec![self.x.clone()],
        }));
        Step::Call(equality, element)
    }
}

impl NativeFrame for Elem {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        let awaiting = std::mem::replace(&mut self.awaiting, ElemAwaiting::Nothing);
        match awaiting {
            ElemAwaiting::Nothing => {
                if self.x.is_thunk() {
                    match self.x.forced() {
                        Some(x) => self.x = x,
                        None => {
                            self.awaiting = ElemAwaiting::Value;
                            return Ok(Step::Force(self.x.clone()));
                        }
                    }
                }
            }
            ElemAwaiting::Value => self.x = input,
            ElemAwaiting::Element => match shallow_equal(&self.x, &input) {
                Some(true) => return Ok(Step::Done(Value::Bool(true))),
                Some(false) => self.index += 1,
                None => return Ok(self.full_comparison(input)),
            },
            ElemAwaiting::Equality => {
                if input.as_bool()? {
                    return Ok(Step::Done(Value::Bool(true)));
                }
                self.index += 1;
            }
        }
        let x = &self.x;
        let mut next = None;
        for element in self.list.iter_from(self.index) {
            if identical(&self.given, element) {
                return Ok(Step::Done(Value::Bool(true)));
            }
            // Scalars against evaluated elements, without cloning either.
            let shallow = match element {
                Value::Thunk(thunk) => match &*thunk.repr() {
                    ThunkRepr::Evaluated(value) => quick_equal(x, value),
                    _ => {
                        next = Some((ElemAwaiting::Element, element.clone()));
                        break;
                    }
                },
                value => quick_equal(x, value),
            };
            match shallow {
                Some(true) => return Ok(Step::Done(Value::Bool(true))),
                Some(false) => self.index += 1,
                None => {
                    let element = element.forced().unwrap_or_default();
                    next = Some((ElemAwaiting::Equality, element));
                    break;
                }
            }
        }
        match next {
            None => Ok(Step::Done(Value::Bool(false))),
            Some((ElemAwaiting::Element, element)) => {
                self.awaiting = ElemAwaiting::Element;
                Ok(Step::Force(element))
            }
            Some((_, element)) => Ok(self.full_comparison(element)),
        }
    }
}

/// `shallow_equal` with the commonest case, integers, inline.
#[inline(always)]
fn quick_equal(x: &Value, y: &Value) -> Option<bool> {
    match (x, y) {
        (Value::Integer(a), Value::Integer(b)) => Some(a == b),
        _ => shallow_equal(x, y),
    }
}

thread_local! {
    /// `x: y: x == y` on evaluated values, for `elem`'s comparisons that
    /// need the VM. Nameless, so that it adds no entry to error traces
    /// (`elem` itself does).
    static EQUALITY: Rc<BuiltinDef> = Rc::new(
        BuiltinDef::generator("", "Nix equality.", |co, (Lazy(x), Lazy(y)): (Lazy, Lazy)| {
            Box::pin(async move { Ok(Value::Bool(deep_equal(&co, x, y).await)) })
        }),
    );
}
