//! The builtins reference, generated from the declarations themselves:
//! every builtin's name, arity, which arguments it takes unevaluated and
//! its documentation string, plus the constants and the builtins written
//! in Nix. `docs/builtins-reference.md` is this text; the test
//! `eval/tests/builtins_reference.rs` fails when it is out of date.

use super::{constants, definitions, misc, EvalState};
use crate::compiler::CompileOptions;
use crate::errors::WarningSink;
use crate::io::PureIo;
use crate::store::{Store, DEFAULT_STORE_DIR};
use std::fmt::Write as _;
use std::rc::Rc;

/// What a builtin is, as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// The name in `builtins`.
    pub name: String,
    /// Arguments taken before it runs; `None` for a constant.
    pub arity: Option<usize>,
    /// The (0-based) arguments passed without being forced first.
    pub lazy_arguments: Vec<usize>,
    /// One or more sentences on what it does.
    pub documentation: String,
}

/// Builtins that are Nix code rather than Rust (their own docs).
const WRITTEN_IN_NIX: &[(&str, usize, &str)] = &[(
    "derivation",
    1,
    "A derivation: `derivationStrict`'s paths with the attributes given, one set per output (`<nix/derivation.nix>`).",
)];

/// Every builtin and constant of a default evaluation, sorted by name.
pub fn declarations() -> Vec<Declaration> {
    let io = Rc::new(PureIo);
    let store = Rc::new(Store::new(DEFAULT_STORE_DIR, io.clone()));
    let state = Rc::new(EvalState::new(
        Default::default(),
        CompileOptions::default(),
        io,
        Vec::new(),
        WarningSink::default(),
        store,
    ));
    let mut rows: Vec<Declaration> = definitions(&state, &[])
        .iter()
        .map(|def| Declaration {
            name: def.name.clone(),
            arity: Some(def.arity),
            lazy_arguments: (0..def.arity)
                .filter(|i| def.strict_args & (1 << i) == 0)
                .collect(),
            documentation: def.documentation.to_string(),
        })
        .collect();
    rows.extend(WRITTEN_IN_NIX.iter().map(|(name, arity, doc)| Declaration {
        name: name.to_string(),
        arity: Some(*arity),
        lazy_arguments: Vec::new(),
        documentation: doc.to_string(),
    }));
    let constant_names = constants(&state)
        .into_iter()
        .chain(misc::constants(&state))
        .map(|(name, _)| name.to_string())
        .chain(["builtins".to_string()]);
    rows.extend(constant_names.map(|name| Declaration {
        documentation: constant_documentation(&name).to_string(),
        name,
        arity: None,
        lazy_arguments: Vec::new(),
    }));
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

fn constant_documentation(name: &str) -> &'static str {
    match name {
        "builtins" => "The set of all builtins.",
        "currentSystem" => "The platform this evaluator runs on, as Nix names it (`x86_64-linux`).",
        "currentTime" => {
            "Seconds since the Unix epoch (only where the clock is visible: impure evaluation)."
        }
        "false" | "true" => "A Boolean.",
        "langVersion" => "The version of the Nix language (6).",
        "nixPath" => "The search path, as a list of `{ path; prefix; }`.",
        "nixVersion" => "The version of Nix whose behaviour this evaluator follows.",
        "null" => "The null value.",
        "storeDir" => "The store directory (`/nix/store` unless configured).",
        _ => "A constant.",
    }
}

/// The reference as Markdown: a header and one table row per name.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Builtins reference\n\n\
         Generated from the builtin declarations in `eval/src/builtins/` by\n\
         `tvix_eval::builtins::reference::reference_markdown`; do not edit by\n\
         hand. `TVIX_WRITE_REFERENCE=1 cargo test --release -p tvix-eval --test\n\
         builtins_reference` rewrites it. `docs/builtins.md` says how far each\n\
         builtin follows C++ Nix and where it is tested.\n\n\
         Arity is the number of arguments a builtin takes before it runs (`—`\n\
         for constants); lazy arguments are passed to it unevaluated (counted\n\
         from 1).\n\n\
         | name | arity | lazy arguments | what it does |\n\
         |---|---|---|---|\n",
    );
    for row in declarations() {
        let arity = row.arity.map_or("—".to_string(), |n| n.to_string());
        let lazy = if row.lazy_arguments.is_empty() {
            String::new()
        } else {
            row.lazy_arguments
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let doc = row.documentation.replace('|', "\\|").replace('\n', " ");
        let _ = writeln!(out, "| `{}` | {arity} | {lazy} | {doc} |", row.name);
    }
    out
}
