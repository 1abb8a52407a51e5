//! Value algorithms that force or call: deep equality, list ordering,
//! string coercion and deep forcing. They run as generator code and keep
//! their own work stacks, so deeply nested values never grow the Rust
//! stack (a recursive `async fn` would, when polled).

use super::generators::{call, force, GenCo};
use super::scalar::{append_to_path, shallow_compare, shallow_equal};
use crate::errors::ErrorKind;
use crate::value::{NixList, NixString, NixStringBuilder, Value};
use rustc_hash::FxHashSet;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Nix `==`: forces as deep as needed; functions are never equal, except
/// the identical function inside containers; derivations compare by
/// `outPath`.
pub async fn deep_equal(co: &GenCo, lhs: Value, rhs: Value) -> bool {
    equal_values(co, lhs, rhs, false).await
}

/// Equality of two values found inside containers (list elements, set
/// attributes): as `deep_equal`, but the identical value is equal to
/// itself once forced, even a function, as C++ Nix's `eqValues` decides
/// by address after forcing. The operands of `==` itself are never
/// compared by identity (`let x = { a = throw ""; }; in x == x` throws).
async fn equal_values(co: &GenCo, lhs: Value, rhs: Value, nested: bool) -> bool {
    let mut work = vec![(lhs, rhs, nested)];
    // Pairs of containers being compared: meeting a pair again (cyclic
    // values) adds nothing, so it counts as equal and comparison ends.
    let mut comparing: HashSet<(usize, usize)> = HashSet::new();
    // Addresses identify containers only while they live: keep them.
    let mut alive: Vec<Value> = Vec::new();
    while let Some((a, b, nested)) = work.pop() {
        if nested && identical(&a, &b) {
            // Forced first: an identical failing thunk still fails.
            force(co, a).await;
            continue;
        }
        let a = force(co, a).await;
        let b = force(co, b).await;
        if let Some(eq) = shallow_equal(&a, &b) {
            if !eq {
                return false;
            }
            continue;
        }
        let pair = match (&a, &b) {
            (Value::List(x), Value::List(y)) => (x.identity(), y.identity()),
            (Value::Attrs(x), Value::Attrs(y)) => (x.identity(), y.identity()),
            _ => (0, 0),
        };
        if pair != (0, 0) {
            if !comparing.insert(pair) {
                continue;
            }
            alive.push(a.clone());
            alive.push(b.clone());
        }
        match (&a, &b) {
            (Value::List(x), Value::List(y)) => {
                for (p, q) in x.iter().zip(y.iter()).rev() {
                    work.push((p.clone(), q.clone(), true));
                }
            }
            (Value::Attrs(x), Value::Attrs(y)) => {
                if let (Some(t1), Some(t2)) = (x.get(b"type"), y.get(b"type")) {
                    let t1 = force(co, t1.clone()).await;
                    let t2 = force(co, t2.clone()).await;
                    let is_drv =
                        |t: &Value| matches!(t, Value::String(s) if s.as_bytes() == b"derivation");
                    if is_drv(&t1) && is_drv(&t2) {
                        if let (Some(o1), Some(o2)) = (x.get(b"outPath"), y.get(b"outPath")) {
                            work.push((o1.clone(), o2.clone(), true));
                            continue;
                        }
                    }
                }
                if x.len() != y.len() {
                    return false;
                }
                let mut pairs = Vec::with_capacity(x.len());
                for ((k1, v1), (k2, v2)) in x.iter().zip(y.iter()) {
                    if k1 != k2 {
                        return false;
                    }
                    pairs.push((v1.clone(), v2.clone(), true));
                }
                work.extend(pairs.into_iter().rev());
            }
            _ => return false,
        }
    }
    true
}

/// The same object: a shortcut C++ Nix takes for values inside containers.
pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Thunk(x), Value::Thunk(y)) => x.ptr_eq(y),
        (Value::Closure(x), Value::Closure(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::Builtin(x), Value::Builtin(y)) => std::rc::Rc::ptr_eq(x, y),
        (Value::List(x), Value::List(y)) => x.ptr_eq(y),
        (Value::Attrs(x), Value::Attrs(y)) => x.ptr_eq(y),
        _ => false,
    }
}

