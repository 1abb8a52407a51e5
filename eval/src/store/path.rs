//! Store paths as C++ Nix computes them, without a store: the
//! fingerprint `TYPE:sha256:HASH:STOREDIR:NAME` hashed with SHA-256,
//! compressed to 160 bits and written in Nix's base-32; the paths of
//! copied sources and fixed-output derivations (`makeFixedOutputPath`),
//! of text files (`makeTextPath`) and of derivation outputs; and the
//! validation of names and of existing store paths.

use crate::errors::ErrorKind;
use crate::hash::{base16, nix32, Algo};
use std::collections::BTreeSet;

/// The length of the hash part of a store path's base name.
pub const HASH_LEN: usize = 32;

/// The longest name part of a store path.
pub const MAX_NAME_LEN: usize = 211;

/// How a file tree is hashed for a fixed-output path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The contents of a single regular file.
    Flat,
    /// The NAR serialisation of a file tree.
    Recursive,
}

impl Method {
    /// The prefix of the algorithm in derivations and fingerprints.
    pub fn prefix(self) -> &'static str {
        match self {
            Method::Flat => "",
            Method::Recursive => "r:",
        }
    }
}

/// A content hash: an algorithm and its digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hash {
    pub(crate) algo: Algo,
    pub(crate) digest: Vec<u8>,
}

impl Hash {
    /// The SHA-256 hash of `data`.
    pub fn sha256(data: &[u8]) -> Hash {
        Hash {
            algo: Algo::Sha256,
            digest: Algo::Sha256.digest(data),
        }
    }

    /// `algo:base16`, as fingerprints write a typed hash.
    pub fn typed_base16(&self) -> String {
        format!("{}:{}", self.algo.name(), base16(&self.digest))
    }
}

/// XORs `digest` down to `size` bytes, as Nix's `compressHash`.
fn compress(digest: &[u8], size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    for (i, byte) in digest.iter().enumerate() {
        out[i % size] ^= byte;
    }
    out
}

/// Why a name cannot be the name of a store path, if it cannot.
pub fn name_error(name: &[u8]) -> Option<String> {
    if name.is_empty() {
        return Some("name must not be empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Some(format!(
            "name must be no longer than {MAX_NAME_LEN} characters"
        ));
    }
    if let Some(at) = name.iter().position(|&c| !is_name_char(c)) {
        let shown = String::from_utf8_lossy(&name[at..])
            .chars()
            .next()
            .unwrap_or('?');
        return Some(format!("contains illegal character '{shown}'"));
    }
    None
}

/// The characters of a store path name: `[a-zA-Z0-9+-._?=]`.
pub fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"+-._?=".contains(&c)
}

/// The characters of Nix's base-32 alphabet (no `e`, `o`, `u`, `t`).
fn is_nix32_char(c: u8) -> bool {
    matches!(c, b'0'..=b'9' | b'a'..=b'z') && !matches!(c, b'e' | b'o' | b'u' | b't')
}

/// Checks that `name` can name a store path: the error C++ Nix gives
/// when it builds the path `HASH-NAME` otherwise.
pub fn check_name(hash_part: &str, name: &[u8]) -> Result<(), ErrorKind> {
    let base = format!("{hash_part}-{}", String::from_utf8_lossy(name));
    match name_error(name) {
        None => Ok(()),
        Some(_) if name.is_empty() => Err(ErrorKind::InvalidStorePathName {
            path: base,
            reason: "has an empty name".into(),
        }),
        Some(_) if name.len() > MAX_NAME_LEN => Err(ErrorKind::InvalidStorePathName {
            path: base,
            reason: format!("has a name longer than {MAX_NAME_LEN} characters"),
        }),
        Some(reason) => Err(ErrorKind::InvalidStorePathName { path: base, reason }),
    }
}

/// The store directory and the paths computed inside it.
#[derive(Clone, Debug)]
pub struct StoreDir(String);

impl StoreDir {
    /// A store directory; a trailing slash is dropped.
    pub fn new(dir: &str) -> StoreDir {
        let trimmed = dir.trim_end_matches('/');
        StoreDir(if trimmed.is_empty() {
            "/".into()
        } else {
            trimmed.into()
        })
    }

    /// The directory as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `makeStorePath`: the path for a fingerprint of `kind`, the
    /// SHA-256 `hash` and `name`.
    pub fn make(&self, kind: &str, hash: &[u8], name: &[u8]) -> Result<String, ErrorKind> {
        let mut fingerprint = format!("{kind}:sha256:{}:{}:", base16(hash), self.0).into_bytes();
        fingerprint.extend_from_slice(name);
        let digest = Algo::Sha256.digest(&fingerprint);
        let hash_part = nix32(&compress(&digest, 20));
        check_name(&hash_part, name)?;
        Ok(format!(
            "{}/{hash_part}-{}",
            self.0,
            String::from_utf8_lossy(name)
        ))
    }

    /// The kind of a fingerprint with references (`makeType`).
    fn kind_with_references(kind: &str, references: &BTreeSet<String>) -> String {
        let mut out = kind.to_string();
        for reference in references {
            out.push(':');
            out.push_str(reference);
        }
        out
    }

