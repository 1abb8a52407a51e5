//! Dropping deeply nested values without recursion.
//!
//! A list nested a million levels deep would overflow the Rust stack if
//! each level's `Drop` dropped the next. Instead, containers that own the
//! last reference to their children move those children into a
//! thread-local queue, and the outermost drop drains it in a loop.
//! Shallow structures (the common case) skip the queue: their children are
//! dropped in place while the nesting of such drops stays below
//! `INLINE_DEPTH`, which bounds the Rust stack they use.

use super::Value;
use std::cell::{Cell, RefCell};

thread_local! {
    static QUEUE: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// How many drops of containers may nest on the Rust stack.
const INLINE_DEPTH: u32 = 128;

/// Hands `values` to the queue, draining it unless a drain is running.
pub(crate) fn defer_all(values: impl IntoIterator<Item = Value>) {
    let depth = DEPTH.try_with(|d| d.get()).unwrap_or(INLINE_DEPTH);
    if depth < INLINE_DEPTH {
        let _ = DEPTH.try_with(|d| d.set(depth + 1));
        for value in values {
            drop(value);
        }
        let _ = DEPTH.try_with(|d| d.set(depth));
        return;
    }
    let pushed = QUEUE.try_with(|q| match q.try_borrow_mut() {
        Ok(mut q) => {
            q.extend(values.into_iter().filter(Value::is_last_owner));
            true
        }
        Err(_) => false,
    });
    if pushed != Ok(true) {
        // Thread teardown: nothing to do but drop in place.
        return;
    }
    if DRAINING.try_with(|d| d.replace(true)) != Ok(false) {
        return;
    }
    loop {
        let next = QUEUE.try_with(|q| q.try_borrow_mut().ok().and_then(|mut q| q.pop()));
        match next {
            Ok(Some(value)) => drop(value),
            _ => break,
        }
    }
    let _ = DRAINING.try_with(|d| d.set(false));
}

/// Drops `container` in place, as one more level of nested drops, when
/// the nesting allows it; else gives it back (for the caller to hand its
/// children to the queue).
pub(crate) fn drop_inline<T>(container: T) -> Option<T> {
    let depth = DEPTH.try_with(|d| d.get()).unwrap_or(INLINE_DEPTH);
    if depth >= INLINE_DEPTH {
        return Some(container);
    }
    let _ = DEPTH.try_with(|d| d.set(depth + 1));
    drop(container);
    let _ = DEPTH.try_with(|d| d.set(depth));
    None
}

/// Hands one value to the queue.
pub(crate) fn defer(value: Value) {
    defer_all(std::iter::once(value))
}
