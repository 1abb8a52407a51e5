//! A pretend service that reloads its configuration
//! (`examples/reload/service.nix`, or the file given) whenever a file the
//! configuration reads changes, printing the new configuration, or the
//! error while keeping the previous one.
//!
//!     cargo run --release --example reload [-- [--exit-after N] [FILE.nix]]
//!
//! `--exit-after N` stops after N reloads (successful or not).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tvix_examples::reload::service::{describe, Service};
use tvix_examples::reload::{ConfigWatcher, Reload};

struct Options {
    path: PathBuf,
    exit_after: Option<usize>,
}

fn options() -> Result<Options, String> {
    let mut path = None;
    let mut exit_after = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--exit-after" {
            let n = args.next().ok_or("--exit-after needs a number")?;
            let n = n.to_str().and_then(|n| n.parse().ok());
            exit_after = Some(n.ok_or("--exit-after needs a number")?);
        } else if path.is_none() {
            path = Some(PathBuf::from(arg));
        } else {
            return Err(format!("unexpected argument {}", arg.to_string_lossy()));
        }
    }
    let path = path
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("reload/service.nix"));
    Ok(Options { path, exit_after })
}

fn show(watcher: &ConfigWatcher<Service>) {
    for warning in watcher.warnings() {
        eprintln!("{warning}");
    }
    print!("{}", describe(watcher));
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("{e}\nusage: reload [--exit-after N] [FILE.nix]");
            return ExitCode::FAILURE;
        }
    };
    let mut watcher = match ConfigWatcher::<Service>::new(&options.path) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    println!("loaded {}", options.path.display());
    show(&watcher);
    let mut reloads = 0;
    while options.exit_after != Some(reloads) {
        match watcher.next_reload(Duration::from_secs(3600)) {
            None => continue,
            Some(Reload::Applied) => {
                println!("reloaded {}", options.path.display());
                show(&watcher);
            }
            Some(Reload::Failed(error)) => {
                eprintln!("{error}");
                eprintln!("reload failed; keeping the previous configuration");
            }
        }
        reloads += 1;
    }
    ExitCode::SUCCESS
}
