//! The second example: a web service whose configuration is written with
//! nixpkgs lib's module system (`examples/modules/`). `schema.nix`
//! declares the options with `lib.types` and defaults, a user's module
//! (`config.nix`) sets some of them with `mkIf`, `mkDefault` and
//! `mkForce`, `eval.nix` merges them with `lib.evalModules`, and
//! tvix-serde loads the merged `config` into the structs below.
//!
//! The program gives nixpkgs lib to the configuration as the search path
//! entry `<nixpkgs-lib>`, and evaluation may read only that directory and
//! the configuration's. `cargo run --release --example module-config`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The merged configuration: what `lib.evalModules` returns as `config`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct WebConfig {
    pub services: Services,
    pub database: Database,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Services {
    pub web: Web,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Web {
    pub enable: bool,
    pub port: u16,
    pub workers: u32,
    pub log_level: LogLevel,
    pub virtual_hosts: BTreeMap<String, VirtualHost>,
    pub extra_headers: BTreeMap<String, String>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VirtualHost {
    pub server_name: String,
    pub root: PathBuf,
    pub aliases: Vec<String>,
    pub tls: bool,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Database {
    pub url: String,
    pub pool_size: u8,
}

/// Where nixpkgs lib's `lib` directory is: `NIXPKGS_LIB` (the library's
/// root, as the tests use it) or `../shared/nixpkgs-lib` beside the
/// workspace.
pub fn nixpkgs_lib() -> PathBuf {
    let root = std::env::var_os("NIXPKGS_LIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/nixpkgs-lib"));
    root.join("lib")
}

/// Evaluates the user's module `configuration` against the schema with
/// nixpkgs lib at `lib` (the directory holding its `default.nix`), and
/// loads the merged configuration.
pub fn load(configuration: &Path, lib: &Path) -> Result<WebConfig, tvix_serde::Error> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("modules");
    let configuration =
        std::path::absolute(configuration).unwrap_or_else(|_| configuration.to_path_buf());
    let configuration_dir = configuration
        .parent()
        .unwrap_or(Path::new("/"))
        .to_path_buf();
    tvix_serde::from_file_with_config(modules.join("eval.nix"), |builder| {
        builder
            .search_path_entry(Some("nixpkgs-lib".to_string()), lib)
            .allow_path(lib)
            .allow_path(configuration_dir)
            .arg_str("configuration", configuration.display().to_string())
    })
}

/// Loads `configuration` and renders the result (or the error) the way
/// the example prints it.
pub fn run(configuration: &Path, lib: &Path) -> crate::Outcome {
    match load(configuration, lib) {
        Ok(config) => crate::Outcome {
            stdout: format!("{config:#?}\n"),
            stderr: String::new(),
            success: true,
        },
        Err(error) => {
            let mut stderr = String::new();
            let _ = writeln!(stderr, "{error}");
            crate::Outcome {
                stdout: String::new(),
                stderr,
                success: false,
            }
        }
    }
}
