//! Resource limits for evaluating untrusted code: a step budget, a wall
//! clock deadline, a memory budget and a cancellation handle, given to
//! [`crate::EvaluationBuilder::limits`].
//!
//! This module owns the [`Limits`] configuration, the [`Limit`] named in
//! [`crate::ErrorKind::LimitExceeded`], and the accounting the VM does:
//!
//! - Steps are the frames the VM pushes: every call of a function or a
//!   builtin that runs code, every thunk forced. Nix code can only loop by
//!   calling, so every endless evaluation keeps taking steps. A step costs
//!   one decrement and a comparison; every [`CHECK_INTERVAL`] steps the
//!   slow path checks the step budget, the deadline and the cancellation
//!   flag.
//! - Memory is measured in one of two ways. With [`MeteredAllocator`]
//!   installed as the program's global allocator (the `tvix-eval` binary
//!   does), the budget bounds the live heap of the evaluating thread: the
//!   slow path checks it, and the builtins that build large lists, sets
//!   and strings (`genList`, `concatLists`, `concatStringsSep`,
//!   `replaceStrings`, `listToAttrs`, `++`, string `+`, interpolation...)
//!   ask before they allocate whether the result still fits.
//!   Without it, only those large allocations are counted, charged before
//!   they happen, and the count only grows (memory freed is not given
//!   back), a conservative bound of the bytes they hold; small
//!   allocations (sets, closures, thunks made by running code) are then
//!   bounded by the steps alone.
//!   The builtins charge through a per-thread meter ([`charge_memory`])
//!   that the VM installs while it runs, so that plain Rust builtins need
//!   no access to the VM.
//!
//! Exceeding a limit ends the evaluation with an error that `tryEval`
//! cannot catch; the VM stays usable, each evaluation (and each
//! evaluation of a [`crate::Session`]) starting with the full budget.

mod heap;

pub use crate::errors::Limit;
pub use heap::{heap_live_bytes, MeteredAllocator};

use crate::errors::ErrorKind;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many steps run between two checks of the deadline and of the
/// cancellation flag.
pub const CHECK_INTERVAL: u64 = 1024;

/// Limits on one evaluation; the default limits nothing (but the call
/// depth, see [`crate::EvaluationBuilder::max_call_depth`]).
///
/// Combine with the I/O configuration of the builder: limits bound the
/// resources, not what the program may read. For untrusted input keep the
/// builder's default pure I/O (no files, no environment), or allow only
/// the directories the configuration may import from:
///
/// ```
/// use tvix_eval::{Evaluation, Limits};
/// let result = Evaluation::builder()
///     .limits(Limits::untrusted())
///     .build()
///     .evaluate("let f = n: f (n + 1); in f 0");
/// assert!(result.value.is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// At most this many evaluation steps (frames pushed: calls and
    /// thunks forced).
    pub max_steps: Option<u64>,
    /// At most this much wall clock time, from the start of the
    /// evaluation (checked every [`CHECK_INTERVAL`] steps).
    pub deadline: Option<Duration>,
    /// At most this many bytes for the lists and strings the evaluation
    /// builds (an approximate, cumulative count: see the module doc).
    pub max_memory: Option<usize>,
    /// Cancels the evaluation from another thread.
    pub cancel: Option<CancelHandle>,
}

impl Limits {
    /// Modest budgets for a configuration from an untrusted source:
    /// 10^8 steps, 256 MiB, 10 seconds. File and environment access are
    /// the builder's business (pure by default).
    pub fn untrusted() -> Self {
        Limits {
            max_steps: Some(100_000_000),
            deadline: Some(Duration::from_secs(10)),
            max_memory: Some(256 * 1024 * 1024),
            cancel: None,
        }
    }

    /// These limits with a step budget.
    pub fn with_max_steps(mut self, steps: u64) -> Self {
        self.max_steps = Some(steps);
        self
    }

    /// These limits with a wall clock deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// These limits with a memory budget in bytes.
    pub fn with_max_memory(mut self, bytes: usize) -> Self {
        self.max_memory = Some(bytes);
        self
    }

    /// These limits with a cancellation handle.
    pub fn with_cancel(mut self, cancel: CancelHandle) -> Self {
        self.cancel = Some(cancel);
        self
    }
}

/// A cheap, thread-safe stop switch: [`CancelHandle::cancel`] (from any
/// thread, or a signal handler) ends the evaluation soon after with
/// [`ErrorKind::Interrupted`]. Clones share the switch. Reset it before
/// the next evaluation.
#[derive(Debug, Clone, Default)]
pub struct CancelHandle(Arc<AtomicBool>);

