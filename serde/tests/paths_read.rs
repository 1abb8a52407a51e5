//! `Loaded::paths_read` and `env_vars_read`, and the same on `Error`:
//! what a load read, so that an application can watch it and load again.

use std::path::{Path, PathBuf};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-serde-reads-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    std::fs::canonicalize(&dir).expect("canonical directory")
}

fn write(path: &Path, contents: &str) {
    std::fs::write(path, contents).expect("write file");
}

#[derive(serde::Deserialize, Debug)]
struct Config {
    port: u16,
    motd: String,
}

#[test]
fn the_file_itself_then_what_it_read() {
    let dir = temp_dir("file");
    write(&dir.join("port.nix"), "8080");
    write(&dir.join("motd.txt"), "hello");
    write(
        &dir.join("config.nix"),
        r#"{ port = import ./port.nix; motd = builtins.readFile ./motd.txt; }"#,
    );
    let loaded = tvix_serde::load_file::<Config, _>(dir.join("config.nix"), |b| b).unwrap();
    assert_eq!(
        (loaded.value.port, loaded.value.motd.as_str()),
        (8080, "hello")
    );
    let mut paths = loaded.paths_read.clone();
    assert_eq!(paths.remove(0), dir.join("config.nix"));
    paths.sort();
    assert_eq!(paths, [dir.join("motd.txt"), dir.join("port.nix")]);
    assert!(loaded.env_vars_read.is_empty());
}

#[test]
fn a_relative_or_linked_path_is_recorded_resolved() {
    let dir = temp_dir("linked");
    write(&dir.join("real.nix"), r#"{ port = 1; motd = ""; }"#);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("real.nix"), dir.join("config.nix")).expect("symlink");
        let loaded = tvix_serde::load_file::<Config, _>(dir.join("./config.nix"), |b| b).unwrap();
        assert_eq!(loaded.paths_read, [dir.join("real.nix")]);
    }
}

#[test]
fn failed_loads_carry_what_they_read() {
    let dir = temp_dir("failed");
    let config = dir.join("config.nix");
    // The file is missing: it is still listed, to watch for it.
    let err = tvix_serde::from_file::<Config>(&config).unwrap_err();
    assert_eq!(err.category(), tvix_serde::Category::Io);
    assert_eq!(err.paths_read(), std::slice::from_ref(&config));
    // An evaluation error.
    write(
        &config,
        r#"{ port = import ./port.nix; motd = builtins.getEnv "MOTD"; }"#,
    );
    let err = tvix_serde::from_file::<Config>(&config).unwrap_err();
    assert_eq!(err.category(), tvix_serde::Category::Evaluation);
    assert!(
        err.paths_read().contains(&dir.join("port.nix")),
        "{:?}",
        err.paths_read()
    );
    // A value that does not fit.
    write(&dir.join("port.nix"), "70000");
    let err =
        tvix_serde::from_file_with_config::<Config, _>(&config, |b| b.impure(true)).unwrap_err();
    assert_eq!(err.category(), tvix_serde::Category::Data);
    assert_eq!(err.path(), Some("port"));
    assert_eq!(err.paths_read()[0], config);
    assert!(err.paths_read().contains(&dir.join("port.nix")));
    assert_eq!(err.env_vars_read(), ["MOTD"]);
}

#[test]
fn sources_given_as_text_list_only_what_they_read() {
    let dir = temp_dir("text");
    write(&dir.join("x.nix"), "1");
    let source = format!(
        r#"{{ port = import {}/x.nix; motd = builtins.getEnv "TVIX_SERDE_MOTD"; }}"#,
        dir.display()
    );
    let loaded = tvix_serde::load_str::<Config, _>(&source, |b| b.file_access(true)).unwrap();
    assert_eq!(loaded.paths_read, [dir.join("x.nix")]);
    assert_eq!(loaded.env_vars_read, ["TVIX_SERDE_MOTD"]);
}

#[test]
fn directories_existence_checks_and_variables_are_listed() {
    let dir = temp_dir("kinds");
    std::fs::create_dir_all(dir.join("conf.d")).expect("directory");
    write(&dir.join("conf.d/a.nix"), "");
    write(&dir.join("motd.txt"), "hello");
    write(
        &dir.join("config.nix"),
        r#"{
          port = builtins.length (builtins.attrNames (builtins.readDir ./conf.d))
            + (if builtins.pathExists ./local.nix then 1 else 0);
          motd = builtins.readFileType ./motd.txt + builtins.getEnv "TVIX_SERDE_UNSET";
        }"#,
    );
    let loaded = tvix_serde::load_file::<Config, _>(dir.join("config.nix"), |b| b).unwrap();
    assert_eq!(
        (loaded.value.port, loaded.value.motd.as_str()),
        (1, "regular")
    );
    // The file first, then the rest in the order the fields were forced.
    let mut paths = loaded.paths_read.clone();
    assert_eq!(paths.remove(0), dir.join("config.nix"));
    paths.sort();
    assert_eq!(
        paths,
        [
            dir.join("conf.d"),
            dir.join("local.nix"),
            dir.join("motd.txt")
        ]
    );
    assert_eq!(loaded.env_vars_read, ["TVIX_SERDE_UNSET"]);
}
