//! [`RecordingIo`]: an [`EvalIo`] that passes every request on to another
//! one and remembers which paths and environment variables the evaluation
//! asked about, so that an embedder can watch them and evaluate again
//! when one changes. Every evaluation runs on one (see
//! [`crate::EvaluationResult::paths_read`]).

use super::{EvalIo, FileType, IoError};
use crate::paths::canonicalise;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Passes every request on to `inner` and records, in the order of their
/// first use and without repetition:
///
/// - every path whose file, directory listing, type or existence was
///   asked for (imports, `readFile`, `readDir`, `pathExists`,
///   `readFileType`, `<...>` search-path look-ups, `builtins.path`, ...),
///   absolute and with symbolic links resolved (but for a final one that
///   was only looked at, not followed), including paths that did not
///   exist; not the paths `inner` refused to touch
///   ([`IoError::Forbidden`]);
/// - the name of every environment variable looked up with
///   `builtins.getEnv`, set or not.
///
/// ```
/// use std::rc::Rc;
/// use tvix_eval::io::{EvalIo, RealIo, RecordingIo};
///
/// let io = RecordingIo::new(Rc::new(RealIo::files_only()));
/// assert!(io.path_exists(std::path::Path::new("/")).unwrap());
/// io.get_env("EDITOR");
/// assert_eq!(io.paths_read(), [std::path::PathBuf::from("/")]);
/// assert_eq!(io.env_vars_read(), ["EDITOR"]);
/// ```
pub struct RecordingIo {
    inner: Rc<dyn EvalIo>,
    log: RefCell<Log>,
}

#[derive(Default)]
struct Log {
    paths: Vec<PathBuf>,
    recorded: HashSet<PathBuf>,
    /// Paths as asked for (and whether followed), already recorded.
    asked: HashSet<(PathBuf, bool)>,
    env: Vec<String>,
    env_recorded: HashSet<String>,
}

impl RecordingIo {
    /// Records what goes through to `inner`.
    pub fn new(inner: Rc<dyn EvalIo>) -> Self {
        RecordingIo {
            inner,
            log: RefCell::default(),
        }
    }

    /// The [`EvalIo`] the requests go to.
    pub fn inner(&self) -> &Rc<dyn EvalIo> {
        &self.inner
    }

    /// The paths asked about so far, in the order of their first use.
    pub fn paths_read(&self) -> Vec<PathBuf> {
        self.log.borrow().paths.clone()
    }

    /// The environment variables looked up so far, in the order of their
    /// first look-up.
    pub fn env_vars_read(&self) -> Vec<String> {
        self.log.borrow().env.clone()
    }

    /// Records `path` after a request that `follows` symbolic links (or
    /// not) got `outcome`; `resolved` is the path with links resolved, if
    /// the request found it out already.
    fn record<T>(
        &self,
        path: &Path,
        follows: bool,
        outcome: &Result<T, IoError>,
        resolved: Option<&Path>,
    ) {
        if matches!(outcome, Err(IoError::Forbidden(_))) {
            return;
        }
        let key = (path.to_path_buf(), follows);
        if self.log.borrow().asked.contains(&key) {
            return;
        }
        let identity = match resolved {
            Some(resolved) => resolved.to_path_buf(),
            None => self.identity(path, follows),
        };
        let mut log = self.log.borrow_mut();
        log.asked.insert(key);
        if log.recorded.insert(identity.clone()) {
            log.paths.push(identity);
        }
    }

    /// `path` with its symbolic links resolved as far as it exists (the
    /// final one only if `follows`), absolute and without `.` or `..`.
    fn identity(&self, path: &Path, follows: bool) -> PathBuf {
        let lexical = canonicalise(path);
        if follows {
            if let Ok(real) = self.inner.canonicalize(&lexical) {
                return real;
            }
        }
        match (lexical.parent(), lexical.file_name()) {
            (Some(parent), Some(name)) => match self.inner.canonicalize(parent) {
                Ok(real_parent) => real_parent.join(name),
                Err(_) => lexical,
            },
            _ => lexical,
        }
    }
}

