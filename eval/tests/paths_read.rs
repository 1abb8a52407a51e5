//! `EvaluationResult::paths_read` and `env_vars_read`: every file and
//! directory an evaluation read or looked at, and every environment
//! variable it looked up, in first-use order, without repetition, with
//! symbolic links resolved; whether the evaluation succeeded or not.

use std::path::{Path, PathBuf};
use tvix_eval::{Evaluation, EvaluationResult};

/// A fresh directory, with symbolic links resolved (the recorded paths
/// are).
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-paths-read-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    std::fs::canonicalize(&dir).expect("canonical directory")
}

fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("directory");
    }
    std::fs::write(path, contents).expect("write file");
}

fn evaluate_file(
    main: &Path,
    configure: impl FnOnce(tvix_eval::EvaluationBuilder) -> tvix_eval::EvaluationBuilder,
) -> EvaluationResult {
    let source = std::fs::read_to_string(main).expect("read main file");
    configure(Evaluation::builder().source_file(main))
        .build()
        .evaluate(&source)
}

#[test]
fn every_kind_of_read_in_first_use_order() {
    let dir = temp_dir("kinds");
    write(&dir.join("lib.nix"), "{ x = 1; }");
    write(&dir.join("data.txt"), "text");
    write(&dir.join("pkg/default.nix"), "2");
    write(&dir.join("entries/a"), "");
    let main = dir.join("main.nix");
    write(
        &main,
        r#"[
          (import ./lib.nix).x
          (import ./lib.nix).x
          (builtins.readFile ./data.txt)
          (import ./pkg)
          (builtins.attrNames (builtins.readDir ./entries))
          (builtins.pathExists ./optional.nix)
          (builtins.readFileType ./data.txt)
        ]"#,
    );
    let result = evaluate_file(&main, |b| b.allow_path(&dir));
    assert!(result.errors.is_empty(), "{}", result.render_errors(false));
    assert_eq!(
        result.paths_read,
        [
            dir.join("lib.nix"),
            dir.join("data.txt"),
            dir.join("pkg"),
            dir.join("pkg/default.nix"),
            dir.join("entries"),
            dir.join("optional.nix"),
        ]
    );
    assert!(result.env_vars_read.is_empty());
}

#[test]
fn paths_are_resolved_and_normalised() {
    let dir = temp_dir("resolved");
    write(&dir.join("real/value.nix"), "3");
    let main = dir.join("main.nix");
    write(
        &main,
        "import ./sub/../real/value.nix + import ./link/value.nix",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).expect("symlink");
    #[cfg(not(unix))]
    write(&dir.join("link/value.nix"), "3");
    let result = evaluate_file(&main, |b| b.file_access(true));
    assert!(result.errors.is_empty(), "{}", result.render_errors(false));
    #[cfg(unix)]
    assert_eq!(result.paths_read, [dir.join("real/value.nix")]);
}

#[test]
fn a_failed_evaluation_lists_what_it_read_up_to_the_failure() {
    let dir = temp_dir("failed");
    write(&dir.join("broken.nix"), "{ port = 1 + true; }");
    let main = dir.join("main.nix");
    write(
        &main,
        "let broken = import ./broken.nix; in if broken.port > 0 then import ./never.nix else 0",
    );
    let result = evaluate_file(&main, |b| b.allow_path(&dir));
    assert!(result.value.is_none());
    assert_eq!(result.paths_read, [dir.join("broken.nix")]);
    // A missing import is listed: creating it changes the result.
    write(&main, "import ./missing.nix");
    let result = evaluate_file(&main, |b| b.allow_path(&dir));
    assert!(result.value.is_none());
    assert_eq!(result.paths_read, [dir.join("missing.nix")]);
}

#[test]
fn refused_paths_are_not_listed() {
    let dir = temp_dir("refused");
    write(
        &dir.join("inside/main.nix"),
        "builtins.pathExists ../outside.nix",
    );
    write(&dir.join("outside.nix"), "1");
    let result = evaluate_file(&dir.join("inside/main.nix"), |b| {
        b.allow_path(dir.join("inside"))
    });
    assert!(result.errors.is_empty(), "{}", result.render_errors(false));
    assert!(result.paths_read.is_empty(), "{:?}", result.paths_read);
    let pure = Evaluation::builder()
        .build()
        .evaluate("builtins.pathExists /etc");
    assert!(pure.paths_read.is_empty());
}

#[test]
fn search_path_candidates_are_listed() {
    let dir = temp_dir("search");
    write(&dir.join("second/lib/x.nix"), "4");
    let result = Evaluation::builder()
        .search_path_entry(None, dir.join("first"))
        .search_path_entry(None, dir.join("second"))
        .file_access(true)
        .build()
        .evaluate("import <lib/x.nix>");
    assert!(result.errors.is_empty(), "{}", result.render_errors(false));
    assert!(
        result.paths_read.contains(&dir.join("first/lib/x.nix")),
        "{:?}",
        result.paths_read
    );
    assert!(
        result.paths_read.contains(&dir.join("second/lib/x.nix")),
        "{:?}",
        result.paths_read
    );
}

#[test]
fn environment_variables_looked_up() {
    let src = r#"[ (builtins.getEnv "TVIX_PATHS_READ_A") (builtins.getEnv "TVIX_PATHS_READ_B") (builtins.getEnv "TVIX_PATHS_READ_A") ]"#;
    let impure = Evaluation::builder().impure(true).build().evaluate(src);
    assert_eq!(
        impure.env_vars_read,
        ["TVIX_PATHS_READ_A", "TVIX_PATHS_READ_B"]
    );
    // Pure evaluation hides the values, but the program still asked.
    let pure = Evaluation::builder().build().evaluate(src);
    assert_eq!(
        pure.env_vars_read,
        ["TVIX_PATHS_READ_A", "TVIX_PATHS_READ_B"]
    );
    // The evaluator's own look-ups are not the program's.
    let none = Evaluation::builder().impure(true).build().evaluate("1");
    assert!(none.env_vars_read.is_empty());
    assert!(none.paths_read.is_empty());
}
