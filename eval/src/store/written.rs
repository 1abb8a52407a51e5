//! Text files the evaluation put into the store (`builtins.toFile`), kept
//! so that the same evaluation can read them back.
//!
//! Nothing is written to disk (see [`crate::store`]), yet Nix code may
//! import or read a file it has just made: nixpkgs' module system
//! imports `"${builtins.toFile "m.nix" "..."}"`. [`WrittenFilesIo`] lays
//! the files made so far over the evaluation's file access: a path that
//! names one of them reads its contents, every other path goes to the
//! file access below unchanged. The store directory itself exists for
//! the evaluation (an empty directory where the machine has none), as it
//! always does for C++ Nix.

use crate::io::{EvalIo, FileType, IoError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The text files made so far, by store path.
#[derive(Clone, Default)]
pub struct WrittenFiles(Rc<RefCell<HashMap<PathBuf, Rc<[u8]>>>>);

impl WrittenFiles {
    pub(crate) fn insert(&self, path: &str, contents: &[u8]) {
        self.0
            .borrow_mut()
            .entry(PathBuf::from(path))
            .or_insert_with(|| Rc::from(contents));
    }

    fn get(&self, path: &Path) -> Option<Rc<[u8]>> {
        self.0.borrow().get(path).cloned()
    }
}

/// File access that also finds the store's [`WrittenFiles`] and its
/// directory.
pub struct WrittenFilesIo {
    written: WrittenFiles,
    store_dir: PathBuf,
    below: Rc<dyn EvalIo>,
}

impl WrittenFilesIo {
    /// Access to `below` in which the paths of `written` also read as
    /// files, and `store_dir` as a directory.
    pub fn new(written: WrittenFiles, store_dir: &str, below: Rc<dyn EvalIo>) -> Self {
        WrittenFilesIo {
            written,
            store_dir: PathBuf::from(store_dir),
            below,
        }
    }

    /// Whether `error`, for `path`, is the machine lacking a store
    /// directory.
    fn is_missing_store_dir(&self, path: &Path, error: &IoError) -> bool {
        error.is_not_found() && path == self.store_dir
    }
}

impl EvalIo for WrittenFilesIo {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        match self.written.get(path) {
            Some(contents) => Ok(contents.to_vec()),
            None => self.below.read_file(path),
        }
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        match self.below.read_dir(path) {
            Err(e) if self.is_missing_store_dir(path, &e) => Ok(Vec::new()),
            result => result,
        }
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        if self.written.get(path).is_some() {
            return Ok(FileType::Regular);
        }
        match self.below.file_type(path) {
            Err(e) if self.is_missing_store_dir(path, &e) => Ok(FileType::Directory),
            result => result,
        }
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        if self.written.get(path).is_some() {
            return Ok(path.to_path_buf());
        }
        match self.below.canonicalize(path) {
            Err(e) if self.is_missing_store_dir(path, &e) => Ok(path.to_path_buf()),
            result => result,
        }
    }

    fn read_link(&self, path: &Path) -> Result<PathBuf, IoError> {
        self.below.read_link(path)
    }

    fn is_executable(&self, path: &Path) -> Result<bool, IoError> {
        match self.written.get(path) {
            Some(_) => Ok(false),
            None => self.below.is_executable(path),
        }
    }

    fn get_env(&self, name: &str) -> Option<OsString> {
        self.below.get_env(name)
    }

    fn current_time(&self) -> Option<i64> {
        self.below.current_time()
    }
}