/// Nix ordering (`<`): numbers, strings, paths, and lists element-wise.
pub async fn compare(co: &GenCo, lhs: Value, rhs: Value) -> Result<Option<Ordering>, ErrorKind> {
    // Each entry: two lists and the index of the next element to compare.
    let mut work: Vec<(NixList, NixList, usize)> = Vec::new();
    let mut current = Some((lhs, rhs));
    loop {
        if let Some((a, b)) = current.take() {
            let a = force(co, a).await;
            let b = force(co, b).await;
            match shallow_compare(&a, &b)? {
                Some(ordering) => {
                    if ordering != Some(Ordering::Equal) {
                        return Ok(ordering);
                    }
                }
                None => {
                    if let (Value::List(x), Value::List(y)) = (a, b) {
                        work.push((x, y, 0));
                    }
                }
            }
        }
        let Some((x, y, i)) = work.last_mut() else {
            return Ok(Some(Ordering::Equal));
        };
        match (x.get(*i), y.get(*i)) {
            (Some(p), Some(q)) => {
                let (p, q) = (p.clone(), q.clone());
                *i += 1;
                if equal_values(co, p.clone(), q.clone(), true).await {
                    continue;
                }
                current = Some((p, q));
            }
            (None, Some(_)) => return Ok(Some(Ordering::Less)),
            (Some(_), None) => return Ok(Some(Ordering::Greater)),
            (None, None) => {
                work.pop();
            }
        }
    }
}

/// How far string coercion goes, and what becomes of paths (C++ Nix's
/// `coerceMore` and `copyToStore`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CoercionKind {
    /// Interpolation into a string (and most builtins taking strings):
    /// strings, paths (copied to the store), and sets with
    /// `__toString`/`outPath`.
    Interpolation,
    /// Like `Interpolation`, but paths stay the paths they are: path
    /// literals with interpolations, `baseNameOf`, `dirOf`, file builtins.
    PathString,
    /// `toString`: also numbers, Booleans, null and lists; paths are not
    /// copied.
    ToString,
    /// Derivation attributes: what `toString` takes, paths copied.
    Derivation,
}

impl CoercionKind {
    /// Whether numbers, Booleans, null and lists coerce too.
    fn more(self) -> bool {
        matches!(self, CoercionKind::ToString | CoercionKind::Derivation)
    }

    /// Whether a path becomes its store path.
    fn copies(self) -> bool {
        matches!(self, CoercionKind::Interpolation | CoercionKind::Derivation)
    }
}

/// Coerces an evaluated value when that needs no forcing, calling or
/// file access: strings (shared, not copied), and for `toString` numbers,
/// Booleans and null. `None` for paths, sets, lists and thunks.
pub fn coerce_evaluated(value: &Value, kind: CoercionKind) -> Option<Result<NixString, ErrorKind>> {
    Some(Ok(match (value, kind.more()) {
        (Value::String(s), _) => s.clone(),
        (Value::Path(_) | Value::Attrs(_) | Value::Thunk(_), _) => return None,
        (Value::List(_), true) => return None,
        (Value::Integer(i), true) => integer_to_string(*i),
        (Value::Float(f), true) => NixString::from(format!("{f:.6}")),
        (Value::Bool(true), true) => NixString::from("1"),
        (Value::Bool(false) | Value::Null, true) => NixString::from(""),
        (other, _) => {
            return Some(Err(ErrorKind::NotCoercibleToString(
                other.type_description().into(),
            )))
        }
    }))
}

/// An integer in decimal, without going through `String`.
pub fn integer_to_string(i: i64) -> NixString {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        NixString::join(&[&NixString::from("-"), &NixString::new(&digits[at..])])
    } else {
        NixString::new(&digits[at..])
    }
}

