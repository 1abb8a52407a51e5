//! Golden tests of the builtins: for every `NAME.nix` in `tests/builtins/`,
//! runs `tvix-eval --eval --strict NAME.nix` from that directory.
//!
//! - `NAME.exp`: the command must exit 0 and print exactly this (most were
//!   produced by C++ Nix 2.8's `nix-instantiate --eval --strict`; the file
//!   header of each `.nix` says where the expectation differs and why);
//! - `NAME.err`: the command must exit 1, print nothing on stdout and
//!   something on stderr (the file holds the message C++ Nix gives, for
//!   the reader; it is not compared).
//!
//! The absolute path of `tests/builtins` is shown as `/pwd` in stdout.
//! `NIX_PATH` is removed from the environment. Each run has a time limit.

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

fn run(dir: &Path, file: &str) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tvix-eval"))
        .args(["--eval", "--strict", file])
        .current_dir(dir)
        .env_remove("NIX_PATH")
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
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if !needle.is_empty() && haystack[i..].starts_with(needle) {
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

/// Checks one test; `Err` describes the failure.
fn check(dir: &Path, name: &str) -> Result<(), String> {
    let expected = match fs::read(dir.join(format!("{name}.exp"))) {
        Ok(bytes) => Some(bytes),
        Err(_) if dir.join(format!("{name}.err")).exists() => None,
        Err(_) => return Err("no .exp or .err file".into()),
    };
    let result = run(dir, &format!("{name}.nix"))?;
    let stdout = replace_all(&result.stdout, dir.as_os_str().as_encoded_bytes(), b"/pwd");
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
                    "exit code {:?}, expected 1\n  stdout: {}\n  stderr: {}",
                    result.code,
                    show(&stdout),
                    show(&result.stderr)
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
        }
    }
    Ok(())
}

#[test]
fn builtin_goldens() {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/builtins");
    let dir = fs::canonicalize(&dir).expect("tests/builtins exists");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("tests/builtins is readable")
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

    // Run the tests on a few threads: some build large values.
    let names = std::sync::Arc::new(names);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (names, next, dir) = (names.clone(), next.clone(), dir.clone());
            thread::spawn(move || {
                let mut failures = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(name) = names.get(i) else { break };
                    if let Err(why) = check(&dir, name) {
                        failures.push(format!("{name}: {why}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker thread"))
        .collect();
    for failure in &failures {
        eprintln!("FAIL {failure}");
    }
    eprintln!(
        "builtin goldens: {} passed, {} failed",
        names.len() - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} builtin golden test(s) failed",
        failures.len()
    );
}
