//! The evaluator's only way to the outside world: every file read,
//! directory listing, file-type query, path resolution and environment
//! look-up of an evaluation goes through an [`EvalIo`].
//!
//! Three implementations come with the crate:
//!
//! - [`PureIo`]: refuses every file access and hides the environment
//!   (`builtins.getEnv` gives `""`). The default of the library.
//! - [`RealIo`]: the file system as it is, and optionally the process
//!   environment (`NIX_PATH`, `getEnv`, `currentTime`). The command line
//!   uses it.
//! - [`LimitedIo`]: only files below a set of allowed directories, checked
//!   after resolving `..` and symbolic links, so neither can lead outside.
//!   Meant for loading a configuration and the files it imports.
//!
//! An embedder may implement [`EvalIo`] itself (for an in-memory file
//! system, say) and hand it to [`crate::EvaluationBuilder::io`]; the same
//! `Rc` can be captured by the embedder's own builtins.
//!
//! Whichever it is, an evaluation wraps it in a [`RecordingIo`], which
//! remembers the paths and environment variables asked about (see
//! [`crate::EvaluationResult::paths_read`]).

mod recording;

pub use recording::RecordingIo;

use crate::errors::ErrorKind;
use crate::paths::canonicalise;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of file a path names (without following a final symlink).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// A regular file.
    Regular,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// Anything else: a socket, a device, a FIFO.
    Unknown,
}

impl FileType {
    /// The name `builtins.readDir` and `readFileType` give it.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Regular => "regular",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Unknown => "unknown",
        }
    }

    fn of(file_type: std::fs::FileType) -> Self {
        if file_type.is_symlink() {
            FileType::Symlink
        } else if file_type.is_dir() {
            FileType::Directory
        } else if file_type.is_file() {
            FileType::Regular
        } else {
            FileType::Unknown
        }
    }
}

/// Why an access failed.
#[derive(Debug)]
pub enum IoError {
    /// The implementation does not allow this access. The text completes
    /// "access to '…' is forbidden …", e.g. "in pure evaluation mode".
    Forbidden(String),
    /// The operating system (or the embedder's storage) reported an error.
    Os(std::io::Error),
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoError::Forbidden(reason) => write!(f, "forbidden {reason}"),
            IoError::Os(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl From<std::io::Error> for IoError {
    fn from(e: std::io::Error) -> Self {
        IoError::Os(e)
    }
}

impl IoError {
    /// Whether the error means that the path does not exist.
    pub fn is_not_found(&self) -> bool {
        match self {
            IoError::Os(e) => {
                e.kind() == std::io::ErrorKind::NotFound
                    || e.kind() == std::io::ErrorKind::NotADirectory
            }
            IoError::Forbidden(_) => false,
        }
    }
}

/// Everything an evaluation may ask of the outside world. Paths handed to
/// these methods are absolute; they may contain symlinks.
pub trait EvalIo {
    /// The contents of a file (following symlinks).
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError>;

    /// The entries of a directory with their types (entries that are
    /// symlinks are reported as such).
    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError>;

    /// The type of what `path` names; a final symlink is not followed.
    fn file_type(&self, path: &Path) -> Result<FileType, IoError>;

    /// `path` with every symlink resolved: the identity of a file, e.g.
    /// for the import cache.
    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError>;

    /// The target of the symlink at `path` (store paths hash it).
    fn read_link(&self, path: &Path) -> Result<PathBuf, IoError>;

    /// Whether the regular file at `path` is executable by its owner (the
    /// one mode bit store paths keep).
    fn is_executable(&self, path: &Path) -> Result<bool, IoError>;

    /// Whether something exists at `path` (a dangling symlink counts).
    fn path_exists(&self, path: &Path) -> Result<bool, IoError> {
        match self.file_type(path) {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// An environment variable; `None` when unset or hidden.
    fn get_env(&self, name: &str) -> Option<OsString> {
        let _ = name;
        None
    }

    /// Seconds since the Unix epoch (`builtins.currentTime`); `None`
    /// hides the clock, as pure evaluation does.
    fn current_time(&self) -> Option<i64> {
        None
    }
}

const PURE_REASON: &str = "in pure evaluation mode (file access is disabled)";

/// Refuses every file access; no environment, no clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct PureIo;

impl EvalIo for PureIo {
    fn read_file(&self, _: &Path) -> Result<Vec<u8>, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }

    fn read_dir(&self, _: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }

    fn file_type(&self, _: &Path) -> Result<FileType, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }

    fn canonicalize(&self, _: &Path) -> Result<PathBuf, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }

    fn read_link(&self, _: &Path) -> Result<PathBuf, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }

