//! The store, computed rather than kept: what C++ Nix would put into its
//! store (copied sources, text files, derivations) is given the path
//! Nix would give it, and nothing is written, as `nix-instantiate
//! --readonly-mode` does. One [`Store`] per evaluation remembers what it
//! computed: sources already copied, the derivations made (to hash the
//! derivations that depend on them, and to find closures) and the
//! references of text files.
//!
//! - [`path`]: store path computation and validation;
//! - [`nar`]: the NAR serialisation that source paths are hashed from;
//! - [`aterm`]: derivations and their `.drv` text;
//! - [`derivation`]: output paths, derivation paths and hashes modulo
//!   fixed-output derivations.

pub mod aterm;
pub mod derivation;
pub mod nar;
pub mod path;
pub mod written;

use crate::errors::ErrorKind;
use crate::io::EvalIo;
use crate::value::{ContextElement, NixContext, NixString};
use aterm::Derivation;
use nar::{NarError, Node};
use path::{Hash, Method, StoreDir};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use written::WrittenFiles;

/// The default store directory.
pub const DEFAULT_STORE_DIR: &str = "/nix/store";

/// The store of one evaluation.
pub struct Store {
    dir: StoreDir,
    io: Rc<dyn EvalIo>,
    /// Source paths already copied (`srcToStore`).
    copied: RefCell<HashMap<PathBuf, String>>,
    /// The derivations made, by derivation path.
    derivations: RefCell<HashMap<String, Rc<Derivation>>>,
    /// Hashes modulo fixed-output derivations, by derivation path.
    drv_hashes: RefCell<HashMap<String, Vec<u8>>>,
    /// The references of text files (`toFile`), by path.
    references: RefCell<HashMap<String, BTreeSet<String>>>,
    /// The contents of text files (`toFile`), for reading them back.
    written: WrittenFiles,
}

impl Store {
    /// A store computing paths in the directory `dir`, reading sources through `io`.
    pub fn new(dir: &str, io: Rc<dyn EvalIo>) -> Store {
        Store {
            dir: StoreDir::new(dir),
            io,
            copied: RefCell::default(),
            derivations: RefCell::default(),
            drv_hashes: RefCell::default(),
            references: RefCell::default(),
            written: WrittenFiles::default(),
        }
    }

    /// The store directory paths are computed in.
    pub fn dir(&self) -> &StoreDir {
        &self.dir
    }

    /// The text files made so far, for [`written::WrittenFilesIo`].
    pub fn written_files(&self) -> WrittenFiles {
        self.written.clone()
    }

    /// The file access the store reads sources through.
    pub fn io(&self) -> &dyn EvalIo {
        self.io.as_ref()
    }

    /// Copies the file tree at `path` as interpolation does: recursively,
    /// named after its last component, everything kept. Copying the same
    /// path again gives the remembered result.
    pub fn copy_path(&self, path: &Path) -> Result<String, ErrorKind> {
        if let Some(done) = self.copied.borrow().get(path) {
            return Ok(done.clone());
        }
        let tree = nar::read_tree(self.io(), path).map_err(nar_error)?;
        let name = path
            .file_name()
            .map(|n| n.as_encoded_bytes().to_vec())
            .unwrap_or_default();
        let store_path = self.add_tree(&name, &tree)?;
        self.copied
            .borrow_mut()
            .insert(path.to_path_buf(), store_path.clone());
        Ok(store_path)
    }

    /// The path of a file tree added recursively (NAR, SHA-256) under
    /// `name`.
    pub fn add_tree(&self, name: &[u8], tree: &Node) -> Result<String, ErrorKind> {
        let digest = nar::nar_sha256(self.io(), tree).map_err(nar_error)?;
        let hash = Hash {
            algo: crate::hash::Algo::Sha256,
            digest,
        };
        self.fixed_path(Method::Recursive, &hash, name)
    }

    /// The path of a single file added flat (its contents hashed).
    pub fn add_flat(&self, name: &[u8], file: &Path) -> Result<String, ErrorKind> {
        let contents = self
            .io
            .read_file(file)
            .map_err(|e| crate::io::io_error("copying", file, e))?;
        self.fixed_path(Method::Flat, &Hash::sha256(&contents), name)
    }

    /// The path of content with this hash, without references.
    pub fn fixed_path(
        &self,
        method: Method,
        hash: &Hash,
        name: &[u8],
    ) -> Result<String, ErrorKind> {
        self.dir.fixed_output(method, hash, name, &BTreeSet::new())
    }

    /// The path of a text file (`builtins.toFile`) with `references`.
    pub fn add_text(
        &self,
        name: &[u8],
        contents: &[u8],
        references: BTreeSet<String>,
    ) -> Result<String, ErrorKind> {
        let path = self.dir.text(name, contents, &references)?;
        self.written.insert(&path, contents);
        if !references.is_empty() {
            self.references
                .borrow_mut()
                .insert(path.clone(), references);
        }
        Ok(path)
    }
}

/// A store path as a string that refers to it.
pub fn store_path_string(path: &str) -> NixString {
    let context: NixContext = [ContextElement::Path(path.into())].into_iter().collect();
    NixString::new_with_context(path, Some(Rc::new(context)))
}

/// The error for a tree that could not be read.
pub fn nar_error(error: NarError) -> ErrorKind {
    match error {
        NarError::Io(path, e) => crate::io::io_error("copying", &path, e),
        NarError::Unsupported(path) => ErrorKind::UnsupportedFileType(path.display().to_string()),
    }
}
