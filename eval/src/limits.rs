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
//! - Memory is an approximate count of the bytes the big allocations of
//!   an evaluation need: lists and strings built by `genList`,
//!   `concatLists`, `concatStringsSep`, `replaceStrings`, `++`, string `+`
//!   and interpolation, charged *before* they are allocated. The count
//!   only grows: memory freed is not given back, so it bounds the bytes
//!   allocated over the whole evaluation (a conservative bound of the
//!   live bytes). Small allocations (sets, closures, thunks made by
//!   running code) are not counted: their number is bounded by the steps.
//!   The builtins charge through a per-thread meter ([`charge_memory`])
//!   that the VM installs while it runs, so that plain Rust builtins need
//!   no access to the VM.
//!
//! Exceeding a limit ends the evaluation with an error that `tryEval`
//! cannot catch; the VM stays usable, each evaluation (and each
//! evaluation of a [`crate::Session`]) starting with the full budget.

use crate::errors::ErrorKind;
use std::cell::Cell;
use std::fmt;
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
    pub fn new() -> Self {
        Self::default()
    }

    /// A handle on an existing flag (set means cancelled).
    pub fn from_flag(flag: Arc<AtomicBool>) -> Self {
        CancelHandle(flag)
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn reset(&self) {
        self.0.store(false, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The limit an evaluation exceeded, with its configured value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    Steps(u64),
    Time(Duration),
    Memory(usize),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Steps(n) => write!(f, "evaluation exceeded its step budget ({n} steps)"),
            Limit::Time(d) => write!(
                f,
                "evaluation exceeded its time budget ({} s)",
                d.as_secs_f64()
            ),
            Limit::Memory(n) => write!(f, "evaluation exceeded its memory budget ({n} bytes)"),
        }
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

    #[cold]
    fn refill(&mut self) -> Result<(), ErrorKind> {
        self.steps_done = self.steps_done.saturating_add(self.chunk);
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

    /// The meter to install while the VM runs.
    pub fn meter(&self) -> Meter {
        Meter {
            used: self.memory_used,
            limit: self.limits.max_memory.unwrap_or(usize::MAX),
        }
    }
}

/// Bytes charged and allowed, while one VM runs on this thread.
#[derive(Clone, Copy)]
pub(crate) struct Meter {
    used: usize,
    limit: usize,
}

thread_local! {
    static METER: Cell<Meter> = const {
        Cell::new(Meter {
            used: 0,
            limit: usize::MAX,
        })
    };
}

/// Installs `meter` for the running VM; returns the one it replaces.
pub(crate) fn install_meter(meter: Meter) -> Meter {
    METER.with(|m| m.replace(meter))
}

/// Puts `previous` back; returns the bytes the running VM charged.
pub(crate) fn restore_meter(previous: Meter) -> usize {
    METER.with(|m| m.replace(previous)).used
}

/// Charges `bytes` about to be allocated to the running evaluation:
/// an error if that exceeds its memory budget.
pub fn charge_memory(bytes: usize) -> Result<(), ErrorKind> {
    METER.with(|m| {
        let mut meter = m.get();
        let used = meter.used.saturating_add(bytes);
        if used > meter.limit {
            return Err(ErrorKind::LimitExceeded(Limit::Memory(meter.limit)));
        }
        meter.used = used;
        m.set(meter);
        Ok(())
    })
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
        let previous = install_meter(budget.meter());
        assert!(charge_memory(60).is_ok());
        assert!(charge_memory(40).is_ok());
        assert!(charge_memory(1).is_err());
        assert_eq!(restore_meter(previous), 100);
        assert!(charge_memory(1_000_000).is_ok());
    }
}