    /// `makeFixedOutputPath`: a source copied or a fixed-output
    /// derivation's output. References are only possible for SHA-256
    /// NAR hashes (C++ Nix asserts it; callers never pass others).
    pub fn fixed_output(
        &self,
        method: Method,
        hash: &Hash,
        name: &[u8],
        references: &BTreeSet<String>,
    ) -> Result<String, ErrorKind> {
        if hash.algo == Algo::Sha256 && method == Method::Recursive {
            let kind = Self::kind_with_references("source", references);
            return self.make(&kind, &hash.digest, name);
        }
        let inner = format!("fixed:out:{}{}:", method.prefix(), hash.typed_base16());
        self.make("output:out", &Algo::Sha256.digest(inner.as_bytes()), name)
    }

    /// `makeTextPath`: a text file (`toFile`, a `.drv`) with references.
    pub fn text(
        &self,
        name: &[u8],
        contents: &[u8],
        references: &BTreeSet<String>,
    ) -> Result<String, ErrorKind> {
        let kind = Self::kind_with_references("text", references);
        self.make(&kind, &Algo::Sha256.digest(contents), name)
    }

    /// `makeOutputPath`: the path of an input-addressed output.
    pub fn output(&self, output: &str, hash: &[u8], drv_name: &[u8]) -> Result<String, ErrorKind> {
        let mut name = drv_name.to_vec();
        if output != "out" {
            name.push(b'-');
            name.extend_from_slice(output.as_bytes());
        }
        self.make(&format!("output:{output}"), hash, &name)
    }

    /// Whether `path` is a store path: `DIR/<32 base-32 chars>-<name>`
    /// with a valid name and nothing below it.
    pub fn is_store_path(&self, path: &str) -> bool {
        self.base_name(path)
            .is_some_and(|base| is_base_name(base.as_bytes()))
    }

    /// The part of `path` after `DIR/`, if it is inside the store.
    fn base_name<'p>(&self, path: &'p str) -> Option<&'p str> {
        let rest = path.strip_prefix(self.0.as_str())?;
        if self.0 == "/" {
            return Some(rest);
        }
        rest.strip_prefix('/')
    }

    /// The store path `path` is in (`DIR/HASH-NAME` of `DIR/HASH-NAME/sub`).
    pub fn containing_store_path<'p>(&self, path: &'p str) -> Option<&'p str> {
        let base = self.base_name(path)?;
        let first = base.split('/').next()?;
        if !is_base_name(first.as_bytes()) {
            return None;
        }
        let len = path.len() - base.len() + first.len();
        Some(&path[..len])
    }
}

/// Whether `base` is `<32 base-32 chars>-<valid name>`.
fn is_base_name(base: &[u8]) -> bool {
    base.len() > HASH_LEN + 1
        && base[HASH_LEN] == b'-'
        && base[..HASH_LEN].iter().all(|&c| is_nix32_char(c))
        && name_error(&base[HASH_LEN + 1..]).is_none()
}

/// Whether a store path names a derivation (its name ends in `.drv`).
pub fn is_derivation(path: &str) -> bool {
    path.ends_with(".drv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_as_nix_computes_them() {
        let dir = StoreDir::new("/nix/store");
        // `builtins.toFile "plain" "some text\n"` in C++ Nix 2.8.
        let path = dir
            .text(b"plain", b"some text\n", &BTreeSet::new())
            .unwrap();
        assert_eq!(path, "/nix/store/hhyqzby2xgv3ql7pz1ysfyy4r6ggm6ll-plain");
        // `builtins.path { path = ./hello.txt; recursive = false; }` of
        // a file holding "hello\n".
        let flat = dir
            .fixed_output(
                Method::Flat,
                &Hash::sha256(b"hello\n"),
                b"hello.txt",
                &BTreeSet::new(),
            )
            .unwrap();
        assert_eq!(
            flat,
            "/nix/store/gy454w1cxaq731grqwylhzf4pp9r5izh-hello.txt"
        );
        assert!(dir.is_store_path(&path));
        assert!(dir.text(b"a b", b"", &BTreeSet::new()).is_err());
    }

    #[test]
    fn store_paths() {
        let dir = StoreDir::new("/nix/store");
        let hash = "0123456789abcdfghijklmnpqrsvwxyz";
        assert!(dir.is_store_path(&format!("/nix/store/{hash}-foo-1.0")));
        assert!(!dir.is_store_path("/nix/store/abc-foo"));
        assert!(!dir.is_store_path(&format!("/tmp/{hash}-foo")));
        assert!(!dir.is_store_path(&format!("/nix/store/{hash}-")));
        assert!(!dir.is_store_path(&format!("/nix/store/{hash}_foo")));
        assert!(!dir.is_store_path(&format!("/nix/store/{hash}-a/b")));
        assert!(!dir.is_store_path(&format!("/nix/store/{hash}-a b")));
        let bad_hash = "e123456789abcdfghijklmnpqrsvwxyz";
        assert!(!dir.is_store_path(&format!("/nix/store/{bad_hash}-foo")));
        assert_eq!(
            dir.containing_store_path(&format!("/nix/store/{hash}-a/b/c")),
            Some(format!("/nix/store/{hash}-a").as_str())
        );
    }

    #[test]
    fn names() {
        assert!(name_error(b"hello-1.0_x+y?z=").is_none());
        assert!(name_error(b"").is_some());
        assert!(name_error(b"a b").is_some());
        assert!(name_error(&[b'a'; 212]).is_some());
        assert!(check_name("h", "é".as_bytes()).is_err());
    }
}