impl CancelHandle {
    /// A handle not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A handle on an existing flag (set means cancelled).
    pub fn from_flag(flag: Arc<AtomicBool>) -> Self {
        CancelHandle(flag)
    }

    /// Asks the evaluations watching this handle to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Clears the request, so the next evaluation runs.
    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    /// Whether a stop has been asked for (and not reset).
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A size in bytes: a number, optionally followed by `K`, `M` or `G`
/// (powers of 1024, optionally with `B` or `iB` after them).
pub fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(digits);
    let number: usize = number.parse().ok()?;
    let unit: usize = match suffix.to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(unit)
}

/// The VM's accounting of one evaluation against its [`Limits`].
pub(crate) struct Budget {
    limits: Limits,
    /// Steps allowed before the next slow check.
    countdown: u64,
    /// Steps granted by the last refill (the countdown's start).
    chunk: u64,
    /// Steps taken before the current chunk.
    steps_done: u64,
    started: Instant,
    /// Bytes charged so far (see [`charge_memory`]).
    pub memory_used: usize,
    /// The live heap of this thread when the evaluation started, if the
    /// metered allocator counts it.
    heap_baseline: Option<isize>,
}

impl Budget {
    pub fn new(limits: Limits) -> Self {
        let mut budget = Budget {
            limits,
            countdown: 0,
            chunk: 0,
            steps_done: 0,
            started: Instant::now(),
            memory_used: 0,
            heap_baseline: None,
        };
        budget.restart();
        budget
    }

    /// The full budget again, for the next evaluation.
    pub fn restart(&mut self) {
        // The first step checks at once (a handle cancelled already
        // stops even a short evaluation).
        self.steps_done = 0;
        self.chunk = 0;
        self.countdown = 0;
        self.started = Instant::now();
        self.memory_used = 0;
        self.heap_baseline = heap::live_bytes();
    }

    fn max_steps(&self) -> u64 {
        self.limits.max_steps.unwrap_or(u64::MAX)
    }

    /// Takes one step: cheap unless a check is due.
    #[inline]
    pub fn step(&mut self) -> Result<(), ErrorKind> {
        if self.countdown > 0 {
            self.countdown -= 1;
            return Ok(());
        }
        self.refill()
    }

    /// Steps left in the budget, counting those of the current chunk as
    /// taken.
    fn steps_left(&self) -> u64 {
        self.max_steps()
            .saturating_sub(self.steps_done.saturating_add(self.chunk))
    }

    /// Adds the steps the builtins took in Rust since the last look, and
    /// gives them what is left.
    fn sync_side_steps(&mut self) {
        let left = self.steps_left();
        let taken = METER.with(|m| {
            let mut meter = m.get();
            let taken = meter.side_steps_taken;
            meter.side_steps_taken = 0;
            meter.side_steps_allowed = left.saturating_sub(taken);
            m.set(meter);
            taken
        });
        self.steps_done = self.steps_done.saturating_add(taken);
    }

    #[cold]
    fn refill(&mut self) -> Result<(), ErrorKind> {
        self.steps_done = self.steps_done.saturating_add(self.chunk);
        self.chunk = 0;
        self.sync_side_steps();
        if self
            .limits
            .cancel
            .as_ref()
            .is_some_and(|c| c.is_cancelled())
        {
            return Err(ErrorKind::Interrupted);
        }
        if let Some(deadline) = self.limits.deadline {
            if self.started.elapsed() >= deadline {
                return Err(ErrorKind::LimitExceeded(Limit::Time(deadline)));
            }
        }
        if let (Some(limit), Some(baseline)) = (self.limits.max_memory, self.heap_baseline) {
            if heap_growth(baseline) > limit {
                return Err(ErrorKind::LimitExceeded(Limit::Memory(limit)));
            }
        }
        let remaining = self.max_steps().saturating_sub(self.steps_done);
        if remaining == 0 {
            self.chunk = 0;
            return Err(ErrorKind::LimitExceeded(Limit::Steps(self.max_steps())));
        }
        self.chunk = CHECK_INTERVAL.min(remaining);
        // This step is the first of the new chunk.
        self.countdown = self.chunk - 1;
        Ok(())
    }

    /// Takes back the meter of a run that ended: the bytes charged and
    /// the steps the builtins took in Rust.
    pub fn absorb(&mut self, meter: Meter) {
        self.memory_used = meter.used;
        self.steps_done = self.steps_done.saturating_add(meter.side_steps_taken);
    }