/// How many containers (lists, and sets coerced through `__toString` or
/// `outPath`) string coercion may be inside at once: beyond this the
/// value is taken to be infinite, as C++ Nix runs out of stack.
const MAX_COERCION_DEPTH: usize = 1_000_000;

/// Coerces a value to a string as Nix does, keeping string contexts. A
/// value that contains itself (`let x = [ x ]; in x`, `{ outPath = x; }`)
/// is infinite recursion.
pub async fn coerce_to_string(
    co: &GenCo,
    value: Value,
    kind: CoercionKind,
) -> Result<NixString, ErrorKind> {
    let value = force(co, value).await;
    if let Some(result) = coerce_evaluated(&value, kind) {
        return result;
    }
    let mut out = NixStringBuilder::new();
    // Pending work: a value to coerce, a separator to emit, or the end of
    // the innermost container being coerced.
    enum Item {
        Value(Value),
        Separator(Value),
        Leave,
    }
    let mut work = vec![Item::Value(value)];
    // The containers being coerced, outermost first (kept alive, so their
    // addresses identify them), and their addresses.
    let mut path: Vec<Value> = Vec::new();
    let mut open: HashSet<usize> = HashSet::new();
    let mut meter = crate::limits::OutputMeter::default();
    while let Some(item) = work.pop() {
        meter.grew_to(out.len())?;
        let value = match item {
            Item::Value(v) => v,
            Item::Separator(previous) => {
                // A space follows every element but the last, unless the
                // element was an empty list.
                let previous = force(co, previous).await;
                if !matches!(&previous, Value::List(l) if l.is_empty()) {
                    out.push_byte(b' ');
                }
                continue;
            }
            Item::Leave => {
                if let Some(container) = path.pop() {
                    open.remove(&container_identity(&container));
                }
                continue;
            }
        };
        let value = force(co, value).await;
        if let Some(result) = coerce_evaluated(&value, kind) {
            out.push_string(&result?);
            continue;
        }
        match value {
            Value::Path(p) if kind.copies() => {
                let store_path = super::generators::copy_to_store(co, p.to_path_buf()).await?;
                out.push_string(&store_path);
            }
            Value::Path(p) => out.push_bytes(p.as_os_str().as_encoded_bytes()),
            Value::Attrs(attrs) => {
                if let Some(to_string) = attrs.get_str("__toString").cloned() {
                    let set = Value::Attrs(attrs);
                    enter(&mut path, &mut open, &set)?;
                    work.push(Item::Leave);
                    let result = call(co, to_string, set).await;
                    work.push(Item::Value(result));
                } else if let Some(out_path) = attrs.get_str("outPath").cloned() {
                    enter(&mut path, &mut open, &Value::Attrs(attrs))?;
                    work.push(Item::Leave);
                    work.push(Item::Value(out_path));
                } else {
                    return Err(ErrorKind::NotCoercibleToString("a set".into()));
                }
            }
            Value::List(list) => {
                let n = list.len();
                if n > 0 {
                    enter(&mut path, &mut open, &Value::List(list.clone()))?;
                    work.push(Item::Leave);
                }
                for (i, element) in list.iter().enumerate().rev() {
                    if i + 1 < n {
                        work.push(Item::Separator(element.clone()));
                    }
                    work.push(Item::Value(element.clone()));
                }
            }
            other => {
                return Err(ErrorKind::NotCoercibleToString(
                    other.type_description().into(),
                ))
            }
        }
    }
    Ok(out.finish())
}

/// The address of a list or set (0 for anything else).
fn container_identity(value: &Value) -> usize {
    match value {
        Value::List(l) => l.identity(),
        Value::Attrs(a) => a.identity(),
        _ => 0,
    }
}

