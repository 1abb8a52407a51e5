//! A working copy of the language suite with its symlinks restored.
//!
//! The suite's snapshot stores its few symlinks as plain files that hold
//! the link target (what git checks out where symlinks are off), so the
//! tests about symlinks (`readDir`, `readFileType`, `pathExists`, symlink
//! resolution) cannot pass on it as it is. The harness runs on a copy in a
//! temporary directory named `lang`, as the reference driver's tests
//! expect, with each such file turned back into the symlink it stands for.
//! A suite whose symlinks are real is copied as it is.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The entries of the suite that are symlinks upstream, relative to it.
const SYMLINKS: [&str; 4] = [
    "readDir/ldir",
    "readDir/linked",
    "symlink-resolution/broken",
    "symlink-resolution/foo/overlays",
];

/// Copies `suite` to a fresh `lang` directory under the system's temporary
/// directory and restores [`SYMLINKS`]; returns the copy.
pub fn working_copy(suite: &Path) -> io::Result<PathBuf> {
    let root = std::env::temp_dir().join(format!("tvix-lang-suite-{}", std::process::id()));
    if root.exists() {
        fs::remove_dir_all(&root)?;
    }
    let copy = root.join("lang");
    copy_tree(suite, &copy)?;
    for link in SYMLINKS {
        let path = copy.join(link);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            let target = fs::read_to_string(&path)?;
            fs::remove_file(&path)?;
            std::os::unix::fs::symlink(target.trim_end_matches('\n'), &path)?;
        }
    }
    Ok(copy)
}

/// Removes the copy made by [`working_copy`] (with its parent).
pub fn remove(copy: &Path) {
    if let Some(root) = copy.parent() {
        let _ = fs::remove_dir_all(root);
    }
}

/// Copies a directory tree, keeping symlinks as symlinks and making every
/// copy writable (the snapshot may be read-only) so that it can be removed.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else {
            fs::copy(&source, &target)?;
            let mut permissions = fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            fs::set_permissions(&target, permissions)?;
        }
    }
    Ok(())
}
