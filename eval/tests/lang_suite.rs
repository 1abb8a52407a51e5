//! Runs the Nix language test suite (the `tests/functional/lang` cases of
//! C++ Nix, see `NOTICE.md` in the suite directory) against the `tvix-eval`
//! binary. This file owns the harness only: test discovery, running the CLI,
//! comparing results and the known-failures bookkeeping in
//! `tests/lang_suite_known_failures.txt`.
//!
//! - `parse-okay-*` / `parse-fail-*`: `tvix-eval --parse FILE` must exit 0 / 1.
//! - `eval-okay-*`: `tvix-eval FLAGS --eval --strict FILE` must exit 0 and
//!   print exactly `.exp` (`.exp-disabled`: skipped); where there is an
//!   `.err.exp`, stderr must be exactly that too (traces and warnings).
//!   With `.exp.xml`, `tvix-eval FLAGS --eval --strict --xml --no-location
//!   FILE` must print exactly that, as in the reference driver.
//! - `eval-fail-*`: same command, must exit 1 with something on stderr.
//!
//! FLAGS come from `FILE.flags`; `lang/` in them means the suite directory.
//! Like the reference driver, the environment has `TEST_VAR=foo`,
//! `HOME=/fake-home` and `NIX_PATH=<suite>/dir3:<suite>/dir4`, and the suite
//! directory is shown as `/pwd/lang` (and its parent as `/pwd`) in stdout
//! before comparing. The tests run on a copy of the suite named `lang`,
//! with the symlinks the snapshot keeps as plain files restored
//! (`support/lang_copy.rs`).
//!
//! Environment: `NIX_LANG_TESTS` (suite dir, default `../shared/nix-lang-tests`
//! next to the workspace), `TVIX_EVAL_BIN` (binary override),
//! `LANG_SUITE_FILTER` (substring; a positional argument works too),
//! `LANG_SUITE_TIMEOUT` (seconds per test, default 30), `LANG_SUITE_JOBS`,
//! `LANG_SUITE_WRITE_KNOWN_FAILURES=1` (rewrite the known-failures file).

#[path = "support/lang_copy.rs"]
mod lang_copy;

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

const KNOWN_FAILURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/lang_suite_known_failures.txt"
);
const KINDS: [&str; 4] = ["parse-okay-", "parse-fail-", "eval-okay-", "eval-fail-"];
/// Cap on captured stdout/stderr per stream; the rest is drained and dropped.
const MAX_OUTPUT: u64 = 16 << 20;
/// At most this many unexpected results are printed with details.
const MAX_DETAILED: usize = 60;

enum Outcome {
    Pass,
    Fail(String),
    Skip(&'static str),
}

struct Config {
    bin: PathBuf,
    suite: PathBuf,
    /// Spellings of the suite directory that are shown as `/pwd/lang`.
    suite_spellings: Vec<Vec<u8>>,
    timeout: Duration,
}

fn main() -> ExitCode {
    match run_suite() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("lang_suite: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.is_empty())
}

fn env_num(name: &str, default: u64) -> Result<u64, String> {
    env_var(name).map_or(Ok(default), |v| {
        v.parse().map_err(|_| format!("bad {name}={v:?}"))
    })
}

fn run_suite() -> Result<bool, String> {
    let suite_dir = env_var("NIX_LANG_TESTS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/nix-lang-tests"),
        PathBuf::from,
    );
    let Ok(suite) = fs::canonicalize(&suite_dir) else {
        let msg = format!(
            "Nix language test suite not found at {}",
            suite_dir.display()
        );
        if env_var("CI").is_some_and(|v| v == "true" || v == "1") {
            return Err(format!("{msg} (required when CI=true)"));
        }
        println!("{msg}; skipping (set NIX_LANG_TESTS to its location)");
        return Ok(true);
    };
    // Tests run on a copy with the snapshot's symlinks restored.
    let copy = lang_copy::working_copy(&suite)
        .map_err(|e| format!("copying the suite from {}: {e}", suite.display()))?;
    let suite = fs::canonicalize(&copy).unwrap_or_else(|_| copy.clone());
    // The evaluator may print the path as given or with symlinks resolved.
    let mut suite_spellings = vec![suite.clone().into_os_string().into_encoded_bytes()];
    suite_spellings.push(copy.into_os_string().into_encoded_bytes());
    suite_spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    suite_spellings.dedup();
    let cfg = Config {
        bin: env_var("TVIX_EVAL_BIN")
            .map_or_else(|| env!("CARGO_BIN_EXE_tvix-eval").into(), PathBuf::from),
        suite,
        suite_spellings,
        timeout: Duration::from_secs(env_num("LANG_SUITE_TIMEOUT", 30)?),
    };
    if !cfg.bin.is_file() {
        return Err(format!("evaluator binary {} not found", cfg.bin.display()));
    }
    let filter =
        env_var("LANG_SUITE_FILTER").or_else(|| env::args().skip(1).find(|a| !a.starts_with('-')));
    let write_known = env_var("LANG_SUITE_WRITE_KNOWN_FAILURES").is_some_and(|v| v != "0");
    let cores = thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    let jobs = env_num("LANG_SUITE_JOBS", cores as u64)?.max(1);

    let all = discover(&cfg.suite)?;
    let tests: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|name| filter.as_ref().is_none_or(|f| name.contains(f.as_str())))
        .collect();
    let known = load_known_failures()?;
    println!(
        "lang_suite: {} tests from {} with {} ({jobs} jobs, {}s timeout)",
        tests.len(),
        cfg.suite.display(),
        cfg.bin.display(),
        cfg.timeout.as_secs()
    );

