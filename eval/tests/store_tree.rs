//! Store paths of file trees that a repository checkout may not keep
//! faithfully (symlinks, dangling symlinks, executable bits, empty
//! directories): the test makes the tree in a temporary directory, puts
//! `store_tree/test.nix` next to it, runs the command line there and
//! compares with `store_tree/test.exp` (stdout) and
//! `store_tree/test.stderr.exp` (the filter's traces), recorded from
//! C++ Nix 2.8 on the same tree.

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/store_tree");

fn write(path: &Path, contents: &str, mode: u32) {
    fs::write(path, contents).expect("write fixture file");
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("set mode");
}

/// The tree C++ Nix hashed: `root/` with a plain file, an executable
/// script, a symlink to the file, a dangling symlink, an empty
/// directory and nested directories with an executable empty file.
fn make_tree() -> PathBuf {
    let base = std::env::temp_dir().join(format!("tvix-store-tree-{}", std::process::id()));
    let _ = fs::remove_dir_all(&base);
    let root = base.join("root");
    fs::create_dir_all(root.join("dir/deeper")).expect("create fixture directories");
    fs::create_dir_all(root.join("emptydir")).expect("create empty directory");
    write(&root.join("plain.txt"), "plain\n", 0o644);
    write(&root.join("run.sh"), "#!/bin/sh\necho hi\n", 0o755);
    write(&root.join("dir/inner.txt"), "inner", 0o644);
    write(&root.join("dir/deeper/x"), "", 0o700);
    symlink("plain.txt", root.join("link")).expect("symlink");
    symlink("does/not/exist", root.join("dangling")).expect("dangling symlink");
    fs::copy(Path::new(DIR).join("test.nix"), base.join("test.nix")).expect("copy test.nix");
    base
}

#[test]
fn store_paths_of_trees_match_nix() {
    let base = make_tree();
    let output = Command::new(env!("CARGO_BIN_EXE_tvix-eval"))
        .args(["--eval", "--strict", "test.nix"])
        .current_dir(&base)
        .env_remove("NIX_STORE_DIR")
        .output()
        .expect("run tvix-eval");
    let _ = fs::remove_dir_all(&base);
    let expected = fs::read_to_string(Path::new(DIR).join("test.exp")).expect("test.exp");
    let expected_stderr =
        fs::read_to_string(Path::new(DIR).join("test.stderr.exp")).expect("test.stderr.exp");
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected_stderr);
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    assert!(output.status.success());
}
