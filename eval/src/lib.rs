//! tvix-eval: an evaluator for the Nix language.
//!
//! Source is parsed by our own parser ([`syntax`]), compiled to bytecode with static scope
//! analysis, and run on a VM whose frame stack holds bytecode frames,
//! generator frames (`async` Rust) and native frames (builtins written as
//! state machines), so that the Rust stack stays flat however deeply the
//! Nix program recurses. Start with [`Evaluation::builder`].

#![deny(missing_docs)]

#[cfg(feature = "mimalloc")]
pub mod allocator;
mod attr_path;
mod builtins;
pub(crate) mod bytecode;
mod compiler;
pub mod data;
pub mod errors;
mod eval;
mod hash;
pub mod io;
pub mod limits;
pub mod output;
mod parse;
mod paths;
pub mod search_path;
mod session;
mod state;
pub mod store;
pub mod syntax;
pub mod value;
mod vm;

pub use builtins::reference;
pub use compiler::{CompileOptions, LintLevel};
pub use errors::{Error, ErrorDetails, ErrorKind, Warning, WarningCallback, WarningKind};
pub use eval::{Evaluation, EvaluationBuilder, EvaluationResult, SourceFile};
pub use io::{EvalIo, FileType, IoError, LimitedIo, PureIo, RealIo};
pub use limits::{CancelHandle, Limit, Limits};
pub use parse::is_incomplete;
pub use session::Session;
pub use value::{NixAttrs, NixList, NixString, SourceLocation, SourcePos, Value};
