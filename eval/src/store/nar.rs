//! The NAR serialisation of a file tree, as Nix writes it to hash a
//! path it copies to the store (`dumpPath`): regular files (with their
//! executable bit), symlinks (their targets) and directories (entries
//! sorted by name), every string length-prefixed and padded to 8 bytes.
//! Written here because the exact byte stream is what the store path
//! hashes; nothing is archived, the stream goes straight into SHA-256.
//!
//! The tree is read through the evaluation's [`EvalIo`], so the purity
//! and allowed-path rules hold. [`TreeWalk`] lists the tree one entry at
//! a time and lets its driver decide on each (the filter of
//! `builtins.path` and `filterSource` is Nix code, called between steps).

use crate::io::{EvalIo, FileType, IoError};
use sha2::{Digest, Sha256};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A file tree to serialise: what was chosen of the file system.
#[derive(Debug)]
pub enum Node {
    /// A regular file, read when serialised.
    Regular {
        /// Whether its executable bit is set.
        executable: bool,
        /// Where its contents are read from.
        path: PathBuf,
    },
    /// A symlink and its target.
    Symlink(Vec<u8>),
    /// A directory: entries sorted by name.
    Directory(Vec<(Vec<u8>, Node)>),
}

/// Why a tree could not be read.
#[derive(Debug)]
pub enum NarError {
    /// The file system access failed at the path.
    Io(PathBuf, IoError),
    /// Not a regular file, directory or symlink (a socket, a device).
    Unsupported(PathBuf),
}

fn io_error(path: &Path) -> impl FnOnce(IoError) -> NarError + '_ {
    move |e| NarError::Io(path.to_path_buf(), e)
}

/// The node of a file that is not a directory.
fn leaf(io: &dyn EvalIo, path: &Path, file_type: FileType) -> Result<Node, NarError> {
    match file_type {
        FileType::Regular => Ok(Node::Regular {
            executable: io.is_executable(path).map_err(io_error(path))?,
            path: path.to_path_buf(),
        }),
        FileType::Symlink => {
            let target = io.read_link(path).map_err(io_error(path))?;
            Ok(Node::Symlink(target.into_os_string().into_encoded_bytes()))
        }
        FileType::Directory | FileType::Unknown => Err(NarError::Unsupported(path.to_path_buf())),
    }
}

/// A directory's entries sorted by name, as NAR orders them.
fn list(io: &dyn EvalIo, path: &Path) -> Result<Vec<(OsString, FileType)>, NarError> {
    let mut entries = io.read_dir(path).map_err(io_error(path))?;
    entries.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    Ok(entries)
}

/// A directory being listed.
struct Level {
    path: PathBuf,
    entries: std::vec::IntoIter<(OsString, FileType)>,
    /// The entry offered to the driver, waiting for its decision.
    offered: Option<(OsString, FileType)>,
    done: Vec<(Vec<u8>, Node)>,
}

/// What [`TreeWalk::step`] asks or answers.
pub enum Step {
    /// Keep this entry (below the root) of this type? Answer with the
    /// next call.
    Offer(PathBuf, FileType),
    /// The tree is complete.
    Done(Node),
}

/// Walks a file tree depth-first in NAR order, offering every entry
/// below the root to its driver, which keeps or drops it (a dropped
/// directory is not entered).
pub struct TreeWalk {
    levels: Vec<Level>,
    root: Option<Node>,
}

impl TreeWalk {
    /// Starts at `root` (a final symlink is not followed, as Nix does).
    pub fn new(io: &dyn EvalIo, root: &Path) -> Result<TreeWalk, NarError> {
        let file_type = io.file_type(root).map_err(io_error(root))?;
        if file_type != FileType::Directory {
            return Ok(TreeWalk {
                levels: Vec::new(),
                root: Some(leaf(io, root, file_type)?),
            });
        }
        Ok(TreeWalk {
            levels: vec![Level {
                path: root.to_path_buf(),
                entries: list(io, root)?.into_iter(),
                offered: None,
                done: Vec::new(),
            }],
            root: None,
        })
    }

