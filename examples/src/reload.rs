//! Reloading a configuration when one of its files changes: load it with
//! tvix-serde, watch every file and directory the evaluation read
//! ([`tvix_serde::Loaded::paths_read`]) with the `notify` crate, and load
//! again after a change; a configuration that no longer loads is reported
//! and the last good one kept. `cargo run --release --example reload`
//! shows it on `examples/reload/service.nix`.
//!
//! Each path read is watched through its directory (non-recursively), so
//! that files replaced by renaming (as editors save), created (a missing
//! `pathExists ./local.nix`) or deleted are noticed; a path read as a
//! directory (`readDir`, `import ./dir`) is watched itself too, for its
//! entries. Events for other files in those directories are ignored.

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the files must stay quiet after a change before the
/// configuration is loaded again (an editor may write a file in several
/// steps).
const SETTLE: Duration = Duration::from_millis(150);

/// Why watching could not start.
#[derive(Debug)]
pub enum WatchError {
    /// The configuration did not load the first time.
    Load(tvix_serde::Error),
    /// The file watcher failed.
    Notify(notify::Error),
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchError::Load(e) => write!(f, "{e}"),
            WatchError::Notify(e) => write!(f, "watching files: {e}"),
        }
    }
}

impl std::error::Error for WatchError {}

/// What a change of the watched files led to.
#[derive(Debug)]
pub enum Reload {
    /// The configuration loaded again; [`ConfigWatcher::current`] is the
    /// new one.
    Applied,
    /// It did not load; the previous configuration stays current.
    Failed(tvix_serde::Error),
}

/// A configuration loaded from a Nix file and kept up to date with the
/// files it reads.
pub struct ConfigWatcher<T> {
    path: PathBuf,
    current: T,
    warnings: Vec<tvix_serde::Warning>,
    env_vars: Vec<String>,
    /// The paths whose change triggers a reload.
    watched: BTreeSet<PathBuf>,
    /// The directories the watcher is registered on.
    registered: BTreeSet<PathBuf>,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

impl<T: DeserializeOwned> ConfigWatcher<T> {
    /// Loads the configuration at `path` (which must load) and starts
    /// watching what it read.
    pub fn new(path: impl Into<PathBuf>) -> Result<Self, WatchError> {
        let path = path.into();
        let loaded = load::<T>(&path).map_err(WatchError::Load)?;
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(sender).map_err(WatchError::Notify)?;
        let mut this = ConfigWatcher {
            path,
            current: loaded.value,
            warnings: loaded.warnings,
            env_vars: loaded.env_vars_read,
            watched: BTreeSet::new(),
            registered: BTreeSet::new(),
            watcher,
            events,
        };
        this.watch(loaded.paths_read, false);
        Ok(this)
    }

    /// The configuration in force: the last one that loaded.
    pub fn current(&self) -> &T {
        &self.current
    }

    /// The warnings and traces of the last load that succeeded.
    pub fn warnings(&self) -> &[tvix_serde::Warning] {
        &self.warnings
    }

    /// The environment variables the last good load looked up. They
    /// cannot change while the process runs: changing one takes a
    /// restart.
    pub fn env_vars_read(&self) -> &[String] {
        &self.env_vars
    }

    /// The paths whose change makes the configuration load again.
    pub fn watched(&self) -> impl Iterator<Item = &Path> {
        self.watched.iter().map(PathBuf::as_path)
    }

    /// Waits up to `timeout` for a change of the watched files, then
    /// loads the configuration again; `None` if nothing changed in time.
    /// A watcher error counts as a change (the files are read again).
    pub fn next_reload(&mut self, timeout: Duration) -> Option<Reload> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if self.is_relevant(&event) => break,
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
        // Let the writer finish: wait until no event came for a while.
        while self.events.recv_timeout(SETTLE).is_ok() {}
        Some(self.reload())
    }

    /// Loads the configuration again now.
    pub fn reload(&mut self) -> Reload {
        match load::<T>(&self.path) {
            Ok(loaded) => {
                self.current = loaded.value;
                self.warnings = loaded.warnings;
                self.env_vars = loaded.env_vars_read;
                self.watch(loaded.paths_read, false);
                Reload::Applied
            }
            Err(error) => {
                // Keep watching the old files too: reverting a change must
                // reload as well as fixing it.
                self.watch(error.paths_read().to_vec(), true);
                Reload::Failed(error)
            }
        }
    }

    fn is_relevant(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else {
            return true;
        };
        // Reading the files (ours included) is no change.
        if matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write))
        {
            return false;
        }
        event.paths.iter().any(|changed| {
            self.watched.iter().any(|path| {
                path == changed
                    || path.starts_with(changed)
                    || changed.parent() == Some(path.as_path())
            })
        })
    }

    /// Watches `paths` (besides the paths watched already if `keep`).
    fn watch(&mut self, paths: Vec<PathBuf>, keep: bool) {
        if !keep {
            self.watched.clear();
        }
        self.watched.extend(paths);
        let mut dirs = BTreeSet::new();
        for path in &self.watched {
            if path.is_dir() {
                dirs.insert(path.clone());
            }
            // The nearest existing directory holding it.
            if let Some(dir) = path.ancestors().skip(1).find(|dir| dir.is_dir()) {
                dirs.insert(dir.to_path_buf());
            }
        }
        for gone in self.registered.difference(&dirs) {
            let _ = self.watcher.unwatch(gone);
        }
        let mut registered = BTreeSet::new();
        for dir in dirs {
            if self.registered.contains(&dir)
                || self
                    .watcher
                    .watch(&dir, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                registered.insert(dir);
            }
        }
        self.registered = registered;
    }
}

/// Loads the configuration at `path`; it may read the environment
/// (`builtins.getEnv`).
fn load<T: DeserializeOwned>(path: &Path) -> Result<tvix_serde::Loaded<T>, tvix_serde::Error> {
    tvix_serde::load_file(path, |builder| builder.impure(true))
}

/// The configuration of the pretend service of the `reload` example
/// (`examples/reload/service.nix`), and how the example prints it.
pub mod service {
    use super::ConfigWatcher;
    pub use crate::LogLevel;
    use serde::Deserialize;
    use std::fmt::Write as _;

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    pub struct Service {
        pub name: String,
        pub environment: String,
        pub port: u16,
        pub log_level: LogLevel,
        pub motd: String,
        pub upstreams: Vec<Upstream>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Upstream {
        pub name: String,
        pub url: String,
        pub weight: u8,
    }

    /// The configuration in force, what is watched and which environment
    /// variables were read, as the example prints them after each load.
    pub fn describe(watcher: &ConfigWatcher<Service>) -> String {
        let service = watcher.current();
        let mut text = format!(
            "{} ({}) on port {}, log level {:?}\nmessage of the day: {}\n",
            service.name,
            service.environment,
            service.port,
            service.log_level,
            service.motd.trim_end()
        );
        for upstream in &service.upstreams {
            let _ = writeln!(
                text,
                "upstream {} at {}, weight {}",
                upstream.name, upstream.url, upstream.weight
            );
        }
        let watched: Vec<_> = watcher.watched().map(|p| p.display().to_string()).collect();
        let _ = writeln!(text, "watching: {}", watched.join(", "));
        if !watcher.env_vars_read().is_empty() {
            let _ = writeln!(
                text,
                "reads the environment variables {} (a change takes a restart)",
                watcher.env_vars_read().join(", ")
            );
        }
        text
    }
}
