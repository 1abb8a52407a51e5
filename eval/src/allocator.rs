//! mimalloc as a global allocator, called the way the C library is
//! fastest and tuned for evaluation: the allocator of the `tvix-eval`
//! command line (which counts it for `--max-memory`) and of the
//! benchmarks, offered to embedding programs too (feature `mimalloc`, on
//! by default):
//!
//! ```no_run
//! #[global_allocator]
//! static ALLOCATOR: tvix_eval::allocator::MiMalloc = tvix_eval::allocator::MiMalloc;
//!
//! fn main() {
//!     tvix_eval::allocator::configure();
//!     // ...
//! }
//! ```
//!
//! The `mimalloc` crate's `GlobalAlloc` passes every request through
//! mimalloc's aligned entry points, which take a slower path than plain
//! `mi_malloc` even for the 8- and 16-byte alignments that nearly every
//! allocation of the evaluator asks for; profiles of module-system code
//! showed the aligned path at 5.5% of the time against 1.7% for the plain
//! one. Here alignments mimalloc gives anyway go to `mi_malloc`.
//!
//! Freed memory is returned to the system after 100 ms rather than
//! mimalloc's default 10 ms: an evaluation frees and allocates in waves,
//! and pages returned early are faulted in again at once (repeated loads
//! of a large configuration: 87 ms with 10 ms, 71-76 ms with 100 ms or
//! 1 s). Longer delays keep too much: under a 200 MB memory budget,
//! `toJSON` of a huge value peaked at 413 MB of resident memory with 1 s,
//! 276 MB with 100 ms.

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_long, c_void};

/// The largest alignment a plain `mi_malloc` block can be relied on for:
/// mimalloc's size classes are multiples of 8 bytes, and multiples of 16
/// from 16 bytes on, in pages whose blocks start 16-aligned.
const PLAIN_ALIGNMENT: usize = 16;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t`.
const PURGE_DELAY_OPTION: i32 = 15;

/// How long freed pages stay with the process, in milliseconds.
const PURGE_DELAY_MS: c_long = 100;

unsafe extern "C" {
    fn mi_option_set(option: i32, value: c_long);
}

/// Sets mimalloc's options (freed pages kept for 100 ms); call once,
/// before the first evaluation. A value
/// given in the environment (`MIMALLOC_PURGE_DELAY`) is left as it is.
pub fn configure() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: setting an option is allowed at any time; the value is
        // in the option's range.
        unsafe { mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MS) }
    }
}

/// mimalloc with the plain entry points for ordinary alignments.
pub struct MiMalloc;

/// Whether a plain `mi_malloc(size)` block is aligned enough for `layout`:
/// a size that is a multiple of an alignment up to 16 lands in a size
/// class that is a multiple of it too (every Rust type's layout is such).
fn plain(layout: &Layout) -> bool {
    layout.align() <= PLAIN_ALIGNMENT && layout.size().is_multiple_of(layout.align())
}

// SAFETY: every block comes from mimalloc and goes back to it; the plain
// entry points are used only where their blocks have the alignment asked.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(&layout) {
            unsafe { ffi::mi_malloc(layout.size()) as *mut u8 }
        } else {
            unsafe { ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(&layout) {
            unsafe { ffi::mi_zalloc(layout.size()) as *mut u8 }
        } else {
            unsafe { ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8 }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { ffi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grown = Layout::from_size_align(new_size, layout.align()).ok();
        if plain(&layout) && grown.as_ref().is_some_and(plain) {
            unsafe { ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8 }
        } else {
            unsafe {
                ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}