impl EvalIo for RecordingIo {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        let outcome = self.inner.read_file(path);
        self.record(path, true, &outcome, None);
        outcome
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        let outcome = self.inner.read_dir(path);
        self.record(path, true, &outcome, None);
        outcome
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        let outcome = self.inner.file_type(path);
        self.record(path, false, &outcome, None);
        outcome
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        let outcome = self.inner.canonicalize(path);
        let resolved = outcome.as_ref().ok().map(PathBuf::as_path);
        self.record(path, true, &outcome, resolved);
        outcome
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, IoError> {
        let outcome = self.inner.read_link(path);
        self.record(path, false, &outcome, None);
        outcome
    }

    fn is_executable(&self, path: &Path) -> Result<bool, IoError> {
        let outcome = self.inner.is_executable(path);
        self.record(path, true, &outcome, None);
        outcome
    }

    fn path_exists(&self, path: &Path) -> Result<bool, IoError> {
        let outcome = self.inner.path_exists(path);
        self.record(path, false, &outcome, None);
        outcome
    }

    fn get_env(&self, name: &str) -> Option<OsString> {
        {
            let mut log = self.log.borrow_mut();
            if log.env_recorded.insert(name.to_string()) {
                log.env.push(name.to_string());
            }
        }
        self.inner.get_env(name)
    }

    fn current_time(&self) -> Option<i64> {
        self.inner.current_time()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{LimitedIo, PureIo, RealIo};

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tvix-recording-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).expect("temporary directory");
        std::fs::write(dir.join("sub/a.nix"), "1").expect("write");
        std::fs::canonicalize(&dir).expect("canonical")
    }

    #[test]
    fn records_resolved_paths_once_in_order() {
        let dir = temp_dir("order");
        let io = RecordingIo::new(Rc::new(RealIo::files_only()));
        io.read_file(&dir.join("sub/../sub/a.nix")).unwrap();
        io.read_dir(&dir.join("sub")).unwrap();
        io.read_file(&dir.join("sub/a.nix")).unwrap();
        assert!(!io.path_exists(&dir.join("missing/x.nix")).unwrap());
        assert!(!io.path_exists(&dir.join("sub/later.nix")).unwrap());
        assert_eq!(
            io.paths_read(),
            [
                dir.join("sub/a.nix"),
                dir.join("sub"),
                dir.join("missing/x.nix"),
                dir.join("sub/later.nix")
            ]
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("sub/a.nix"), dir.join("link")).expect("symlink");
            io.read_file(&dir.join("link")).unwrap();
            assert_eq!(io.file_type(&dir.join("link")).unwrap(), FileType::Symlink);
            let paths = io.paths_read();
            assert_eq!(paths.len(), 5, "{paths:?}");
            assert_eq!(paths[4], dir.join("link"));
        }
    }

    #[test]
    fn refused_paths_are_not_recorded() {
        let dir = temp_dir("refused");
        let pure = RecordingIo::new(Rc::new(PureIo));
        assert!(pure.read_file(&dir.join("sub/a.nix")).is_err());
        assert!(pure.paths_read().is_empty());
        let limited = RecordingIo::new(Rc::new(LimitedIo::new([dir.join("sub")])));
        assert!(limited.read_file(&dir.join("outside.nix")).is_err());
        assert!(limited.read_file(&dir.join("sub/missing.nix")).is_err());
        assert_eq!(limited.paths_read(), [dir.join("sub/missing.nix")]);
    }

    #[test]
    fn records_environment_variables_looked_up() {
        let io = RecordingIo::new(Rc::new(PureIo));
        assert_eq!(io.get_env("HOME"), None);
        io.get_env("EDITOR");
        io.get_env("HOME");
        assert_eq!(io.env_vars_read(), ["HOME", "EDITOR"]);
    }
}
