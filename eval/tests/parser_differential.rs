//! Differential test of the parser against rnix, the reference grammar:
//! every `.nix` file of the Nix language test suite
//! (`../shared/nix-lang-tests`), of nixpkgs lib (`../shared/nixpkgs-lib`)
//! and of this project's goldens and examples, and mutations of each
//! (truncated, a token deleted or duplicated, two characters swapped;
//! generated here from a fixed seed), are parsed by both. Both must
//! accept or reject the same inputs, and the trees of accepted inputs
//! must be the same S-expression (`tvix_eval::syntax::sexpr`, and
//! `parser_differential/rnix_sexpr.rs` for rnix's tree).
//!
//! Where rnix departs from C++ Nix, we follow C++ Nix: such inputs are
//! listed in `parser_differential_known.txt`, each with the reason, and
//! must disagree as listed (a listed input that agrees fails the test,
//! so the list stays accurate).
//!
//! Environment: `NIX_LANG_TESTS` and `NIXPKGS_LIB` (the directories),
//! `PARSER_DIFF_WRITE_KNOWN=1` (rewrite the list, keeping reasons; new
//! entries get `TODO`), `PARSER_DIFF_DUMP=DIR` (write the inputs that
//! disagree into `DIR`, to check them with `nix-instantiate --parse`). Without the shared directories the test prints
//! that it skips them, and fails under `CI=true`.

#[path = "support/nix_files.rs"]
mod nix_files;
#[path = "parser_differential/rnix_sexpr.rs"]
mod rnix_sexpr;

use nix_files::nix_files;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tvix_eval::syntax;

const KNOWN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/parser_differential_known.txt"
);

/// Mutations per file.
const MUTATIONS: usize = 16;

/// What a parser made of an input.
#[derive(PartialEq, Eq, Debug)]
enum Outcome {
    Accepted(String),
    Rejected,
}

fn ours(source: &str) -> Outcome {
    let parsed = syntax::parse(source);
    match parsed.root {
        Some(root) if parsed.errors.is_empty() => {
            Outcome::Accepted(syntax::sexpr::render(&parsed.ast, root))
        }
        _ => Outcome::Rejected,
    }
}

fn rnix(source: &str) -> Outcome {
    let parsed = rnix::Root::parse(source);
    if !parsed.errors().is_empty() {
        return Outcome::Rejected;
    }
    // rnix accepts some inputs whose tree it then cannot read (a path
    // followed by `${`: its path accessor panics); C++ Nix rejects them.
    match std::panic::catch_unwind(|| rnix_sexpr::render(&parsed.tree())) {
        Ok(tree) => Outcome::Accepted(tree),
        Err(_) => Outcome::Rejected,
    }
}

/// SplitMix64: a fixed sequence of numbers from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Deterministic mutations of `source`: (name, mutated source).
fn mutations(source: &str, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let tokens: Vec<_> = syntax::tokenize(source)
        .into_iter()
        .filter(|t| !t.span.is_empty())
        .collect();
    let boundaries: Vec<usize> = (0..=source.len())
        .filter(|&i| source.is_char_boundary(i))
        .collect();
    let mut out = Vec::new();
    for i in 0..MUTATIONS {
        let mutated = match i % 4 {
            0 => {
                let at = boundaries[rng.below(boundaries.len())];
                (format!("truncate@{at}"), source[..at].to_string())
            }
            1 if !tokens.is_empty() => {
                let t = tokens[rng.below(tokens.len())].span.range();
                (
                    format!("delete@{}", t.start),
                    format!("{}{}", &source[..t.start], &source[t.end..]),
                )
            }
            2 if !tokens.is_empty() => {
                let t = tokens[rng.below(tokens.len())].span.range();
                (
                    format!("duplicate@{}", t.start),
                    format!("{}{}", &source[..t.end], &source[t.start..]),
                )
            }
            _ => {
                // Two neighbouring characters swapped.
                let chars: Vec<(usize, char)> = source.char_indices().collect();
                if chars.len() < 2 {
                    continue;
                }
                let k = rng.below(chars.len() - 1);
                let (a, ca) = chars[k];
                let (_, cb) = chars[k + 1];
                let end = a + ca.len_utf8() + cb.len_utf8();
                (
                    format!("swap@{a}"),
                    format!("{}{cb}{ca}{}", &source[..a], &source[end..]),
                )
            }
        };
        out.push(mutated);
    }
    out
}

fn env_dir(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(default))
}

/// The corpora: (label prefix, directory).
fn corpora() -> Vec<(String, PathBuf)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let mut dirs = Vec::new();
    for (label, var, default) in [
        ("lang", "NIX_LANG_TESTS", "../../shared/nix-lang-tests"),
        ("nixpkgs-lib", "NIXPKGS_LIB", "../../shared/nixpkgs-lib"),
    ] {
        let dir = env_dir(var, default);
        if dir.is_dir() {
            dirs.push((label.to_string(), dir));
        } else if ci {
            panic!("{} not found (required when CI=true)", dir.display());
        } else {
            println!(
                "{} not found; skipping it (set {var} to its location)",
                dir.display()
            );
        }
    }
    for (label, dir) in [
        ("eval-tests", "tests"),
        ("examples", "../examples"),
        ("serde-tests", "../serde/tests"),
        ("bench", "../bench"),
    ] {
        dirs.push((label.to_string(), manifest.join(dir)));
    }
    dirs
}

/// The checked-in list: categories (`category NAME # reason`) and single
/// inputs (`INPUT # reason`).
struct Known {
    categories: BTreeMap<String, String>,
    inputs: BTreeMap<String, String>,
}