    fn is_executable(&self, _: &Path) -> Result<bool, IoError> {
        Err(IoError::Forbidden(PURE_REASON.into()))
    }
}

fn os_read_dir(path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        entries.push((entry.file_name(), FileType::of(entry.file_type()?)));
    }
    Ok(entries)
}

fn os_file_type(path: &Path) -> Result<FileType, IoError> {
    Ok(FileType::of(std::fs::symlink_metadata(path)?.file_type()))
}

fn os_is_executable(path: &Path) -> Result<bool, IoError> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o100 != 0)
}

fn os_env(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

fn os_time() -> Option<i64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(now.as_secs()).ok()
}

/// The real file system; the environment and clock only if asked for.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealIo {
    environment: bool,
}

impl RealIo {
    /// Files only: `getEnv` gives `""`, no `currentTime`.
    pub fn files_only() -> Self {
        RealIo { environment: false }
    }

    /// Files, the process environment and the clock (`--impure`).
    pub fn impure() -> Self {
        RealIo { environment: true }
    }
}

impl EvalIo for RealIo {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        Ok(std::fs::read(path)?)
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        os_read_dir(path)
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        os_file_type(path)
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        Ok(std::fs::canonicalize(path)?)
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, IoError> {
        Ok(std::fs::read_link(path)?)
    }

    fn is_executable(&self, path: &Path) -> Result<bool, IoError> {
        os_is_executable(path)
    }

    fn get_env(&self, name: &str) -> Option<OsString> {
        self.environment.then(|| os_env(name)).flatten()
    }

    fn current_time(&self) -> Option<i64> {
        self.environment.then(os_time).flatten()
    }
}

/// Files below a set of allowed directories only.
///
/// A path is allowed when it lies below an allowed directory both as
/// written (after removing `.` and `..` lexically) and with every symlink
/// resolved; the access then goes to the resolved path, so a symlink
/// inside an allowed directory that points outside leads nowhere. The
/// allowed directories themselves are resolved when the `LimitedIo` is
/// made. (A symlink swapped in between the check and the access is not
/// guarded against.)
#[derive(Debug, Clone)]
pub struct LimitedIo {
    /// Each allowed directory, lexically normalised and resolved.
    allowed: Vec<PathBuf>,
    environment: bool,
}

impl LimitedIo {
    /// Files below `dirs` (relative ones are taken against the current
    /// directory); no environment.
    pub fn new<P: Into<PathBuf>>(dirs: impl IntoIterator<Item = P>) -> Self {
        let mut allowed = Vec::new();
        for dir in dirs {
            let dir: PathBuf = dir.into();
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            let lexical = canonicalise(&dir);
            if let Ok(real) = std::fs::canonicalize(&lexical) {
                if !allowed.contains(&real) {
                    allowed.push(real);
                }
            }
            if !allowed.contains(&lexical) {
                allowed.push(lexical);
            }
        }
        LimitedIo {
            allowed,
            environment: false,
        }
    }

    /// Also lets the evaluation see the environment and the clock.
    pub fn with_environment(mut self, environment: bool) -> Self {
        self.environment = environment;
        self
    }

    /// The allowed directories (as given, and resolved).
    pub fn allowed(&self) -> &[PathBuf] {
        &self.allowed
    }

    fn is_inside(&self, path: &Path) -> bool {
        self.allowed.iter().any(|dir| path.starts_with(dir))
    }

    fn forbidden(&self) -> IoError {
        IoError::Forbidden("because it is outside the allowed directories".into())
    }