    // A small pool of workers pulling test indices from a shared counter.
    let next = AtomicUsize::new(0);
    let results: Vec<(usize, Outcome)> = thread::scope(|s| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(name) = tests.get(i) else { break };
                        done.push((i, run_test(&cfg, name)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    lang_copy::remove(&cfg.suite);

    let (mut passed, mut skipped, mut known_failed) = (0, 0, 0);
    let mut skip_reasons: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut unexpected, mut failing): (Vec<(&str, String)>, Vec<&str>) = (vec![], vec![]);
    let mut outcomes: Vec<Option<Outcome>> = (0..tests.len()).map(|_| None).collect();
    for (i, outcome) in results {
        outcomes[i] = Some(outcome);
    }
    for (name, outcome) in tests.iter().copied().zip(outcomes) {
        let listed = known.contains_key(name);
        match outcome.unwrap_or(Outcome::Fail("harness worker died".into())) {
            Outcome::Skip(reason) => {
                skipped += 1;
                *skip_reasons.entry(reason).or_default() += 1;
            }
            Outcome::Pass if listed => {
                let reason = "now passes; remove it from the known-failures list";
                unexpected.push((name, reason.into()));
            }
            Outcome::Pass => passed += 1,
            Outcome::Fail(_) if listed => {
                failing.push(name);
                known_failed += 1;
            }
            Outcome::Fail(reason) => {
                failing.push(name);
                unexpected.push((name, reason));
            }
        }
    }
    for name in known.keys().filter(|n| !all.contains(n)) {
        println!("warning: known failure {name} is not a test in the suite");
    }

    if write_known {
        // Tests not run this time (filter) keep their previous listing.
        let mut names: Vec<&str> = all
            .iter()
            .map(String::as_str)
            .filter(|n| !tests.contains(n) && known.contains_key(*n))
            .collect();
        names.extend(&failing);
        names.sort_unstable();
        write_known_failures(&names, &known)?;
        println!("wrote {} entries to {KNOWN_FAILURES}", names.len());
        (known_failed, unexpected) = (failing.len(), Vec::new());
    }
    for (i, (name, reason)) in unexpected.iter().enumerate() {
        match i < MAX_DETAILED {
            true => println!("FAIL {name}: {}", reason.replace('\n', "\n    ")),
            false => println!("FAIL {name}"),
        }
    }
    let reasons: Vec<String> = skip_reasons
        .iter()
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    if !reasons.is_empty() {
        println!("skipped: {}", reasons.join(", "));
    }
    println!("known failures: {known_failed}");
    println!(
        "{passed} passed, {} failed, {skipped} skipped",
        unexpected.len()
    );
    Ok(unexpected.is_empty())
}

/// Lists the suite's test cases (`<kind>-*.nix`), sorted by name.
fn discover(suite: &Path) -> Result<Vec<String>, String> {
    let read_err = |e: io::Error| format!("reading {}: {e}", suite.display());
    let mut tests = Vec::new();
    for entry in fs::read_dir(suite).map_err(read_err)? {
        let file = entry.map_err(read_err)?.file_name();
        let name = file.to_str().and_then(|f| f.strip_suffix(".nix"));
        if let Some(name) = name.filter(|n| KINDS.iter().any(|k| n.starts_with(k))) {
            tests.push(name.to_string());
        }
    }
    tests.sort();
    Ok(tests)
}

fn run_test(cfg: &Config, name: &str) -> Outcome {
    let with_ext = |ext: &str| cfg.suite.join(format!("{name}{ext}"));
    let mut expected = None;
    let mut expected_xml = None;
    let mut expected_stderr = None;
    if name.starts_with("eval-okay-") {
        let read = |ext: &str| match fs::read(with_ext(ext)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Outcome::Fail(format!("reading {ext}: {e}"))),
        };
        let (exp, xml, err) = match (read(".exp"), read(".exp.xml"), read(".err.exp")) {
            (Ok(exp), Ok(xml), Ok(err)) => (exp, xml, err),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return e,
        };
        if exp.is_none() && xml.is_none() {
            if with_ext(".exp-disabled").exists() {
                return Outcome::Skip("disabled");
            }
            return Outcome::Fail("no .exp file".into());
        }
        (expected, expected_xml, expected_stderr) = (exp, xml, err);
    }
    if expected.is_some() || expected_xml.is_none() {
        let outcome = run_once(cfg, name, &[], expected, expected_stderr.as_deref());
        if expected_xml.is_none() || !matches!(outcome, Outcome::Pass) {
            return outcome;
        }
    }
    let xml_flags = ["--xml", "--no-location"];
    run_once(
        cfg,
        name,
        &xml_flags,
        expected_xml,
        expected_stderr.as_deref(),
    )
}

/// Shows the suite directory as `/pwd/lang` (and its parent as `/pwd`),
/// as the reference runs it.
fn normalise_paths(cfg: &Config, output: Vec<u8>) -> Vec<u8> {
    let output = cfg
        .suite_spellings
        .iter()
        .fold(output, |out, from| replace(&out, from, b"/pwd/lang"));
    cfg.suite_spellings.iter().fold(output, |out, from| {
        match from.iter().rposition(|&b| b == b'/') {
            Some(cut) if cut > 0 => replace(&out, &from[..cut], b"/pwd"),
            _ => out,
        }
    })
}

/// Runs the test once with `extra` flags; compares stdout with `expected`
/// and stderr with `expected_stderr` when given.
fn run_once(
    cfg: &Config,
    name: &str,
    extra: &[&str],
    expected: Option<Vec<u8>>,
    expected_stderr: Option<&[u8]>,
) -> Outcome {
    let with_ext = |ext: &str| cfg.suite.join(format!("{name}{ext}"));
    let (parse, should_fail) = (name.starts_with("parse-"), name.contains("-fail-"));
    let mut cmd = Command::new(&cfg.bin);
    if parse {
        cmd.arg("--parse");
    } else {
        match fs::read_to_string(with_ext(".flags")) {
            Ok(flags) => {
                let words = flags
                    .lines()
                    .flat_map(|l| l.split('#').next().unwrap_or("").split_whitespace())
                    // `--eval --strict` is always passed below; don't duplicate it.
                    .filter(|w| *w != "--eval" && *w != "--strict");
                cmd.args(words.map(|w| rewrite_lang(w, &cfg.suite)));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Outcome::Fail(format!("reading .flags: {e}")),
        }
        cmd.args(["--eval", "--strict"]).args(extra);
    }
    cmd.arg(with_ext(".nix"))
        .current_dir(cfg.suite.parent().unwrap_or(&cfg.suite))
        .env("TEST_VAR", "foo")
        .env("HOME", "/fake-home")
        .env(
            "NIX_PATH",
            format!("{0}/dir3:{0}/dir4", cfg.suite.display()),
        )
        .env_remove("NO_SUCH_VAR");

    let (status, stdout, stderr) = match run_with_timeout(&mut cmd, cfg.timeout) {
        Ok(Some(r)) => r,
        Ok(None) => return Outcome::Fail(format!("timed out after {}s", cfg.timeout.as_secs())),
        Err(e) => return Outcome::Fail(format!("could not run {}: {e}", cfg.bin.display())),
    };
    let Some(code) = status.code() else {
        let sig = status.signal().map_or("?".into(), |s| s.to_string());
        let err = excerpt("stderr", &stderr);
        return Outcome::Fail(format!("killed by signal {sig}\n{err}"));
    };
    let want = i32::from(should_fail);
    if code != want {
        let out = match code {
            0 => excerpt("stdout", &stdout),
            _ => excerpt("stderr", &stderr),
        };
        return Outcome::Fail(format!("exit code {code}, expected {want}\n{out}"));
    }
    if should_fail && String::from_utf8_lossy(&stderr).trim().is_empty() {
        return Outcome::Fail("exit code 1 but nothing on stderr".into());
    }
    let Some(exp) = expected else {
        return Outcome::Pass;
    };
    let actual = normalise_paths(cfg, stdout);
    if actual != exp {
        return Outcome::Fail(first_difference("stdout", &exp, &actual));
    }
    match expected_stderr {
        Some(exp) if normalise_paths(cfg, stderr.clone()) != exp => Outcome::Fail(
            first_difference("stderr", exp, &normalise_paths(cfg, stderr)),
        ),
        _ => Outcome::Pass,
    }
}

/// Replaces `lang/` at the start of a path in a flag word (`lang/dir1`,
/// `dir5=lang/dir3`, `import(lang/lib.nix)`) with the suite directory.
fn rewrite_lang(word: &str, suite: &Path) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (pos, _) in word.match_indices("lang/") {
        let prev = word[..pos].chars().next_back();
        if prev.is_none_or(|c| !(c.is_alphanumeric() || "_-./".contains(c))) {
            out.push_str(&word[last..pos]);
            out.push_str(&format!("{}/", suite.display()));
            last = pos + "lang/".len();
        }
    }
    out + &word[last..]
}

fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while !rest.is_empty() {
        if !from.is_empty() && rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = &rest[from.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

fn truncate(line: &str) -> String {
    match line.char_indices().nth(200) {
        Some((i, _)) => format!("{}...", &line[..i]),
        None => line.to_string(),
    }
}

/// First few non-blank lines of a stream, each cut to a sane length.
fn excerpt(label: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .map(truncate)
        .collect();
    match lines.is_empty() {
        true => format!("({label} empty)"),
        false => format!("{label}: {}", lines.join("\n")),
    }
}

fn first_difference(stream: &str, expected: &[u8], actual: &[u8]) -> String {
    let (exp, act) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let (exp, act): (Vec<&str>, Vec<&str>) = (exp.split('\n').collect(), act.split('\n').collect());
    let line = (0..exp.len().max(act.len()))
        .find(|&i| exp.get(i) != act.get(i))
        .unwrap_or(0);
    let show =
        |l: Option<&&str>| l.map_or("<end of output>".into(), |l| format!("{:?}", truncate(l)));
    format!(
        "{stream} differs from the expected output at line {}\n  expected: {}\n  actual:   {}",
        line + 1,
        show(exp.get(line)),
        show(act.get(line))
    )
}

/// Exit status, stdout and stderr of a finished process.
type Finished = (ExitStatus, Vec<u8>, Vec<u8>);

/// Runs `cmd`, returning `None` if it had to be killed after `timeout`.
fn run_with_timeout(cmd: &mut Command, timeout: Duration) -> io::Result<Option<Finished>> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let status = wait_with_timeout(&mut child, timeout);
    if status.is_err() {
        let _ = child.kill();
    }
    // Normally the pipes close when the child exits, but a stray grandchild
    // could keep them open: don't wait for the readers forever.
    let deadline = Instant::now() + Duration::from_secs(5);
    let collect = |rx: Option<Receiver<Vec<u8>>>| {
        let left = deadline.saturating_duration_since(Instant::now());
        rx.and_then(|rx| rx.recv_timeout(left).ok())
            .unwrap_or_default()
    };
    let (stdout, stderr) = (collect(stdout), collect(stderr));
    Ok(status?.map(|status| (status, stdout, stderr)))
}

fn wait_with_timeout(child: &mut Child, timeout: Duration) -> io::Result<Option<ExitStatus>> {
    let start = Instant::now();
    let mut nap = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        thread::sleep(nap);
        nap = (nap * 2).min(Duration::from_millis(20));
    }
}

/// Reads a pipe on its own thread (so the child never blocks on a full pipe).
fn drain(mut pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut pipe).take(MAX_OUTPUT).read_to_end(&mut buf);
        let _ = io::copy(&mut pipe, &mut io::sink());
        let _ = tx.send(buf);
    });
    rx
}

