use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The allocator the `tvix-eval` command line uses too; an embedding
/// application chooses its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn main() {
    let dir = PathBuf::from(std::env::var("CONFIG_DATA_DIR").unwrap());
    let n: usize = std::env::var("N").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut times = vec![];
    for _ in 0..n {
        let start = Instant::now();
        let c: Config = tvix_serde::from_file(dir.join("config-data.nix")).unwrap();
        let t = start.elapsed();
        let s = Instant::now();
        drop(c);
        times.push((t, s.elapsed()));
    }
    times.sort();
    println!("median {:?}", times[n / 2]);
    let _ = Path::new("x"); let _ = Command::new("true"); let _: Option<Duration> = None; let _: BTreeMap<u8,u8> = BTreeMap::new();
}
