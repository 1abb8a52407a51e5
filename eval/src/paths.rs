//! Paths as Nix handles them: bytes (a path is any byte string without a
//! NUL, as on Unix), lexical canonicalisation (`.`, `..` and repeated
//! slashes removed without asking the file system), base and directory
//! names as C++ Nix computes them, and URLs in place of paths. The lowest
//! layer: values, the compiler, I/O and builtins all use it.

use std::path::{Component, Path, PathBuf};

/// The path of these bytes.
pub(crate) fn bytes_to_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

/// The bytes of a path.
pub(crate) fn path_bytes(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// Removes `.`, `..` and repeated slashes lexically, as Nix does for paths.
pub fn canonicalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::from("/");
    for component in path.components() {
        match component {
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(c) => out.push(c),
        }
    }
    out
}

/// The last component of a path string (`a/b/` gives `b`, `a//` gives
/// the empty string, as in C++ Nix).
pub(crate) fn base_name(s: &[u8]) -> &[u8] {
    if s.is_empty() {
        return s;
    }
    let mut last = s.len() - 1;
    if s[last] == b'/' && last > 0 {
        last -= 1;
    }
    let start = s[..=last]
        .iter()
        .rposition(|&c| c == b'/')
        .map_or(0, |p| p + 1);
    if start > last {
        return &[];
    }
    &s[start..=last]
}

/// Everything before the last `/`: `.` without one, `/` for the root.
pub(crate) fn dir_name(s: &[u8]) -> &[u8] {
    match s.iter().rposition(|&c| c == b'/') {
        None => b".",
        Some(0) => b"/",
        Some(p) => &s[..p],
    }
}

/// Whether a path or search path entry is a URL (`https://...`,
/// `channel:...`, `flake:...`), which this evaluator cannot fetch.
pub fn is_url(path: &[u8]) -> bool {
    path.windows(3).any(|w| w == b"://")
        || path.starts_with(b"channel:")
        || path.starts_with(b"flake:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_and_dir_names() {
        assert_eq!(base_name(b"a//"), b"");
        assert_eq!(base_name(b"a/"), b"a");
        assert_eq!(base_name(b"a//b"), b"b");
        assert_eq!(base_name(b"/"), b"");
        assert_eq!(dir_name(b"a///b"), b"a//");
        assert_eq!(dir_name(b"//"), b"/");
        assert_eq!(dir_name(b"x"), b".");
        assert_eq!(bytes_to_path(dir_name(b"/a")), PathBuf::from("/"));
    }

    #[test]
    fn canonical_paths() {
        assert_eq!(
            canonicalise(Path::new("/a/./b//../c")),
            PathBuf::from("/a/c")
        );
        assert_eq!(canonicalise(Path::new("/..")), PathBuf::from("/"));
        assert!(is_url(b"https://example.org/x.tar.gz"));
        assert!(is_url(b"channel:nixos-unstable"));
        assert!(!is_url(b"/nix/store"));
    }
}
