//! Exact heap accounting for the memory budget: [`MeteredAllocator`]
//! wraps the program's global allocator and counts, per thread, the bytes
//! allocated minus the bytes freed.
//!
//! A library cannot install a global allocator for its host, so this is
//! opt-in: the `tvix-eval` binary installs it, and so can any program that
//! evaluates untrusted code (see [`crate::Limits`]). With it, the memory
//! budget bounds the live heap of the evaluation (values, thunks, sets,
//! strings, lists: everything the evaluator allocates), checked every few
//! steps and before every large allocation a builtin is about to make.
//! Without it, the budget falls back to charging the large allocations of
//! builtins only (see the parent module).
//!
//! The count is a per-thread `Cell` (no atomic traffic, no locking): the
//! evaluator is single-threaded, and an evaluation's bytes are allocated
//! and freed on the thread that runs it.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

thread_local! {
    /// Bytes allocated minus bytes freed on this thread, since it started.
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

/// Set once the metered allocator has allocated anything: from then on the
/// per-thread counts are meaningful.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// A global allocator that counts the live bytes of each thread, so that
/// [`crate::Limits::max_memory`] bounds everything an evaluation
/// allocates. Wrap the allocator the program uses:
///
/// ```
/// use tvix_eval::limits::MeteredAllocator;
///
/// #[global_allocator]
/// static ALLOCATOR: MeteredAllocator<std::alloc::System> =
///     MeteredAllocator::new(std::alloc::System);
/// # fn main() {}
/// ```
pub struct MeteredAllocator<A> {
    inner: A,
}

impl<A> MeteredAllocator<A> {
    /// Counts the allocations of `inner`.
    pub const fn new(inner: A) -> Self {
        MeteredAllocator { inner }
    }
}

#[inline]
fn track(delta: isize) {
    // `try_with`: during thread teardown the count may be gone already.
    let _ = LIVE.try_with(|live| live.set(live.get().wrapping_add(delta)));
}

#[inline]
fn activate() {
    if !ACTIVE.load(Ordering::Relaxed) {
        ACTIVE.store(true, Ordering::Relaxed);
    }
}

// SAFETY: every method forwards to the wrapped allocator with the same
// arguments and returns its result unchanged; the bookkeeping touches
// only a thread-local integer (no allocation, no panic).
unsafe impl<A: GlobalAlloc> GlobalAlloc for MeteredAllocator<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (see above).
        let ptr = unsafe { self.inner.alloc(layout) };
        if !ptr.is_null() {
            activate();
            track(layout.size() as isize);
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (see above).
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        if !ptr.is_null() {
            activate();
            track(layout.size() as isize);
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is (see above).
        unsafe { self.inner.dealloc(ptr, layout) };
        track(-(layout.size() as isize));
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is (see above).
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            track(new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// The live bytes of this thread, if the metered allocator is installed.
pub(crate) fn live_bytes() -> Option<isize> {
    heap_live_bytes()
}

/// Bytes allocated minus bytes freed on this thread since it started, if
/// [`MeteredAllocator`] is the global allocator (`None` otherwise).
pub fn heap_live_bytes() -> Option<isize> {
    if !ACTIVE.load(Ordering::Relaxed) {
        return None;
    }
    LIVE.try_with(Cell::get).ok()
}
