//! Ctrl-C: while the REPL evaluates or prints, SIGINT sets the
//! evaluation's interrupt flag (the evaluator then stops with "interrupted
//! by the user" and the REPL goes on); at any other time it ends the
//! program as SIGINT would. While a line is edited the terminal is in raw
//! mode and Ctrl-C is a key that clears the line, not a signal.
//!
//! The `ctrlc` crate runs the handler on a thread of its own, so it only
//! touches atomics.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The interrupt flag shared with the evaluator, and whether the REPL is
/// busy (so that SIGINT interrupts rather than ends the program).
#[derive(Clone)]
pub struct Interrupts {
    flag: Arc<AtomicBool>,
    busy: Arc<AtomicBool>,
}

impl Interrupts {
    /// Installs the SIGINT handler. Without one (the platform refuses),
    /// Ctrl-C ends the program as usual.
    pub fn install() -> Self {
        let interrupts = Interrupts {
            flag: Arc::default(),
            busy: Arc::default(),
        };
        let handler = interrupts.clone();
        let installed = ctrlc::set_handler(move || {
            if handler.busy.load(Ordering::SeqCst) {
                handler.flag.store(true, Ordering::SeqCst);
            } else {
                std::process::exit(130);
            }
        });
        if let Err(error) = installed {
            eprintln!("warning: Ctrl-C will not interrupt evaluations: {error}");
        }
        interrupts
    }

    /// The flag to hand to [`tvix_eval::EvaluationBuilder::interrupt`].
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.flag.clone()
    }

    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Runs `work` with Ctrl-C interrupting it (the flag cleared first).
    pub fn while_busy<R>(&self, work: impl FnOnce() -> R) -> R {
        self.flag.store(false, Ordering::SeqCst);
        self.busy.store(true, Ordering::SeqCst);
        let result = work();
        self.busy.store(false, Ordering::SeqCst);
        self.flag.store(false, Ordering::SeqCst);
        result
    }

    /// Runs `work`, interrupting it when it takes longer than `limit`
    /// (evaluations for tab completion, which Ctrl-C cannot reach while
    /// the terminal is in raw mode).
    pub fn with_deadline<R>(&self, limit: std::time::Duration, work: impl FnOnce() -> R) -> R {
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let flag = self.flag.clone();
        flag.store(false, Ordering::SeqCst);
        let watchdog = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                flag.store(true, Ordering::SeqCst);
            }
        });
        let result = work();
        drop(done);
        let _ = watchdog.join();
        self.flag.store(false, Ordering::SeqCst);
        result
    }
}
