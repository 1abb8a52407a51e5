//! The configuration of an example service, the shop's API, written in
//! Nix (`examples/config.nix`) and loaded into typed structs with
//! tvix-serde. `cargo run --release --example service-config` prints it.
//! [`reload`] keeps a configuration up to date with its files
//! (`cargo run --release --example reload`).

pub mod reload;

pub mod web;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The whole configuration of the service.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub name: String,
    pub listen: Listen,
    #[serde(default = "default_workers")]
    pub workers: u32,
    pub log: Log,
    #[serde(default)]
    pub tls: Tls,
    pub upstreams: Vec<Upstream>,
    #[serde(default)]
    pub routes: Vec<Route>,
    pub database: Database,
    /// `null`: no cache.
    pub cache: Option<Cache>,
    #[serde(default)]
    pub features: Vec<String>,
    /// Extra headers added to every response; none if left out.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

fn default_workers() -> u32 {
    1
}

#[derive(Deserialize, Debug)]
pub struct Listen {
    pub address: String,
    pub port: u16,
}

#[derive(Deserialize, Debug)]
pub struct Log {
    pub level: LogLevel,
    #[serde(default)]
    pub format: LogFormat,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
}

#[derive(Deserialize, Debug, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// How TLS certificates are obtained: `"Off"`,
/// `{ Files = { cert = ...; key = ...; }; }` or `{ Acme = { ... }; }`.
#[derive(Deserialize, Debug, Default)]
pub enum Tls {
    #[default]
    Off,
    Files {
        cert: PathBuf,
        key: PathBuf,
    },
    Acme {
        email: String,
        domains: Vec<String>,
    },
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Upstream {
    pub name: String,
    pub url: String,
    pub port: u16,
    pub weight: u8,
    pub health_check: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub prefix: String,
    pub upstream: String,
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// Left out: the server's default number of retries.
    pub retries: Option<u8>,
}

fn default_timeout() -> u32 {
    30
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Database {
    pub url: String,
    pub pool_size: u16,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct Cache {
    pub url: String,
    pub ttl_seconds: u32,
}

/// What running the example prints, and whether it succeeded.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub success: bool,
}

/// Loads the configuration at `path` and renders it (or the error) the
/// way the example prints it: the configuration on stdout; warnings and
/// errors on stderr.
pub fn run(path: &Path) -> Outcome {
    let mut stderr = String::new();
    match tvix_serde::load_file::<Config, _>(path, |builder| builder) {
        Ok(loaded) => {
            for warning in &loaded.warnings {
                let _ = writeln!(stderr, "{warning}");
            }
            Outcome {
                stdout: format!("{:#?}\n", loaded.value),
                stderr,
                success: true,
            }
        }
        Err(error) => {
            for warning in error.warnings() {
                let _ = writeln!(stderr, "{warning}");
            }
            let _ = writeln!(stderr, "{error}");
            Outcome {
                stdout: String::new(),
                stderr,
                success: false,
            }
        }
    }
}
