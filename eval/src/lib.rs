//! tvix-eval: an evaluator for the Nix language.
//!
//! Source is parsed by rnix, compiled to bytecode with static scope
//! analysis, and run on a VM whose frame stack holds bytecode frames and
//! generator frames, so that the Rust stack stays flat however deeply the
//! Nix program recurses. Start with [`Evaluation::builder`].

pub mod builtins;
pub mod chunk;
mod compiler;
pub mod errors;
mod eval;
mod parse;
pub mod print;
pub mod value;
pub mod vm;

pub use compiler::{CompileOptions, LintLevel};
pub use errors::{Error, ErrorKind, Warning, WarningKind};
pub use eval::{Evaluation, EvaluationBuilder, EvaluationResult, SourceFile};
pub use value::{NixAttrs, NixList, NixString, SourceLocation, SourcePos, Value};