    /// The meter to install while the VM runs.
    pub fn meter(&self) -> Meter {
        Meter {
            used: self.memory_used,
            limit: self.limits.max_memory.unwrap_or(usize::MAX),
            heap_baseline: self.heap_baseline,
            deadline: self
                .limits
                .deadline
                .map(|limit| (self.started + limit, limit)),
            side_steps_allowed: self.steps_left(),
            side_steps_taken: 0,
            max_steps: self.max_steps(),
        }
    }

    /// The cancellation handle, for [`install_meter`].
    pub fn cancel_handle(&self) -> Option<CancelHandle> {
        self.limits.cancel.clone()
    }
}

/// Bytes charged and allowed, while one VM runs on this thread.
#[derive(Clone, Copy)]
pub(crate) struct Meter {
    used: usize,
    limit: usize,
    heap_baseline: Option<isize>,
    /// When the evaluation must end, and the configured duration.
    deadline: Option<(Instant, Duration)>,
    /// Steps that work done in Rust may take (see [`charge_steps`]), and
    /// the steps it took so far; the VM adds those to its own count.
    side_steps_allowed: u64,
    side_steps_taken: u64,
    max_steps: u64,
}

/// How much the live heap of this thread grew since `baseline`.
fn heap_growth(baseline: isize) -> usize {
    let now = heap::live_bytes().unwrap_or(baseline);
    usize::try_from(now.wrapping_sub(baseline)).unwrap_or(0)
}

thread_local! {
    static METER: Cell<Meter> = const {
        Cell::new(Meter {
            used: 0,
            limit: usize::MAX,
            heap_baseline: None,
            deadline: None,
            side_steps_allowed: u64::MAX,
            side_steps_taken: 0,
            max_steps: u64::MAX,
        })
    };
    static CANCEL: std::cell::RefCell<Option<CancelHandle>> = const {
        std::cell::RefCell::new(None)
    };
}

/// What [`install_meter`] replaced, to put back when the VM stops.
pub(crate) struct InstalledMeter(Meter, Option<CancelHandle>);

/// Installs `meter` (and the cancellation handle) for the running VM;
/// returns what it replaces.
pub(crate) fn install_meter(meter: Meter, cancel: Option<CancelHandle>) -> InstalledMeter {
    let previous_cancel = CANCEL.with(|c| c.replace(cancel));
    InstalledMeter(METER.with(|m| m.replace(meter)), previous_cancel)
}

/// Puts `previous` back; returns the meter of the VM that stops, for
/// [`Budget::absorb`].
pub(crate) fn restore_meter(previous: InstalledMeter) -> Meter {
    CANCEL.with(|c| c.replace(previous.1));
    METER.with(|m| m.replace(previous.0))
}

/// Takes `steps` steps of the budget for work done in Rust (copying,
/// building or writing large values): an error once the step budget is
/// spent, so that a step budget bounds the time of everything the
/// evaluation does, not only the Nix code it runs.
pub fn charge_steps(steps: u64) -> Result<(), ErrorKind> {
    METER.with(|m| {
        let mut meter = m.get();
        meter.side_steps_taken = meter.side_steps_taken.saturating_add(steps);
        m.set(meter);
        if meter.side_steps_taken > meter.side_steps_allowed {
            return Err(ErrorKind::LimitExceeded(Limit::Steps(meter.max_steps)));
        }
        Ok(())
    })
}

/// How many bytes of copying cost one step.
pub const BYTES_PER_STEP: usize = 64;

/// For long loops in Rust that take no evaluation steps (writing JSON,
/// XML or a string of a big value): an error if the evaluation was
/// cancelled or is past its deadline.
pub fn checkpoint() -> Result<(), ErrorKind> {
    if CANCEL.with(|c| c.borrow().as_ref().is_some_and(CancelHandle::is_cancelled)) {
        return Err(ErrorKind::Interrupted);
    }
    if let Some((at, limit)) = METER.with(Cell::get).deadline {
        if Instant::now() >= at {
            return Err(ErrorKind::LimitExceeded(Limit::Time(limit)));
        }
    }
    Ok(())
}

/// Accounts for a Rust loop that walks a value and writes it out (JSON,
/// XML, a string): every item it handles is a step, and every
/// [`OutputMeter::STRIDE`] bytes the output grows are charged to the
/// memory budget; now and then it calls [`checkpoint`].
#[derive(Default)]
pub struct OutputMeter {
    charged: usize,
    items: u64,
}