/// Known failures: name -> trailing comment (kept when the file is rewritten).
fn load_known_failures() -> Result<BTreeMap<String, String>, String> {
    let text = match fs::read_to_string(KNOWN_FAILURES) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("reading {KNOWN_FAILURES}: {e}")),
    };
    let mut known = BTreeMap::new();
    for line in text.lines() {
        let (entry, comment) = line.split_once('#').unwrap_or((line, ""));
        if let Some(name) = entry.split_whitespace().next() {
            known.insert(name.to_string(), comment.trim().to_string());
        }
    }
    Ok(known)
}

fn write_known_failures(names: &[&str], old: &BTreeMap<String, String>) -> Result<(), String> {
    let mut text = String::from(
        "# Nix language suite tests that tvix-eval does not pass yet (see lang_suite.rs).\n\
         # One test name per line; `#` starts a comment. Regenerate with\n\
         #   LANG_SUITE_WRITE_KNOWN_FAILURES=1 cargo test -p tvix-eval --release --test lang_suite\n",
    );
    for name in names {
        match old.get(*name).filter(|c| !c.is_empty()) {
            Some(comment) => text.push_str(&format!("{name} # {comment}\n")),
            None => text.push_str(&format!("{name}\n")),
        }
    }
    fs::write(KNOWN_FAILURES, text).map_err(|e| format!("writing {KNOWN_FAILURES}: {e}"))
}
