//! Golden tests run through the `tvix-eval` command line: for every
//! `NAME.nix` in `tests/cli/` (the command line and the language) and
//! `tests/builtins/` (the builtins library), runs the binary from that
//! directory and compares.
//!
//! - `NAME.exp`: `tvix-eval --eval --strict NAME.nix` must exit 0 and
//!   print exactly this;
//! - `NAME.json.exp`: the same with `--json`;
//! - `NAME.err` / `NAME.json.err`: the command must exit 1, print nothing
//!   on stdout and exactly this on stderr (the rendered error, warnings
//!   before it included);
//! - `NAME.flags`: flags used instead of `--eval --strict`;
//! - `NAME.stderr.exp`: next to a `.exp`, stderr must be exactly this
//!   (without `--json`; warnings of a successful run).
//!
//! The binary runs in the test directory with the file name relative to
//! it; the absolute path of the directory, wherever it appears in stdout
//! or stderr, is replaced by `/pwd`, so the expectations hold on any
//! checkout. The environment is cleared of `NIX_PATH`. Each run has a
//! time limit.
//!
//! `GOLDENS_WRITE=1 cargo test -p tvix-eval --release --test goldens`
//! rewrites every existing `.err` / `.json.err` file from the current
//! output (the exit code and empty stdout are still checked). Review the
//! diff against what C++ Nix says before committing it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(dir: &Path, args: &[String]) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tvix-eval"))
        .args(args)
        .current_dir(dir)
        .env_remove("NIX_PATH")
        .env_remove("NIX_STORE_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tvix-eval: {e}"))?;
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}s", TIMEOUT.as_secs()));
            }
            Ok(None) => thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for tvix-eval: {e}")),
        }
    };
    Ok(Run {
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut shown: String = text.chars().take(2000).collect();
    if shown.len() < text.len() {
        shown.push_str("...");
    }
    shown
}

/// Checks one `NAME.nix` in one mode; `Err` describes the failure.
fn check(dir: &Path, name: &str, json: bool) -> Result<bool, String> {
    let suffix = if json { ".json" } else { "" };
    let exp = dir.join(format!("{name}{suffix}.exp"));
    let err = dir.join(format!("{name}{suffix}.err"));
    let expected = match fs::read(&exp) {
        Ok(bytes) => Some(bytes),
        Err(_) if err.exists() => None,
        Err(_) => return Ok(false),
    };
    let mut args: Vec<String> = match fs::read_to_string(dir.join(format!("{name}.flags"))) {
        Ok(flags) => flags.split_whitespace().map(String::from).collect(),
        Err(_) => vec!["--eval".into(), "--strict".into()],
    };
    if json {
        args.push("--json".into());
    }
    args.push(format!("{name}.nix"));
    let result = run(dir, &args)?;
    let stdout = replace_all(&result.stdout, dir.as_os_str().as_encoded_bytes(), b"/pwd");
    let stderr = replace_all(&result.stderr, dir.as_os_str().as_encoded_bytes(), b"/pwd");
    let stderr_exp = dir.join(format!("{name}.stderr.exp"));
    if let (false, true, Ok(expected)) = (json, expected.is_some(), fs::read(&stderr_exp)) {
        if stderr != expected {
            return Err(format!(
                "stderr differs\n  expected: {}\n  actual:   {}",
                show(&expected),
                show(&stderr)
            ));
        }
    }
    match expected {
        Some(expected) => {
            if result.code != Some(0) {
                return Err(format!(
                    "exit code {:?}, expected 0\n  stderr: {}",
                    result.code,
                    show(&result.stderr)
                ));
            }
            if stdout != expected {
                return Err(format!(
                    "stdout differs\n  expected: {}\n  actual:   {}",
                    show(&expected),
                    show(&stdout)
                ));
            }
        }
        None => {
            if result.code != Some(1) {
                return Err(format!(
                    "exit code {:?}, expected 1\n  stdout: {}",
                    result.code,
                    show(&stdout)
                ));
            }
            if !stdout.is_empty() {
                return Err(format!(
                    "expected no output on stdout, got: {}",
                    show(&stdout)
                ));
            }
            if result.stderr.is_empty() {
                return Err("expected an error message on stderr".into());
            }
            if !json && stderr_exp.exists() {
                return Err(format!("{name}.stderr.exp is redundant next to {name}.err"));
            }
            if std::env::var_os("GOLDENS_WRITE").is_some_and(|v| v == "1") {
                fs::write(&err, &stderr)
                    .map_err(|e| format!("cannot write {}: {e}", err.display()))?;
            } else {
                let expected =
                    fs::read(&err).map_err(|e| format!("cannot read {}: {e}", err.display()))?;
                if stderr != expected {
                    return Err(format!(
                        "stderr differs\n  expected: {}\n  actual:   {}",
                        show(&expected),
                        show(&stderr)
                    ));
                }
            }
        }
    }
    Ok(true)
}

/// Runs every test in `tests/DIR`; returns (passed, failures).
fn run_directory(dir_name: &str) -> (usize, Vec<String>) {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir_name);
    let dir = fs::canonicalize(&dir).expect("the test directory exists");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the test directory is readable")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".nix")
                .map(String::from)
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no tests in {}", dir.display());

    let mut failures = Vec::new();
    let mut passed = 0;
    for name in &names {
        let mut checked = false;
        for json in [false, true] {
            let label = if json {
                format!("{dir_name}/{name} (--json)")
            } else {
                format!("{dir_name}/{name}")
            };
            match check(&dir, name, json) {
                Ok(ran) => {
                    checked |= ran;
                    passed += usize::from(ran);
                }
                Err(why) => {
                    checked = true;
                    failures.push(format!("{label}: {why}"));
                }
            }
        }
        if !checked {
            failures.push(format!(
                "{dir_name}/{name}: no .exp, .json.exp, .err or .json.err file"
            ));
        }
    }
    (passed, failures)
}

#[test]
fn goldens() {
    let mut passed = 0;
    let mut failures = Vec::new();
    for dir in ["cli", "builtins"] {
        let (p, f) = run_directory(dir);
        passed += p;
        failures.extend(f);
    }
    for failure in &failures {
        eprintln!("FAIL {failure}");
    }
    eprintln!("goldens: {passed} passed, {} failed", failures.len());
    assert!(
        failures.is_empty(),
        "{} golden test(s) failed",
        failures.len()
    );
}
