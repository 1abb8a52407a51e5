//! Evaluating a text written by `to_string` with C++ Nix
//! (`nix-instantiate`, when it is on `PATH`) and comparing the result
//! with what the Rust value is.
//!
//! `nix-instantiate --json` of Nix 2.8 prints floats with six significant
//! digits and integral floats without a dot, so the JSON it prints is
//! compared with `serde_json::to_value` of the Rust value with floats
//! within a relative 1e-5 (or equal as `f32`: an `f32` is written with
//! its own shortest digits, `1.0e-45` for the smallest) and integers and
//! floats alike. Exactness is
//! checked inside Nix: the value must `==` (exactly, floats included)
//! tvix-eval's reading of the same text, passed through `fromJSON`, and
//! have the Nix types (`int`, `float`, ...) the Rust value has.

use serde::Serialize;
use serde_json::Value as Json;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whether `nix-instantiate` can be run.
pub fn available() -> bool {
    Command::new("nix-instantiate")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Says that a test is skipped because C++ Nix is missing.
pub fn skip(test: &str) {
    eprintln!("{test}: skipped, nix-instantiate is not on PATH");
}

fn scratch_dir() -> std::path::PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tvix-serde-nix-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

const CHECK: &str = r#"
let
  v = import ./value.nix;
  tvix = builtins.fromJSON (builtins.readFile ./tvix.json);
  types = x:
    if builtins.isAttrs x then builtins.mapAttrs (_: types) x
    else if builtins.isList x then map types x
    else builtins.typeOf x;
in { value = v; same = v == tvix; types = types v; }
"#;

/// The Nix type of every value in `json`, as `builtins.typeOf` names it.
fn types(json: &Json) -> Json {
    match json {
        Json::Null => "null".into(),
        Json::Bool(_) => "bool".into(),
        Json::Number(n) if n.is_f64() => "float".into(),
        Json::Number(_) => "int".into(),
        Json::String(_) => "string".into(),
        Json::Array(items) => Json::Array(items.iter().map(types).collect()),
        Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), types(v))).collect()),
    }
}

/// Whether `nix`, as Nix 2.8 prints it, shows `rust`.
fn same_json(nix: &Json, rust: &Json) -> bool {
    match (nix, rust) {
        (Json::Number(a), Json::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) => a == b,
            _ => {
                let (a, b) = (
                    a.as_f64().unwrap_or(f64::NAN),
                    b.as_f64().unwrap_or(f64::NAN),
                );
                // An `f32` is written with its shortest digits, which may
                // be far from its exact value when it is subnormal.
                a == b || (a - b).abs() <= 1e-5 * a.abs().max(b.abs()) || a as f32 == b as f32
            }
        },
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_json(a, b))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| same_json(v, w)))
        }
        (a, b) => a == b,
    }
}

/// Evaluates `to_string(value)` with C++ Nix and checks it against the
/// value; the error says what differs.
pub fn check<T: Serialize + ?Sized>(value: &T) -> Result<(), String> {
    let text = tvix_serde::to_string(value).map_err(|e| format!("to_string: {e}"))?;
    let expected = serde_json::to_value(value).map_err(|e| format!("to_value: {e}"))?;
    check_text(&text, &expected)
}

/// Evaluates `text` with C++ Nix and checks it against `expected`, the
/// JSON of the Rust value it was written from.
pub fn check_text(text: &str, expected: &Json) -> Result<(), String> {
    let tvix: Json =
        tvix_serde::from_str(text).map_err(|e| format!("tvix reading:\n{e}\n{text}"))?;
    let dir = scratch_dir();
    let write = |name: &str, contents: &str| {
        std::fs::write(dir.join(name), contents).map_err(|e| format!("writing {name}: {e}"))
    };
    write("value.nix", text)?;
    write("tvix.json", &tvix.to_string())?;
    write("check.nix", CHECK)?;
    let out = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json", "--readonly-mode"])
        .arg(dir.join("check.nix"))
        .output()
        .map_err(|e| format!("running nix-instantiate: {e}"))?;
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        return Err(format!(
            "nix-instantiate failed:\n{}\non:\n{text}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let result: Json =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("nix-instantiate's JSON: {e}"))?;
    if !same_json(&result["value"], expected) {
        return Err(format!(
            "C++ Nix reads\n{}\nfor\n{expected}\nfrom:\n{text}",
            result["value"]
        ));
    }
    if result["same"] != Json::Bool(true) {
        return Err(format!(
            "C++ Nix and tvix-eval read different values from:\n{text}"
        ));
    }
    if result["types"] != types(expected) {
        return Err(format!(
            "C++ Nix types\n{}\nfor\n{}\nfrom:\n{text}",
            result["types"],
            types(expected)
        ));
    }
    Ok(())
}
