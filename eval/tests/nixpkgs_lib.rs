//! nixpkgs lib's own tests, run with `tvix-eval` standing in for
//! `nix-instantiate`, as the snapshot's `NOTICE.md` describes:
//!
//! - `lib/tests/misc.nix` and `lib/tests/systems.nix` evaluate to the list
//!   of failing tests (`[ ]` when all pass); each failing test is named;
//! - `lib/tests/modules.sh` runs the module-system tests, calling
//!   `nix-instantiate`, which a wrapper script forwards to `tvix-eval`;
//!   each failure is named by the line of `modules.sh` that checks it;
//! - `network.sh`, `filesystem.sh`, `debug.sh` and `sources.sh`, scripts
//!   that end with `tests ok` when all their tests pass (else the failure
//!   `(fails)`), calling `nix-instantiate` in the same way.
//!
//! What does not pass yet is listed, with its reason, in
//! `tests/nixpkgs_lib_known_failures.txt`; a test fails when anything else
//! fails or when a listed failure passes. The library is read from
//! `NIXPKGS_LIB` or `../shared/nixpkgs-lib` beside the workspace, and
//! nothing is written into it. Without it the tests say so and pass,
//! except under `CI=true`, where a missing library is a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

const KNOWN_FAILURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/nixpkgs_lib_known_failures.txt"
);
const TVIX_EVAL: &str = env!("CARGO_BIN_EXE_tvix-eval");
/// The name of the failure of a test program that does not evaluate.
const DOES_NOT_EVALUATE: &str = "(does-not-evaluate)";

/// The `lib/tests` directory, or `None` (after saying why) when the
/// library is missing outside CI.
fn lib_tests() -> Option<PathBuf> {
    let root = env::var_os("NIXPKGS_LIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/nixpkgs-lib"));
    let tests = root.join("lib/tests");
    if tests.is_dir() {
        return Some(tests);
    }
    let message = format!("nixpkgs lib not found at {}", root.display());
    if env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!("{message} (required when CI=true; set NIXPKGS_LIB)");
    }
    println!("{message}; skipping (set NIXPKGS_LIB to its location)");
    None
}

/// The known failures of one program (`misc.nix`, `systems.nix`,
/// `modules.sh`): lines `PROGRAM NAME # reason`.
fn known_failures(program: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(KNOWN_FAILURES).unwrap_or_default();
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter_map(|line| line.split_once(' '))
        .filter(|(p, _)| *p == program)
        .map(|(_, name)| name.trim().to_string())
        .collect()
}

/// Compares what failed with what is listed; panics with the differences.
fn check(program: &str, failed: BTreeSet<String>, details: &str) {
    let known = known_failures(program);
    let unexpected: Vec<&String> = failed.difference(&known).collect();
    let now_passing: Vec<&String> = known.difference(&failed).collect();
    println!(
        "{program}: {} failing ({} known)",
        failed.len(),
        known.len()
    );
    if !unexpected.is_empty() || !now_passing.is_empty() {
        panic!(
            "{program}: unexpected failures {unexpected:?}; listed as failing but passing \
             {now_passing:?} (update {KNOWN_FAILURES})\n{details}"
        );
    }
}

