//! Text files the evaluation put into the store (`builtins.toFile`), kept
//! so that the same evaluation can read them back.
//!
//! Nothing is written to disk (see [`crate::store`]), yet Nix code may
//! import or read a file it has just made: nixpkgs' module system
//! imports `"${builtins.toFile "m.nix" "..."}"`. [`WrittenFilesIo`] lays
//! the files made so far over the evaluation's file access: a path that
//! names one of them reads its contents, every other path goes to the
//! file access below unchanged.

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

/// File access that also finds the store's [`WrittenFiles`].
pub struct WrittenFilesIo {
    written: WrittenFiles,
    below: Rc<dyn EvalIo>,
}

impl WrittenFilesIo {
    /// Access to `below` in which the paths of `written` also read as files.
    pub fn new(written: WrittenFiles, below: Rc<dyn EvalIo>) -> Self {
        WrittenFilesIo { written, below }
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
        self.below.read_dir(path)
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        match self.written.get(path) {
            Some(_) => Ok(FileType::Regular),
            None => self.below.file_type(path),
        }
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        match self.written.get(path) {
            Some(_) => Ok(path.to_path_buf()),
            None => self.below.canonicalize(path),
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
