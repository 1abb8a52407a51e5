//! The `.nix` files under a directory, for the tests and benchmarks that
//! run over a corpus (the parser differential test, the front-end
//! benchmark).

use std::path::{Path, PathBuf};

/// Appends the `.nix` files under `dir` to `out`, recursively, in sorted
/// order (so that runs and reports are repeatable). Unreadable
/// directories are passed over.
pub fn nix_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            nix_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "nix") {
            out.push(path);
        }
    }
}