    /// Takes the decision on the entry offered last (`None` the first
    /// time), and goes on to the next entry to offer or the end.
    pub fn step(&mut self, io: &dyn EvalIo, keep: Option<bool>) -> Result<Step, NarError> {
        if let Some(root) = self.root.take() {
            return Ok(Step::Done(root));
        }
        if let Some(level) = self.levels.last_mut() {
            if let Some((name, file_type)) = level.offered.take() {
                if keep == Some(true) {
                    let path = level.path.join(&name);
                    if file_type == FileType::Directory {
                        let entries = list(io, &path)?.into_iter();
                        level.offered = Some((name, file_type));
                        self.levels.push(Level {
                            path,
                            entries,
                            offered: None,
                            done: Vec::new(),
                        });
                    } else {
                        let node = leaf(io, &path, file_type)?;
                        level.done.push((name.into_encoded_bytes(), node));
                    }
                }
            }
        }
        loop {
            let Some(level) = self.levels.last_mut() else {
                return Ok(Step::Done(Node::Directory(Vec::new())));
            };
            if let Some((name, file_type)) = level.entries.next() {
                let path = level.path.join(&name);
                level.offered = Some((name, file_type));
                return Ok(Step::Offer(path, file_type));
            }
            let finished = self.levels.pop().map(|l| l.done).unwrap_or_default();
            let node = Node::Directory(finished);
            match self.levels.last_mut() {
                Some(parent) => {
                    if let Some((name, _)) = parent.offered.take() {
                        parent.done.push((name.into_encoded_bytes(), node));
                    }
                }
                None => return Ok(Step::Done(node)),
            }
        }
    }
}

/// The whole tree at `root`, every entry kept.
pub fn read_tree(io: &dyn EvalIo, root: &Path) -> Result<Node, NarError> {
    let mut walk = TreeWalk::new(io, root)?;
    let mut keep = None;
    loop {
        match walk.step(io, keep)? {
            Step::Offer(..) => keep = Some(true),
            Step::Done(node) => return Ok(node),
        }
    }
}

/// Writes NAR's length-prefixed, zero-padded strings.
struct NarWriter {
    hasher: Sha256,
}

impl NarWriter {
    fn bytes(&mut self, data: &[u8]) {
        self.hasher.update((data.len() as u64).to_le_bytes());
        self.hasher.update(data);
        let padding = (8 - data.len() % 8) % 8;
        self.hasher.update(&[0u8; 8][..padding]);
    }

    fn strs(&mut self, items: &[&[u8]]) {
        for item in items {
            self.bytes(item);
        }
    }
}

/// Work left while serialising: a node, or the closing of a directory
/// entry.
enum Task<'n> {
    Node(&'n Node),
    Name(&'n [u8]),
    Text(&'static [&'static [u8]]),
}

/// The SHA-256 of the NAR serialisation of `node`.
pub fn nar_sha256(io: &dyn EvalIo, node: &Node) -> Result<Vec<u8>, NarError> {
    let mut out = NarWriter {
        hasher: Sha256::new(),
    };
    out.bytes(b"nix-archive-1");
    let mut work = vec![Task::Node(node)];
    while let Some(task) = work.pop() {
        let node = match task {
            Task::Text(items) => {
                out.strs(items);
                continue;
            }
            Task::Name(name) => {
                out.bytes(name);
                continue;
            }
            Task::Node(node) => node,
        };
        match node {
            Node::Regular { executable, path } => {
                let contents = io.read_file(path).map_err(io_error(path))?;
                out.strs(&[b"(", b"type", b"regular"]);
                if *executable {
                    out.strs(&[b"executable", b""]);
                }
                out.strs(&[b"contents", &contents, b")"]);
            }
            Node::Symlink(target) => {
                out.strs(&[b"(", b"type", b"symlink", b"target", target, b")"])
            }
            Node::Directory(entries) => {
                out.strs(&[b"(", b"type", b"directory"]);
                work.push(Task::Text(&[b")"]));
                for (name, child) in entries.iter().rev() {
                    work.push(Task::Text(&[b")"]));
                    work.push(Task::Node(child));
                    work.push(Task::Text(&[b"node"]));
                    work.push(Task::Name(name));
                    work.push(Task::Text(&[b"entry", b"(", b"name"]));
                }
            }
        }
    }
    Ok(out.hasher.finalize().to_vec())
}
