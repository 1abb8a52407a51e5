//! Helpers shared by builtin implementations: forcing values to an
//! expected type inside generator code, coercing to paths, and building
//! result sets.

use crate::errors::ErrorKind;
use crate::paths::{bytes_to_path, canonicalise};
use crate::value::{NixAttrs, NixList, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::{call, force, GenCo};
use crate::vm::native::{NativeFrame, NativeStart, Step};
use std::path::PathBuf;

/// Forces `value` and requires a list.
pub(super) async fn force_list(co: &GenCo, value: Value) -> Result<NixList, ErrorKind> {
    force(co, value).await.as_list().cloned()
}

/// Forces `value` and requires a set.
pub(super) async fn force_attrs(co: &GenCo, value: Value) -> Result<NixAttrs, ErrorKind> {
    force(co, value).await.as_attrs().cloned()
}

/// Forces `value` and requires a string (no coercion).
pub(super) async fn force_string(co: &GenCo, value: Value) -> Result<NixString, ErrorKind> {
    force(co, value).await.as_str().cloned()
}

/// Each element of `list`, forced in order and converted by `view` as
/// soon as it is (the first failure, of either, is the error), handed to
/// `finish`: at once when every element is evaluated already, else in a
/// native frame that takes the evaluated ones without a step and forces
/// the others in turn.
pub(super) fn with_forced_elements<T: 'static>(
    list: NixList,
    view: fn(Value) -> Result<T, ErrorKind>,
    finish: impl FnOnce(Vec<T>) -> Result<Value, ErrorKind> + 'static,
) -> Result<NativeStart, ErrorKind> {
    let mut frame = ForcedElements {
        elements: Vec::with_capacity(list.len()),
        list,
        view,
        finish: Some(Box::new(finish)),
        pending: None,
    };
    match frame.scan()? {
        None => Ok(NativeStart::Value(frame.finish()?)),
        Some(step) => {
            frame.pending = Some(step);
            Ok(NativeStart::Frame(Box::new(frame)))
        }
    }
}

/// What [`with_forced_elements`] does with the converted elements.
type Finish<T> = Box<dyn FnOnce(Vec<T>) -> Result<Value, ErrorKind>>;

/// The frame of [`with_forced_elements`].
struct ForcedElements<T> {
    list: NixList,
    /// The converted elements so far; the next to take is the one after.
    elements: Vec<T>,
    view: fn(Value) -> Result<T, ErrorKind>,
    finish: Option<Finish<T>>,
    /// The first step, taken when the frame starts.
    pending: Option<Step>,
}

impl<T> ForcedElements<T> {
    /// Takes evaluated elements until one must be forced: that step, or
    /// `None` at the end of the list.
    fn scan(&mut self) -> Result<Option<Step>, ErrorKind> {
        while let Some(element) = self.list.get(self.elements.len()) {
            match element.forced() {
                Some(element) => self.elements.push((self.view)(element)?),
                None => return Ok(Some(Step::Force(element.clone()))),
            }
        }
        Ok(None)
    }

    fn finish(&mut self) -> Result<Value, ErrorKind> {
        let finish = self
            .finish
            .take()
            .ok_or_else(|| ErrorKind::internal("a builtin finished twice"))?;
        finish(std::mem::take(&mut self.elements))
    }
}

impl<T> NativeFrame for ForcedElements<T> {
    fn resume(&mut self, input: Value) -> Result<Step, ErrorKind> {
        match self.pending.take() {
            Some(step) => return Ok(step),
            // The element forced last.
            None => self.elements.push((self.view)(input)?),
        }
        match self.scan()? {
            Some(step) => Ok(step),
            None => Ok(Step::Done(self.finish()?)),
        }
    }
}

/// Requires a function (or a set with `__functor`), as C++ Nix checks
/// before calling one.
pub(super) fn expect_function(f: &Value) -> Result<(), ErrorKind> {
    match f {
        Value::Closure(_) | Value::Builtin(_) => Ok(()),
        Value::Attrs(a) if a.contains(b"__functor") => Ok(()),
        other => Err(ErrorKind::TypeError {
            expected: "a function",
            actual: other.type_description(),
        }),
    }
}

/// Calls `f x` and forces the result.
pub(super) async fn call1(co: &GenCo, f: Value, x: Value) -> Value {
    let result = call(co, f, x).await;
    force(co, result).await
}

/// A set from `(name, value)` pairs given as string slices.
pub(super) fn attrs_of(entries: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    let attrs: NixAttrs = entries
        .into_iter()
        .map(|(k, v)| (NixString::from(k), v))
        .collect();
    Value::Attrs(attrs)
}

/// The machine's physical memory in bytes, where it can be known.
pub(super) fn physical_memory() -> Option<u64> {
    static MEMORY: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *MEMORY.get_or_init(|| {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    })
}

/// Coerces a value to an absolute path.
pub(super) async fn coerce_to_path(co: &GenCo, value: Value) -> Result<PathBuf, ErrorKind> {
    let value = force(co, value).await;
    if let Value::Path(p) = &value {
        return Ok(p.to_path_buf());
    }
    let s = coerce_to_string(co, value, CoercionKind::PathString).await?;
    if !s.as_bytes().starts_with(b"/") {
        return Err(ErrorKind::NotAnAbsolutePath(s.to_string()));
    }
    Ok(canonicalise(&bytes_to_path(s.as_bytes())))
}