    /// The checked, fully resolved form of `path`.
    fn resolve(&self, path: &Path) -> Result<PathBuf, IoError> {
        let lexical = canonicalise(path);
        if !path.is_absolute() || !self.is_inside(&lexical) {
            return Err(self.forbidden());
        }
        let real = std::fs::canonicalize(&lexical)?;
        if !self.is_inside(&real) {
            return Err(self.forbidden());
        }
        Ok(real)
    }

    /// Like [`Self::resolve`], but a final symlink stays unresolved.
    fn resolve_parent(&self, path: &Path) -> Result<PathBuf, IoError> {
        let lexical = canonicalise(path);
        if !path.is_absolute() || !self.is_inside(&lexical) {
            return Err(self.forbidden());
        }
        let resolved = match (lexical.parent(), lexical.file_name()) {
            (Some(parent), Some(name)) => std::fs::canonicalize(parent)?.join(name),
            _ => std::fs::canonicalize(&lexical)?,
        };
        if !self.is_inside(&resolved) {
            return Err(self.forbidden());
        }
        Ok(resolved)
    }
}

impl EvalIo for LimitedIo {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        Ok(std::fs::read(self.resolve(path)?)?)
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        os_read_dir(&self.resolve(path)?)
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        os_file_type(&self.resolve_parent(path)?)
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        self.resolve(path)
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, IoError> {
        Ok(std::fs::read_link(self.resolve_parent(path)?)?)
    }

    fn is_executable(&self, path: &Path) -> Result<bool, IoError> {
        os_is_executable(&self.resolve(path)?)
    }

    fn get_env(&self, name: &str) -> Option<OsString> {
        self.environment.then(|| os_env(name)).flatten()
    }

    fn current_time(&self) -> Option<i64> {
        self.environment.then(os_time).flatten()
    }
}

/// The error for a failed access to `path` while doing `what`
/// ("reading", "importing", ...).
pub(crate) fn io_error(what: &'static str, path: &Path, error: IoError) -> ErrorKind {
    let path = path.display().to_string();
    match error {
        IoError::Forbidden(reason) => ErrorKind::AccessForbidden { what, path, reason },
        e if e.is_not_found() => ErrorKind::PathNotFound(path),
        IoError::Os(e) => ErrorKind::Io {
            context: what,
            path,
            message: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tvix-io-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("allowed/sub")).expect("temporary directory");
        std::fs::write(dir.join("allowed/sub/a.nix"), "1").expect("write");
        std::fs::write(dir.join("secret"), "2").expect("write");
        dir
    }

    #[test]
    fn pure_refuses_everything() {
        let io = PureIo;
        assert!(matches!(
            io.read_file(Path::new("/etc/hostname")),
            Err(IoError::Forbidden(_))
        ));
        assert!(matches!(
            io.path_exists(Path::new("/")),
            Err(IoError::Forbidden(_))
        ));
        assert_eq!(io.get_env("PATH"), None);
        assert_eq!(io.current_time(), None);
    }

    #[test]
    fn limited_allows_inside_only() {
        let dir = temp_dir("limited");
        let io = LimitedIo::new([dir.join("allowed")]);
        assert_eq!(io.read_file(&dir.join("allowed/sub/a.nix")).unwrap(), b"1");
        assert!(matches!(
            io.read_file(&dir.join("allowed/../secret")),
            Err(IoError::Forbidden(_))
        ));
        assert!(matches!(
            io.read_file(&dir.join("secret")),
            Err(IoError::Forbidden(_))
        ));
        assert!(!io.path_exists(&dir.join("allowed/missing")).unwrap());
        assert!(io.path_exists(&dir.join("allowed/sub")).unwrap());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret"), dir.join("allowed/link"))
                .expect("symlink");
            std::os::unix::fs::symlink(&dir, dir.join("allowed/up")).expect("symlink");
            assert!(matches!(
                io.read_file(&dir.join("allowed/link")),
                Err(IoError::Forbidden(_))
            ));
            assert!(matches!(
                io.read_file(&dir.join("allowed/up/secret")),
                Err(IoError::Forbidden(_))
            ));
            // The link itself may be looked at; what it points to may not.
            assert_eq!(
                io.file_type(&dir.join("allowed/link")).unwrap(),
                FileType::Symlink
            );
        }
        assert_eq!(io.get_env("PATH"), None);
    }
}