fn load_known() -> Known {
    let text = std::fs::read_to_string(KNOWN).unwrap_or_default();
    let mut known = Known {
        categories: BTreeMap::new(),
        inputs: BTreeMap::new(),
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = match line.split_once(" # ") {
            Some((name, reason)) => (name.trim(), reason.trim()),
            None => (line.trim(), ""),
        };
        match name.strip_prefix("category ") {
            Some(category) => known
                .categories
                .insert(category.trim().to_string(), reason.to_string()),
            None => known.inputs.insert(name.to_string(), reason.to_string()),
        };
    }
    known
}

/// The category explaining a disagreement, if any: an rnix departure
/// from C++ Nix found in the input, with the outcomes it leads to.
fn category(input: &str, ours: &Outcome, rnix: &Outcome) -> Option<&'static str> {
    let quirks = rnix_sexpr::quirks(input);
    let (ours_accepts, rnix_accepts) = (
        matches!(ours, Outcome::Accepted(_)),
        matches!(rnix, Outcome::Accepted(_)),
    );
    quirks.into_iter().find(|quirk| match *quirk {
        // rnix is more lenient here.
        "lambda-argument"
        | "indented-string-attribute"
        | "dynamic-inherit"
        | "integer-overflow"
        | "float-out-of-range" => !ours_accepts && rnix_accepts,
        // rnix reads other tokens: the trees differ, or either may fail.
        "float-syntax" => true,
        // rnix is stricter here.
        "carriage-return-in-comment" => ours_accepts && !rnix_accepts,
        _ => false,
    })
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted(tree) if tree.len() > 300 => format!("accepted {}...", &tree[..300]),
        Outcome::Accepted(tree) => format!("accepted {tree}"),
        Outcome::Rejected => "rejected".to_string(),
    }
}

fn run() {
    // Input name to (category, details).
    let mut disagreements: BTreeMap<String, (Option<&'static str>, String)> = BTreeMap::new();
    let mut inputs = 0usize;
    for (label, dir) in corpora() {
        let mut files = Vec::new();
        nix_files(&dir, &mut files);
        for path in files {
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let relative = path.strip_prefix(&dir).unwrap_or(&path).display();
            let name = format!("{label}/{relative}");
            let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            let mut cases = vec![(name.clone(), source.clone())];
            for (mutation, mutated) in mutations(&source, seed) {
                cases.push((format!("{name}~{mutation}"), mutated));
            }
            for (case, input) in cases {
                inputs += 1;
                let (a, b) = (ours(&input), rnix(&input));
                if a != b {
                    if let Some(dump) = std::env::var_os("PARSER_DIFF_DUMP") {
                        let file = Path::new(&dump).join(case.replace('/', "_"));
                        std::fs::write(file, &input).expect("writing a disagreement");
                    }
                    let detail = format!("ours {}\n    rnix {}", describe(&a), describe(&b));
                    disagreements.insert(case, (category(&input, &a, &b), detail));
                }
            }
        }
    }
    let known = load_known();
    if std::env::var("PARSER_DIFF_WRITE_KNOWN").is_ok_and(|v| v == "1") {
        write_known(&known, &disagreements);
    }
    let mut failures = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (name, (category, detail)) in &disagreements {
        match category {
            Some(category) if known.categories.contains_key(*category) => {
                used.insert(category.to_string());
            }
            _ if known.inputs.contains_key(name) => {}
            _ => failures.push(format!("{name}: disagree\n    {detail}")),
        }
    }
    for category in known.categories.keys() {
        if !used.contains(category) {
            failures.push(format!("category {category}: no input shows it any more"));
        }
    }
    for name in known.inputs.keys() {
        if !disagreements.contains_key(name) {
            failures.push(format!(
                "{name}: listed as a disagreement, but both agree (or it is gone)"
            ));
        }
    }
    let explained = disagreements.values().filter(|(c, _)| c.is_some()).count();
    println!(
        "parser_differential: {inputs} inputs, {} disagreements ({explained} in known categories)",
        disagreements.len()
    );
    if !failures.is_empty() {
        let shown: Vec<_> = failures.iter().take(40).cloned().collect();
        panic!(
            "{} unexpected results (check them with `nix-instantiate --parse`; \
             PARSER_DIFF_DUMP=DIR writes the inputs):\n{}",
            failures.len(),
            shown.join("\n")
        );
    }
}

/// Rewrites the list: its categories, and the disagreements no category
/// explains (new ones with the reason `TODO`).
fn write_known(known: &Known, disagreements: &BTreeMap<String, (Option<&'static str>, String)>) {
    let mut text = String::from(
        "# Where the parser and rnix disagree because rnix departs from C++ Nix\n\
         # (see parser_differential.rs): `category NAME # reason` for a kind of\n\
         # input the test recognises, `INPUT # reason` for one input (a mutation\n\
         # is `FILE~KIND@OFFSET`).\n",
    );
    for (category, reason) in &known.categories {
        text.push_str(&format!("category {category} # {reason}\n"));
    }
    for (name, (category, _)) in disagreements {
        if category.is_some_and(|c| known.categories.contains_key(c)) {
            continue;
        }
        let reason = known.inputs.get(name).map_or("TODO", String::as_str);
        text.push_str(&format!("{name} # {reason}\n"));
    }
    std::fs::write(KNOWN, text).expect("writing the known disagreements");
}

#[test]
fn parser_agrees_with_rnix() {
    // rnix parses (and rowan drops trees) recursively.
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(run)
        .expect("a thread")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}
