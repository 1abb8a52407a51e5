//! The Nix search path as text: `-I` entries (`prefix=path` or a bare
//! `path`) and `NIX_PATH` (entries separated by colons, URLs kept whole),
//! as C++ Nix reads them.

use std::path::PathBuf;

/// Whether a search path entry is a URL (never looked at by this
/// evaluator, which cannot fetch).
pub fn is_url(path: &str) -> bool {
    crate::paths::is_url(path.as_bytes())
}

/// One entry: `PREFIX=PATH` or `PATH`. Relative paths are made absolute
/// against the current directory, as C++ Nix does; URLs are kept as they
/// are.
pub fn parse_entry(entry: &str) -> (Option<String>, PathBuf) {
    let (prefix, path) = match entry.split_once('=') {
        Some((prefix, path)) => (Some(prefix.to_string()), path),
        None => (None, entry),
    };
    let url = is_url(path);
    let path = PathBuf::from(path);
    if url || path.is_absolute() || path.as_os_str().is_empty() {
        return (prefix, path);
    }
    (prefix, std::path::absolute(&path).unwrap_or(path))
}

/// Splits `NIX_PATH` at colons, keeping URLs (`nixpkgs=https://...`,
/// `flake:x`) whole, as C++ Nix does. Empty entries are dropped.
pub fn split_nix_path(nix_path: &str) -> Vec<String> {
    const URL_PREFIXES: &[&str] = &[
        "http://", "https://", "file://", "git://", "s3://", "ssh://", "channel:", "flake:",
    ];
    let s = nix_path.as_bytes();
    let mut entries = Vec::new();
    let mut start = 0;
    while start < s.len() {
        // The entry's path starts after its last `=`.
        let mut end = start;
        let mut path_start = start;
        while end < s.len() && s[end] != b':' {
            if s[end] == b'=' {
                path_start = end + 1;
            }
            end += 1;
        }
        if end < s.len()
            && URL_PREFIXES
                .iter()
                .any(|p| s[path_start..].starts_with(p.as_bytes()))
        {
            // That colon was the URL scheme's: the entry goes on.
            end += 1;
            while end < s.len() && s[end] != b':' {
                end += 1;
            }
        }
        if end > start {
            entries.push(String::from_utf8_lossy(&s[start..end]).into_owned());
        }
        start = end + 1;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nix_path_splitting() {
        assert_eq!(split_nix_path("a:b=/c:/d"), ["a", "b=/c", "/d"]);
        assert_eq!(split_nix_path(""), Vec::<String>::new());
        assert_eq!(split_nix_path("::a::"), ["a"]);
        assert_eq!(
            split_nix_path("nixpkgs=https://x.org/a.tar.gz:/b:https://y/c:flake:z"),
            [
                "nixpkgs=https://x.org/a.tar.gz",
                "/b",
                "https://y/c",
                "flake:z"
            ]
        );
        assert_eq!(split_nix_path("/a:b=c=d"), ["/a", "b=c=d"]);
    }

    #[test]
    fn entries() {
        let cwd = std::env::current_dir().expect("current directory");
        assert_eq!(
            parse_entry("dir5=lang/dir3"),
            (Some("dir5".into()), cwd.join("lang/dir3"))
        );
        assert_eq!(
            parse_entry("nixpkgs=https://x/y.tar.gz"),
            (Some("nixpkgs".into()), PathBuf::from("https://x/y.tar.gz"))
        );
        assert_eq!(parse_entry("/a/b"), (None, PathBuf::from("/a/b")));
    }
}
