//! Loads `../shared/bench/cases/config-data.nix` (7.5 MB of configuration
//! data) into typed structs with tvix-serde, and compares, in the same
//! run, with serde_json parsing the same data from `config-data.json`
//! and with `nix-instantiate --eval --strict --json` piped into
//! serde_json. Not a test: run it on a quiet machine with
//!
//!     cargo bench -p tvix-serde --bench config_data
//!
//! `CONFIG_DATA_DIR` overrides the directory of the data files (made by
//! `python3 ../shared/bench/gen-data.py`); `CONFIG_DATA_RUNS` the number
//! of runs (median reported, default 5; 3 for nix-instantiate).
//! `CONFIG_DATA_ONLY=tvix-serde` runs `from_file` alone, for a profiler.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator the `tvix-eval` command line uses too, with its options
/// (set at the start of `main`); an embedding application chooses its
/// own.
#[global_allocator]
static ALLOCATOR: tvix_serde::tvix_eval::allocator::MiMalloc =
    tvix_serde::tvix_eval::allocator::MiMalloc;

// The structs of `../shared/bench/serde-ref/src/main.rs`.

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Config {
    version: i64,
    cluster: Cluster,
    services: BTreeMap<String, Service>,
    users: Vec<User>,
    network: Network,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cluster {
    name: String,
    region: String,
    max_pods: i64,
    big_number: i64,
    negative: i64,
    ratio: f64,
    features: BTreeMap<String, bool>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Service {
    enable: bool,
    description: String,
    image: String,
    replicas: u32,
    port: u16,
    cpu: f64,
    memory: String,
    priority: i64,
    region: String,
    env: BTreeMap<String, String>,
    args: Vec<String>,
    labels: BTreeMap<String, String>,
    health_check: HealthCheck,
    volumes: Vec<Volume>,
    depends_on: Vec<String>,
    ports: Vec<u16>,
    weights: Vec<f64>,
    offsets: Vec<i64>,
    extra: Option<Extra>,
    schedule: Schedule,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HealthCheck {
    path: String,
    interval_seconds: u32,
    timeout_seconds: u32,
    failure_threshold: u32,
    enabled: bool,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Volume {
    name: String,
    mount_path: String,
    read_only: bool,
    size_gi: u32,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Extra {
    note: String,
    level: i64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Schedule {
    cron: String,
    timezone: String,
    retries: u32,
    backoff_seconds: u32,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct User {
    name: String,
    uid: u32,
    full_name: String,
    groups: Vec<String>,
    shell: String,
    is_admin: bool,
    ssh_keys: Vec<String>,
    quota_bytes: u64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Network {
    domain: String,
    hosts: BTreeMap<String, Host>,
    firewall: Firewall,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Host {
    ip: String,
    mac: String,
    tags: Vec<String>,
    rack: u32,
    online: bool,
    load: f64,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Firewall {
    #[serde(rename = "allowedTCPPorts")]
    allowed_tcp_ports: Vec<u16>,
    rules: Vec<Rule>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct Rule {
    from: String,
    to: String,
    ports: Vec<u16>,
    action: String,
    comment: String,
}

/// What a run loaded, to check that all three agree.
fn summary(config: &Config) -> (usize, usize, usize) {
    (
        config.services.len(),
        config.users.len(),
        config.network.hosts.len(),
    )
}

fn with_tvix_serde(dir: &Path) -> Result<Config, String> {
    tvix_serde::from_file(dir.join("config-data.nix")).map_err(|e| e.to_string())
}

fn with_serde_json(dir: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(dir.join("config-data.json")).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

fn with_nix_instantiate(dir: &Path) -> Result<Config, String> {
    let output = Command::new("nix-instantiate")
        .args(["--eval", "--strict", "--json"])
        .arg(dir.join("config-data.nix"))
        .output()
        .map_err(|e| format!("running nix-instantiate: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
}

/// The evaluating road timed in its two phases: evaluating the file
/// strictly, and deserialising the evaluated value. `from_file` takes
/// it for files that are not literal data (this one is: `from_file`
/// reads it from its syntax tree, see `tvix_eval::data`); the figures
/// show what a file of the same size costs when it computes anything.
fn phases(runs: usize, dir: &Path) -> Result<(Duration, Duration), String> {
    let path = dir.join("config-data.nix");
    let source = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let mut evaluating = Vec::new();
    let mut deserialising = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let result = tvix_serde::tvix_eval::Evaluation::builder()
            .source_file(&path)
            .build()
            .evaluate(&source);
        evaluating.push(start.elapsed());
        let value = result
            .value
            .as_ref()
            .ok_or_else(|| result.render_errors(false))?;
        let start = Instant::now();
        let config = Config::deserialize(tvix_serde::Deserializer::with_positions(value, &result))
            .map_err(|e| e.to_string())?;
        deserialising.push(start.elapsed());
        drop(config);
    }
    evaluating.sort();
    deserialising.sort();
    Ok((evaluating[runs / 2], deserialising[runs / 2]))
}

/// The median time of `runs` runs of `load`, and what it loaded.
fn measure(
    runs: usize,
    dir: &Path,
    load: fn(&Path) -> Result<Config, String>,
) -> Result<(Duration, (usize, usize, usize)), String> {
    let mut times = Vec::with_capacity(runs);
    let mut loaded = (0, 0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let config = load(dir)?;
        times.push(start.elapsed());
        loaded = summary(&config);
        drop(config);
    }
    times.sort();
    Ok((times[times.len() / 2], loaded))
}

fn main() {
    tvix_serde::tvix_eval::allocator::configure();
    let dir = std::env::var_os("CONFIG_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/cases"));
    if !dir.join("config-data.nix").exists() {
        eprintln!(
            "{} is missing: run `python3 ../shared/bench/gen-data.py` first",
            dir.join("config-data.nix").display()
        );
        std::process::exit(1);
    }
    let runs: usize = std::env::var("CONFIG_DATA_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
        .max(1);
    let report =
        |name: &str, result: Result<(Duration, (usize, usize, usize)), String>| match result {
            Ok((time, loaded)) => {
                println!(
                    "{name:<28} {:>9.1} ms  (services, users, hosts: {loaded:?})",
                    time.as_secs_f64() * 1000.0
                );
                Some(time)
            }
            Err(e) => {
                println!("{name:<28} failed: {e}");
                None
            }
        };
    if std::env::var("CONFIG_DATA_ONLY").is_ok_and(|only| only == "tvix-serde") {
        report("tvix-serde from_file", measure(runs, &dir, with_tvix_serde));
        return;
    }
    println!(
        "config-data, median of {runs} runs ({} for nix-instantiate):",
        runs.min(3)
    );
    let tvix = report("tvix-serde from_file", measure(runs, &dir, with_tvix_serde));
    let json = report("serde_json from_str", measure(runs, &dir, with_serde_json));
    let nix = report(
        "nix-instantiate | serde_json",
        measure(runs.min(3), &dir, with_nix_instantiate),
    );
    match phases(runs, &dir) {
        Ok((evaluating, deserialising)) => println!(
            "  evaluated instead: evaluating {:.1} ms, deserialising {:.1} ms",
            evaluating.as_secs_f64() * 1000.0,
            deserialising.as_secs_f64() * 1000.0
        ),
        Err(e) => println!("  phases: {e}"),
    }
    if let (Some(tvix), Some(json)) = (tvix, json) {
        println!(
            "tvix-serde / serde_json:            {:.2}x",
            tvix.as_secs_f64() / json.as_secs_f64()
        );
    }
    if let (Some(tvix), Some(nix)) = (tvix, nix) {
        println!(
            "nix-instantiate pipeline / tvix-serde: {:.2}x",
            nix.as_secs_f64() / tvix.as_secs_f64()
        );
    }
}