impl OutputMeter {
    /// How many bytes the buffer grows between two charges.
    pub const STRIDE: usize = 1 << 20;

    /// One more item handled; the output is now `len` bytes long.
    #[inline]
    pub fn grew_to(&mut self, len: usize) -> Result<(), ErrorKind> {
        self.items += 1;
        if self.items.is_multiple_of(CHECK_INTERVAL) {
            charge_steps(CHECK_INTERVAL)?;
            checkpoint()?;
        }
        if len < self.charged.saturating_add(Self::STRIDE) {
            return Ok(());
        }
        let grown = len - self.charged;
        self.charged = len;
        // With the heap counted, the bytes are in the count already.
        let metered = METER.with(Cell::get).heap_baseline.is_some();
        if metered {
            charge_steps((grown / BYTES_PER_STEP) as u64)?;
            charge_bytes(0)?;
        } else {
            charge_memory(grown)?;
        }
        checkpoint()
    }
}

/// Charges `bytes` about to be allocated to the running evaluation:
/// an error if that exceeds its memory budget (and, for the work of
/// filling them, one step per [`BYTES_PER_STEP`] bytes).
pub fn charge_memory(bytes: usize) -> Result<(), ErrorKind> {
    charge_bytes(bytes)?;
    if bytes >= BYTES_PER_STEP {
        charge_steps((bytes / BYTES_PER_STEP) as u64)?;
    }
    // Copying a megabyte takes a while: a look at the clock first.
    if bytes >= OutputMeter::STRIDE {
        checkpoint()?;
    }
    Ok(())
}

/// The memory half of [`charge_memory`].
fn charge_bytes(bytes: usize) -> Result<(), ErrorKind> {
    METER.with(|m| {
        let mut meter = m.get();
        if meter.limit == usize::MAX {
            return Ok(());
        }
        if let Some(baseline) = meter.heap_baseline {
            // The allocator counts what is live; ask whether this fits.
            if heap_growth(baseline).saturating_add(bytes) > meter.limit {
                return Err(ErrorKind::LimitExceeded(Limit::Memory(meter.limit)));
            }
            return Ok(());
        }
        let used = meter.used.saturating_add(bytes);
        if used > meter.limit {
            return Err(ErrorKind::LimitExceeded(Limit::Memory(meter.limit)));
        }
        meter.used = used;
        m.set(meter);
        Ok(())
    })
}

/// About what one lazily computed element costs: a thunk of a call with
/// its captured arguments, and the slot that holds it.
pub const LAZY_ELEMENT_BYTES: usize = 96;

/// Charges `len` lazily computed elements (of a list or a set).
pub fn charge_lazy(len: usize) -> Result<(), ErrorKind> {
    charge_memory(len.saturating_mul(LAZY_ELEMENT_BYTES))
}

/// Charges a list of `len` values.
pub fn charge_list(len: usize) -> Result<(), ErrorKind> {
    charge_memory(len.saturating_mul(std::mem::size_of::<crate::value::Value>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_max_steps_are_allowed() {
        for max in [0, 1, 5, 1023, 1024, 1025, 5000] {
            let mut budget = Budget::new(Limits::default().with_max_steps(max));
            for _ in 0..max {
                assert!(budget.step().is_ok(), "step within {max}");
            }
            assert!(
                matches!(budget.step(), Err(ErrorKind::LimitExceeded(Limit::Steps(n))) if n == max)
            );
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("200"), Some(200));
        assert_eq!(parse_size("200M"), Some(200 << 20));
        assert_eq!(parse_size("1k"), Some(1024));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("M"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("1T"), None);
    }

    #[test]
    fn memory_is_charged_against_the_installed_meter() {
        let budget = Budget::new(Limits::default().with_max_memory(100));
        let previous = install_meter(budget.meter(), None);
        assert!(charge_memory(60).is_ok());
        assert!(charge_memory(40).is_ok());
        assert!(charge_memory(1).is_err());
        assert_eq!(restore_meter(previous).used, 100);
        assert!(charge_memory(1_000_000).is_ok());
    }

    #[test]
    fn rust_work_takes_steps() {
        let mut budget = Budget::new(Limits::default().with_max_steps(1000));
        let previous = install_meter(budget.meter(), None);
        assert!(charge_steps(600).is_ok());
        // 64 bytes of copying are a step.
        assert!(charge_memory(300 * BYTES_PER_STEP).is_ok());
        assert!(charge_steps(101).is_err());
        budget.absorb(restore_meter(previous));
        assert!(budget.step().is_err());
    }
}
