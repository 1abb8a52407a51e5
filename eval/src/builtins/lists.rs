//! List builtins that walk or build lists: `genList`, `foldl'`, `filter`,
//! `all`, `any`, `elem`, `concatLists`, `concatMap`, `partition`,
//! `groupBy`. (`sort` is in `sort.rs`; the basic accessors in `core.rs`.)
//!
//! Strictness follows C++ Nix: predicates and the folding function are
//! called (and their results forced) element by element, while elements
//! themselves are only forced when the called code forces them, and
//! `genList` elements stay lazy.

use super::apply_thunk;
use super::support::{
    arg, attrs_of, call1, call_predicate, expect_function, force_list, force_string,
};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixList, NixString, Value};
use crate::vm::algorithms::deep_equal;
use crate::vm::generators::force;
use crate::vm::native::{Application, NativeFrame, NativeStart, Step};
use crate::vm::ops::shallow_equal;
use std::collections::BTreeMap;

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::sync(
            "genList",
            2,
            "A list of `n` elements, element `i` being `f i` (lazily).",
            |mut args| {
                let f = arg(&mut args, 0);
                let n = arg(&mut args, 1).as_int()?;
                if n < 0 {
                    return Err(ErrorKind::Other(format!("cannot create list of size {n}")));
                }
                // A size the machine cannot hold is an error, not an abort
                // (each element is a thunk of about this many bytes).
                const ELEMENT_BYTES: u64 = 112;
                let too_big = super::support::physical_memory()
                    .is_some_and(|memory| (n as u64).saturating_mul(ELEMENT_BYTES) > memory);
                let mut elements = Vec::new();
                if too_big
                    || usize::try_from(n)
                        .ok()
                        .and_then(|n| elements.try_reserve_exact(n).ok())
                        .is_none()
                {
                    return Err(ErrorKind::Other(format!(
                        "cannot create list of size {n}: out of memory"
                    )));
                }
                elements.extend((0..n).map(|i| apply_thunk(f.clone(), Value::Integer(i))));
                Ok(Value::List(NixList::from(elements)))
            },
        )
        .lazy_arg(0),
        BuiltinDef::native(
            "foldl'",
            3,
            "Strict left fold: `op (... (op nul x0) ...) xn`, forcing each intermediate result.",
            |mut args| {
                let op = arg(&mut args, 0);
                expect_function(&op)?;
                let acc = arg(&mut args, 1);
                let list = arg(&mut args, 2).as_list()?.clone();
                Ok(NativeStart::Frame(Box::new(FoldLeft {
                    op,
                    acc,
                    list,
                    index: 0,
                    application: None,
                })))
            },
        )
        .lazy_arg(1),
        BuiltinDef::native(
            "filter",
            2,
            "The elements of a list for which a predicate holds.",
            |mut args| {
                let predicate = arg(&mut args, 0);
                expect_function(&predicate)?;
                let list = arg(&mut args, 1).as_list()?.clone();
                Ok(NativeStart::Frame(Box::new(Filter {
                    predicate,
                    kept: Vec::with_capacity(list.len()),
                    list,
                    index: 0,
                    application: None,
                })))
            },
        ),
        quantifier(
            "all",
            "Whether a predicate holds for every element of a list.",
            false,
        ),
        quantifier(
            "any",
            "Whether a predicate holds for some element of a list.",
            true,
        ),
        BuiltinDef::generator(
            "elem",
            2,
            "Whether a list has an element equal (`==`) to a value.",
            |co, mut args| {
                Box::pin(async move {
                    let list = arg(&mut args, 1);
                    let list = list.as_list()?;
                    if list.is_empty() {
                        return Ok(Value::Bool(false));
                    }
                    let x = force(&co, arg(&mut args, 0)).await;
                    for element in list.iter() {
                        // Scalars against evaluated elements need no forcing.
                        if let Some(equal) = element.forced().and_then(|e| shallow_equal(&x, &e)) {
                            if equal {
                                return Ok(Value::Bool(true));
                            }
                            continue;
                        }
                        if deep_equal(&co, x.clone(), element.clone()).await {
                            return Ok(Value::Bool(true));
                        }
                    }
                    Ok(Value::Bool(false))
                })
            },
        )
        .lazy_arg(0),
        BuiltinDef::generator(
            "concatLists",
            1,
            "The concatenation of a list of lists.",
            |co, mut args| {
                Box::pin(async move {
                    let lists = arg(&mut args, 0);
                    let lists = lists.as_list()?;
                    let mut parts = Vec::with_capacity(lists.len());
                    for list in lists.iter() {
                        parts.push(force_list(&co, list.clone()).await?);
                    }
                    Ok(Value::List(concat(parts)))
                })
            },
        ),
        BuiltinDef::generator(
            "concatMap",
            2,
            "`concatLists (map f list)`, computed at once.",
            |co, mut args| {
                Box::pin(async move {
                    let f = arg(&mut args, 0);
                    expect_function(&f)?;
                    let list = arg(&mut args, 1);
                    let list = list.as_list()?;
                    let mut parts = Vec::with_capacity(list.len());
                    for element in list.iter() {
                        let result = call1(&co, f.clone(), element.clone()).await;
                        parts.push(result.as_list()?.clone());
                    }
                    Ok(Value::List(concat(parts)))
                })
            },
        ),
        BuiltinDef::generator(
            "partition",
            2,
            "Splits a list into `right` (predicate holds) and `wrong`, keeping order.",
            |co, mut args| {
                Box::pin(async move {
                    let predicate = arg(&mut args, 0);
                    expect_function(&predicate)?;
                    let list = arg(&mut args, 1);
                    let (mut right, mut wrong) = (Vec::new(), Vec::new());
                    for element in list.as_list()?.iter() {
                        // C++ Nix forces each element before the call.
                        let element = force(&co, element.clone()).await;
                        if call_predicate(&co, &predicate, element.clone()).await? {
                            right.push(element.clone());
                        } else {
                            wrong.push(element.clone());
                        }
                    }
                    Ok(attrs_of([
                        ("right", Value::List(right.into())),
                        ("wrong", Value::List(wrong.into())),
                    ]))
                })
            },
        ),
        BuiltinDef::generator(
            "groupBy",
            2,
            "Groups the elements of a list by the string a function gives each, keeping order.",
            |co, mut args| {
                Box::pin(async move {
                    let f = arg(&mut args, 0);
                    expect_function(&f)?;
                    let list = arg(&mut args, 1);
                    let mut groups: BTreeMap<NixString, Vec<Value>> = BTreeMap::new();
                    for element in list.as_list()?.iter() {
                        let key = call1(&co, f.clone(), element.clone()).await;
                        let key = force_string(&co, key).await?;
                        groups.entry(key).or_default().push(element.clone());
                    }
                    let attrs: NixAttrs = groups
                        .into_iter()
                        .map(|(k, v)| (k, Value::List(NixList::from(v))))
                        .collect();
                    Ok(Value::Attrs(attrs))
                })
            },
        ),
    ]
}