/// Runs a test program that evaluates to the list of its failing tests.
fn run_list_program(file: &str) {
    let Some(dir) = lib_tests() else { return };
    let output = Command::new(TVIX_EVAL)
        .args(["--eval", "--strict", "--json", file])
        .current_dir(&dir)
        .output()
        .unwrap_or_else(|e| panic!("running {TVIX_EVAL}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let failed = BTreeSet::from([DOES_NOT_EVALUATE.to_string()]);
        return check(file, failed, &stderr);
    }
    let failures: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{file}: the result is not JSON ({e})"));
    let Some(failures) = failures.as_array() else {
        panic!("{file}: the result is not a list: {failures}");
    };
    let names = failures
        .iter()
        .map(|f| match f.get("name").and_then(|n| n.as_str()) {
            Some(name) => name.to_string(),
            None => f.to_string(),
        })
        .collect();
    let details: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    check(file, names, &details.join("\n"));
}

#[test]
fn misc() {
    run_list_program("misc.nix");
}

#[test]
fn systems() {
    run_list_program("systems.nix");
}

/// A directory (one per script) holding a `nix-instantiate` that forwards
/// to `tvix-eval`,
/// translating the options `modules.sh` passes.
fn nix_instantiate_wrapper(script: &str) -> PathBuf {
    let dir = env::temp_dir().join(format!("tvix-nixpkgs-lib-{}-{script}", std::process::id()));
    let _ = fs::create_dir_all(&dir);
    let script = format!(
        r#"#!/usr/bin/env bash
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) shift 2; continue;;
    --eval-only) args+=(--eval);;
    --read-write-mode) ;;
    --option)
      if [ "$2" = abort-on-warn ] && [ "$3" = true ]; then args+=(--abort-on-warn); fi
      shift 3; continue;;
    *) args+=("$1");;
  esac
  shift
done
exec '{TVIX_EVAL}' "${{args[@]}}"
"#
    );
    let path = dir.join("nix-instantiate");
    fs::write(&path, script).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o755));
    }
    dir
}

/// Runs one of the shell test scripts of `lib/tests` with the wrapper
/// first on `PATH`; its exit status and its output (stdout then stderr).
fn run_script(dir: &Path, script: &str) -> (bool, String) {
    let wrapper = nix_instantiate_wrapper(script);
    let path = match env::var_os("PATH") {
        Some(p) => {
            let mut dirs = vec![wrapper.clone()];
            dirs.extend(env::split_paths(&p));
            env::join_paths(dirs).unwrap_or_else(|e| panic!("PATH: {e}"))
        }
        None => wrapper.clone().into_os_string(),
    };
    let output = Command::new("bash")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .unwrap_or_else(|e| panic!("running {script}: {e}"));
    let _ = fs::remove_dir_all(&wrapper);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    (output.status.success(), format!("{stdout}{stderr}"))
}

/// A script that prints `tests ok` and exits 0 when all its tests pass;
/// its failure is named `(fails)`.
fn run_all_or_nothing_script(script: &str) {
    let Some(dir) = lib_tests() else { return };
    let (success, output) = run_script(&dir, script);
    let failed = if success && output.contains("tests ok") {
        BTreeSet::new()
    } else {
        BTreeSet::from(["(fails)".to_string()])
    };
    check(script, failed, &output);
}

/// `lib.network`: IPv4/IPv6 parsing.
#[test]
fn network() {
    run_all_or_nothing_script("network.sh");
}

/// `lib.filesystem`: file types, `packagesFromDirectoryRecursive`, ...
#[test]
fn filesystem() {
    run_all_or_nothing_script("filesystem.sh");
}

/// `lib.debug`: traces and `runTests`.
#[test]
fn debug() {
    run_all_or_nothing_script("debug.sh");
}

/// `lib.sources`: source filtering (`cleanSource`, `sourceByRegex`, ...).
#[test]
fn sources() {
    run_all_or_nothing_script("sources.sh");
}

#[test]
fn modules() {
    let Some(dir) = lib_tests() else { return };
    let (_, all) = run_script(&dir, "modules.sh");
    // `TEST FAILED at modules.sh:LINE` (the colour codes around it aside).
    let failed: BTreeSet<String> = all
        .lines()
        .filter_map(|line| line.split("TEST FAILED").nth(1))
        .filter_map(|rest| rest.split(" at ").nth(1))
        .map(|place| place.trim().to_string())
        .collect();
    let summary: Vec<&str> = all
        .lines()
        .filter(|l| l.ends_with(" Pass") || l.ends_with(" Fail"))
        .collect();
    println!("modules.sh: {}", summary.join(", "));
    assert!(
        summary.iter().any(|l| l.ends_with(" Pass")),
        "modules.sh did not run to its summary:\n{all}"
    );
    check("modules.sh", failed, &all);
}