/// Starts coercing the contents of `container`: an error if it is already
/// being coerced (it contains itself) or the nesting is too deep.
fn enter(
    path: &mut Vec<Value>,
    open: &mut HashSet<usize>,
    container: &Value,
) -> Result<(), ErrorKind> {
    if path.len() >= MAX_COERCION_DEPTH {
        return Err(ErrorKind::StackOverflow);
    }
    if !open.insert(container_identity(container)) {
        return Err(ErrorKind::InfiniteRecursion);
    }
    path.push(container.clone());
    Ok(())
}

/// String interpolation of evaluated parts, some not strings. A path
/// as the first part (the start of a path literal with interpolations)
/// makes the result a path: nothing is copied to the store then.
pub async fn interpolate(co: GenCo, parts: Vec<Value>) -> Result<Value, ErrorKind> {
    let kind = match parts.first() {
        Some(Value::Path(_)) => CoercionKind::PathString,
        _ => CoercionKind::Interpolation,
    };
    let mut strings = Vec::with_capacity(parts.len());
    for part in parts {
        strings.push(coerce_to_string(&co, part, kind).await?);
    }
    let parts: Vec<&NixString> = strings.iter().collect();
    crate::limits::charge_memory(parts.iter().fold(0usize, |n, s| n.saturating_add(s.len())))?;
    Ok(Value::String(NixString::join(&parts)))
}

/// `+` that is not arithmetic: a path on the left appends the coerced
/// right operand to it; anything else concatenates both operands coerced
/// as in an interpolation (sets through `__toString`/`outPath`). Only a
/// string on the left copies paths to the store, as in C++ Nix.
pub async fn concat_coerced(co: GenCo, lhs: Value, rhs: Value) -> Result<Value, ErrorKind> {
    let lhs = match lhs {
        Value::Path(p) => {
            let rhs_string = coerce_to_string(&co, rhs, CoercionKind::PathString).await?;
            return append_to_path(&p, &rhs_string);
        }
        Value::String(s) => {
            let rhs_string = coerce_to_string(&co, rhs, CoercionKind::Interpolation).await?;
            crate::limits::charge_memory(s.len().saturating_add(rhs_string.len()))?;
            return Ok(Value::String(s.concat_string(&rhs_string)));
        }
        other => coerce_to_string(&co, other, CoercionKind::PathString).await?,
    };
    let rhs_string = coerce_to_string(&co, rhs, CoercionKind::PathString).await?;
    crate::limits::charge_memory(lhs.len().saturating_add(rhs_string.len()))?;
    Ok(Value::String(lhs.concat_string(&rhs_string)))
}

/// Forces `value` and everything inside it (not function bodies). Values
/// reachable twice are forced once. Only thunks and containers are
/// visited: the scalars and strings that make up most of large data are
/// passed over without a copy or a step of the generator, and lists and
/// sets marked as holding nothing to evaluate (constant data) are not
/// entered at all.
pub async fn deep_force(co: &GenCo, value: Value) -> Value {
    let root = force(co, value).await;
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut work = Vec::new();
    push_inner(&root, &mut seen, &mut work);
    while let Some(v) = work.pop() {
        let v = force(co, v).await;
        push_inner(&v, &mut seen, &mut work);
    }
    root
}

/// Queues the elements of a list or set not seen before that may need
/// forcing, the first element last (it is forced first).
fn push_inner(value: &Value, seen: &mut FxHashSet<usize>, work: &mut Vec<Value>) {
    let may_need_forcing =
        |v: &&Value| matches!(v, Value::Thunk(_) | Value::List(_) | Value::Attrs(_));
    match value {
        Value::List(list) if !list.is_forced() && seen.insert(list_identity(list)) => {
            work.extend(list.iter().rev().filter(may_need_forcing).cloned());
        }
        Value::Attrs(attrs) if !attrs.is_forced() && seen.insert(attrs_identity(attrs)) => {
            work.extend(attrs.values().rev().filter(may_need_forcing).cloned());
        }
        _ => {}
    }
}

fn list_identity(list: &NixList) -> usize {
    list.identity()
}

fn attrs_identity(attrs: &crate::value::NixAttrs) -> usize {
    attrs.identity()
}
