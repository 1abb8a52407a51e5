//! Throughput of the front end, in MB of Nix source per second, on
//! `config-data.nix` (7.5 MB of configuration data, made by
//! `../shared/bench/gen-data.py`) and on every `.nix` file of nixpkgs
//! lib: parsing alone (our parser, and rnix, the reference grammar, for
//! comparison), and parsing and compiling (what `tvix-eval` does before
//! running anything). Not a test: run it on a quiet machine with
//!
//!     cargo bench -p tvix-eval --bench front_end
//!
//! `CONFIG_DATA_DIR` overrides the directory of `config-data.nix`,
//! `NIXPKGS_LIB` the nixpkgs checkout, `FRONT_END_RUNS` the number of
//! runs (median reported, default 5).

#[path = "../tests/support/nix_files.rs"]
mod nix_files;

use nix_files::nix_files;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tvix_eval::Evaluation;

/// The allocator of the `tvix-eval` command line, with its options.
#[global_allocator]
static ALLOCATOR: tvix_eval::allocator::MiMalloc = tvix_eval::allocator::MiMalloc;

struct Corpus {
    name: &'static str,
    dir: PathBuf,
    files: Vec<(String, String)>,
}

impl Corpus {
    fn bytes(&self) -> usize {
        self.files.iter().map(|(_, s)| s.len()).sum()
    }
}

fn load(name: &'static str, dir: PathBuf, paths: Vec<PathBuf>) -> Option<Corpus> {
    let mut files = Vec::new();
    for path in paths {
        let source = std::fs::read_to_string(&path).ok()?;
        files.push((path.display().to_string(), source));
    }
    (!files.is_empty()).then_some(Corpus { name, dir, files })
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Parses and compiles the files, without running them: each is an
/// `--arg` expression of an evaluation of `null` (compiled up front,
/// never called). Returns the time less that of the same evaluation
/// without the files.
fn compile_all(corpus: &Corpus, runs: usize) -> Duration {
    let evaluate = |with_files: bool| {
        let mut builder = Evaluation::builder()
            .strict(false)
            .expression_dir(corpus.dir.clone());
        if with_files {
            for (i, (_, source)) in corpus.files.iter().enumerate() {
                builder = builder.arg_expr(format!("f{i}"), source.clone());
            }
        }
        let result = builder.build().evaluate("null");
        assert!(result.errors.is_empty(), "{}", result.render_errors(false));
    };
    let base = median(runs, || evaluate(false));
    median(runs, || evaluate(true)).saturating_sub(base)
}

fn report(what: &str, corpus: &Corpus, time: Duration) {
    let mb = corpus.bytes() as f64 / 1e6;
    println!(
        "{:<14} {:<26} {:>8.1} ms  {:>7.1} MB/s",
        corpus.name,
        what,
        time.as_secs_f64() * 1000.0,
        mb / time.as_secs_f64()
    );
}

fn main() {
    tvix_eval::allocator::configure();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data_dir = std::env::var_os("CONFIG_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/bench/cases"));
    let lib_dir = std::env::var_os("NIXPKGS_LIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/nixpkgs-lib"))
        .join("lib");
    let runs: usize = std::env::var("FRONT_END_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
        .max(1);
    let mut lib_paths = Vec::new();
    nix_files(&lib_dir, &mut lib_paths);
    let corpora: Vec<Corpus> = [
        load(
            "config-data",
            data_dir.clone(),
            vec![data_dir.join("config-data.nix")],
        ),
        load("nixpkgs-lib", lib_dir.clone(), lib_paths),
    ]
    .into_iter()
    .flatten()
    .collect();
    if corpora.is_empty() {
        eprintln!("no sources: generate config-data.nix or set NIXPKGS_LIB");
        std::process::exit(1);
    }
    println!("front end, median of {runs} runs:");
    for corpus in &corpora {
        let tokens: usize = corpus
            .files
            .iter()
            .map(|(_, s)| tvix_eval::syntax::tokenize(s).len())
            .sum();
        let nodes: usize = corpus
            .files
            .iter()
            .map(|(_, s)| tvix_eval::syntax::parse(s).ast.nodes().len())
            .sum();
        println!(
            "{:<14} {} files, {:.2} MB, {tokens} tokens, {nodes} nodes",
            corpus.name,
            corpus.files.len(),
            corpus.bytes() as f64 / 1e6
        );
        report(
            "parse (tvix)",
            corpus,
            median(runs, || {
                for (_, source) in &corpus.files {
                    let parsed = tvix_eval::syntax::parse(source);
                    assert!(parsed.errors.is_empty());
                }
            }),
        );
        report(
            "parse (rnix)",
            corpus,
            median(runs, || {
                for (_, source) in &corpus.files {
                    let parsed = rnix::Root::parse(source);
                    assert!(parsed.errors().is_empty());
                }
            }),
        );
        report("parse + compile", corpus, compile_all(corpus, runs));
    }
}