/// Concatenates lists, sharing the only non-empty one when there is one.
fn concat(parts: Vec<NixList>) -> NixList {
    let non_empty: Vec<&NixList> = parts.iter().filter(|l| !l.is_empty()).collect();
    match non_empty.as_slice() {
        [] => NixList::new(),
        [only] => (*only).clone(),
        _ => {
            let total = non_empty.iter().map(|l| l.len()).sum();
            let mut all = Vec::with_capacity(total);
            for list in non_empty {
                all.extend(list.iter().cloned());
            }
            NixList::from(all)
        }
    }
}

/// `all` (stops at the first `false`) and `any` (at the first `true`).
fn quantifier(name: &'static str, documentation: &'static str, stops_at: bool) -> BuiltinDef {
    BuiltinDef::generator(name, 2, documentation, move |co, mut args| {
        Box::pin(async move {
            let predicate = arg(&mut args, 0);
            expect_function(&predicate)?;
            let list = arg(&mut args, 1);
            for element in list.as_list()?.iter() {
                if call_predicate(&co, &predicate, element.clone()).await? == stops_at {
                    return Ok(Value::Bool(stops_at));
                }
            }
            Ok(Value::Bool(!stops_at))
        })
    })
}

/// `foldl'` as a native frame: one application of `op` per element, its
/// result forced before the next.
struct FoldLeft {
    op: Value,
    acc: Value,
    list: NixList,
    index: usize,
    application: Option<Application>,
}

impl NativeFrame for FoldLeft {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        if let Some(application) = &mut self.application {
            match application.feed(input) {
                Ok(acc) => {
                    self.acc = acc;
                    self.index += 1;
                    self.application = None;
                }
                Err(step) => return Ok(step),
            }
        } else if self.index > 0 {
            // The forced initial value of an empty fold.
            return Ok(Step::Done(input));
        }
        match self.list.get(self.index) {
            Some(element) => {
                let acc = std::mem::take(&mut self.acc);
                let (application, step) =
                    Application::start(self.op.clone(), acc, Some(element.clone()));
                self.application = Some(application);
                Ok(step)
            }
            None if self.list.is_empty() && self.index == 0 => {
                // `foldl' op nul []` is `nul`, forced.
                self.index = 1;
                Ok(Step::Force(std::mem::take(&mut self.acc)))
            }
            None => Ok(Step::Done(std::mem::take(&mut self.acc))),
        }
    }
}

/// `filter` as a native frame: the predicate applied to each element.
struct Filter {
    predicate: Value,
    list: NixList,
    index: usize,
    kept: Vec<Value>,
    application: Option<Application>,
}

impl NativeFrame for Filter {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        if let Some(application) = &mut self.application {
            match application.feed(input) {
                Ok(result) => {
                    if result.as_bool()? {
                        if let Some(element) = self.list.get(self.index) {
                            self.kept.push(element.clone());
                        }
                    }
                    self.index += 1;
                    self.application = None;
                }
                Err(step) => return Ok(step),
            }
        }
        match self.list.get(self.index) {
            Some(element) => {
                let (application, step) =
                    Application::start(self.predicate.clone(), element.clone(), None);
                self.application = Some(application);
                Ok(step)
            }
            None if self.kept.len() == self.list.len() => {
                Ok(Step::Done(Value::List(self.list.clone())))
            }
            None => Ok(Step::Done(Value::List(NixList::from(std::mem::take(
                &mut self.kept,
            ))))),
        }
    }
}
