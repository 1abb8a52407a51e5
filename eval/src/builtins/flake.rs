//! `builtins.parseFlakeRef` and `builtins.flakeRefToString`: flake
//! references as pure string functions, as current C++ Nix gives them,
//! for the common input types: `github:`/`gitlab:`/`sourcehut:`,
//! `git+…`, `hg+…`, `path:`, indirect references (`nixpkgs`,
//! `flake:nixpkgs/branch`) and tarball or file URLs (`https://…`,
//! `tarball+…`, `file+…`).
//!
//! A reference is a set of attributes (strings, non-negative integers,
//! Booleans) with a `type`; `dir` names a subdirectory and is written as
//! a `?dir=` query. Nothing is fetched and the file system is not looked
//! at: an absolute path is a `path` reference (C++ Nix would look for a
//! Git repository around it).

use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixAttrs, NixString, Value};
use crate::vm::generators::force;
use std::collections::BTreeMap;

/// The value of one attribute of a flake reference.
#[derive(Clone, Debug, PartialEq)]
enum Attr {
    Str(String),
    Int(u64),
    Bool(bool),
}

type Attrs = BTreeMap<String, Attr>;

fn error(message: String) -> ErrorKind {
    ErrorKind::InvalidFlakeRef(message)
}

/// A URL as C++ Nix's `ParsedURL`: the path and query decoded.
#[derive(Debug, Default)]
struct Url {
    scheme: String,
    authority: Option<String>,
    path: String,
    query: BTreeMap<String, String>,
    fragment: String,
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes all but unreserved characters and those in `keep`.
fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &c in s.as_bytes() {
        if c.is_ascii_alphanumeric() || b"-._~".contains(&c) || keep.as_bytes().contains(&c) {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

impl Url {
    fn parse(s: &str) -> Option<Url> {
        let (scheme, rest) = s.split_once(':')?;
        if !is_scheme(scheme) {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, percent_decode(f)),
            None => (rest, String::new()),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, q),
            None => (rest, ""),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(after) => {
                let end = after.find('/').unwrap_or(after.len());
                (Some(after[..end].to_string()), &after[end..])
            }
            None => (None, rest),
        };
        let mut decoded = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            if let Some((k, v)) = pair.split_once('=') {
                decoded
                    .entry(percent_decode(k))
                    .or_insert_with(|| percent_decode(v));
            }
        }
        Some(Url {
            scheme: scheme.to_string(),
            authority,
            path: percent_decode(path),
            query: decoded,
            fragment,
        })
    }
}

fn is_rev(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|c| c.is_ascii_hexdigit())
}

/// The URL written back in its canonical form.
impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = format!("{}:", self.scheme);
        if let Some(authority) = &self.authority {
            out.push_str("//");
            out.push_str(authority);
        }
        out.push_str(&percent_encode(&self.path, ":@/"));
        if !self.query.is_empty() {
            out.push('?');
            let pairs: Vec<String> = self
                .query
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        percent_encode(k, ":@/?"),
                        percent_encode(v, ":@/?")
                    )
                })
                .collect();
            out.push_str(&pairs.join("&"));
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&percent_encode(&self.fragment, ""));
        }
        f.write_str(&out)
    }
}

fn is_ref(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(c) if c.is_ascii_alphanumeric() || c == b'@')
        && bytes.all(|c| c.is_ascii_alphanumeric() || b"_./@+-".contains(&c))
}

fn is_flake_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(c) if c.is_ascii_alphabetic())
        && bytes.all(|c| c.is_ascii_alphanumeric() || b"_-".contains(&c))
}

fn str_attr(value: impl Into<String>) -> Attr {
    Attr::Str(value.into())
}

/// `github:owner/repo[/ref-or-rev]` and the like.
fn parse_git_archive(url: &Url, original: &str) -> Result<Attrs, ErrorKind> {
    let path: Vec<&str> = url.path.split('/').filter(|p| !p.is_empty()).collect();
    if path.len() < 2 {
        return Err(error(format!("URL '{original}' is invalid")));
    }
    let mut attrs = Attrs::new();
    attrs.insert("type".into(), str_attr(&url.scheme));
    attrs.insert("owner".into(), str_attr(path[0]));
    attrs.insert("repo".into(), str_attr(path[1]));
    let mut rev = None;
    let mut reference = None;
    if path.len() == 3 && is_rev(path[2]) {
        rev = Some(path[2].to_ascii_lowercase());
    } else if path.len() >= 3 {
        let rest = path[2..].join("/");
        if !is_ref(&rest) {
            return Err(error(format!(
                "in URL '{original}', '{rest}' is not a commit hash or branch/tag name"
            )));
        }
        reference = Some(rest);
    }
    for (name, value) in &url.query {
        match name.as_str() {
            "rev" if rev.is_some() => {
                return Err(error(format!(
                    "URL '{original}' contains multiple commit hashes"
                )))
            }
            "rev" if is_rev(value) => rev = Some(value.to_ascii_lowercase()),
            "rev" => return Err(error(format!("invalid Git commit hash '{value}'"))),
            "ref" if reference.is_some() => {
                return Err(error(format!(
                    "URL '{original}' contains multiple branch/tag names"
                )))
            }
            "ref" if is_ref(value) => reference = Some(value.clone()),
            "ref" => {
                return Err(error(format!(
                    "URL '{original}' contains an invalid branch/tag name"
                )))
            }
            "host" | "narHash" => {
                attrs.insert(name.clone(), str_attr(value));
            }
            _ => {}
        }
    }
    if reference.is_some() && rev.is_some() {
        return Err(error(format!(
            "URL '{original}' contains both a commit hash and a branch/tag name"
        )));
    }
    if let Some(rev) = rev {
        attrs.insert("rev".into(), Attr::Str(rev));
    }
    if let Some(reference) = reference {
        attrs.insert("ref".into(), Attr::Str(reference));
    }
    Ok(attrs)
}

/// `git+https://…?ref=…&rev=…` (and `git:`, `git+ssh:`, `git+file:`, …).
fn parse_git(mut url: Url, kind: &str) -> Attrs {
    let mut attrs = Attrs::new();
    attrs.insert("type".into(), str_attr(kind));
    let prefix = format!("{kind}+");
    if let Some(transport) = url.scheme.strip_prefix(&prefix) {
        url.scheme = transport.to_string();
    }
    let query = std::mem::take(&mut url.query);
    for (name, value) in query {
        match name.as_str() {
            "rev" | "ref" | "keytype" | "publicKey" | "publicKeys" => {
                attrs.insert(name, Attr::Str(value));
            }
            "shallow" | "submodules" | "lfs" | "exportIgnore" | "verifyCommit" if kind == "git" => {
                attrs.insert(name, Attr::Bool(value == "1"));
            }
            _ => {
                url.query.insert(name, value);
            }
        }
    }
    url.fragment.clear();
    attrs.insert("url".into(), Attr::Str(url.to_string()));
    attrs
}

/// `path:/some/dir?rev=…`.
fn parse_path(url: &Url, original: &str) -> Result<Attrs, ErrorKind> {
    if url.authority.as_deref().is_some_and(|a| !a.is_empty()) {
        return Err(error(format!(
            "path URL '{original}' should not have an authority"
        )));
    }
    let mut attrs = Attrs::new();
    attrs.insert("type".into(), str_attr("path"));
    attrs.insert("path".into(), str_attr(&url.path));
    for (name, value) in &url.query {
        match name.as_str() {
            "rev" | "narHash" => {
                attrs.insert(name.clone(), str_attr(value));
            }
            "revCount" | "lastModified" => match value.parse::<u64>() {
                Ok(n) => {
                    attrs.insert(name.clone(), Attr::Int(n));
                }
                Err(_) => {
                    return Err(error(format!(
                        "path URL '{original}' has invalid parameter '{name}'"
                    )))
                }
            },
            _ => {
                return Err(error(format!(
                    "path URL '{original}' has unsupported parameter '{name}'"
                )))
            }
        }
    }
    Ok(attrs)
}

/// `nixpkgs`, `nixpkgs/branch`, `nixpkgs/<rev>`, `nixpkgs/branch/<rev>`.
fn parse_indirect(path: &str, original: &str) -> Result<Attrs, ErrorKind> {
    let parts: Vec<&str> = path.split('/').collect();
    let (reference, rev) = match parts.as_slice() {
        [_] => (None, None),
        [_, r] if is_rev(r) => (None, Some(*r)),
        [_, r] if is_ref(r) => (Some(*r), None),
        [_, r, h] if is_ref(r) && is_rev(h) => (Some(*r), Some(*h)),
        _ => {
            return Err(error(format!(
                "'{original}' is not a valid flake reference"
            )))
        }
    };
    if !is_flake_id(parts[0]) {
        return Err(error(format!("'{}' is not a valid flake ID", parts[0])));
    }
    let mut attrs = Attrs::new();
    attrs.insert("type".into(), str_attr("indirect"));
    attrs.insert("id".into(), str_attr(parts[0]));
    if let Some(r) = reference {
        attrs.insert("ref".into(), str_attr(r));
    }
    if let Some(h) = rev {
        attrs.insert("rev".into(), Attr::Str(h.to_ascii_lowercase()));
    }
    Ok(attrs)
}

/// `https://…` (a tarball), `tarball+https://…`, `file+https://…`.
fn parse_curl(mut url: Url, kind: &str) -> Attrs {
    let mut attrs = Attrs::new();
    if let Some((_, transport)) = url.scheme.split_once('+') {
        url.scheme = transport.to_string();
    }
    for name in ["narHash", "rev"] {
        if let Some(value) = url.query.remove(name) {
            attrs.insert(name.into(), Attr::Str(value));
        }
    }
    for name in ["revCount", "lastModified"] {
        if let Some(value) = url.query.remove(name) {
            if let Ok(n) = value.parse::<u64>() {
                attrs.insert(name.into(), Attr::Int(n));
            }
        }
    }
    attrs.insert("type".into(), str_attr(kind));
    attrs.insert("url".into(), Attr::Str(url.to_string()));
    attrs
}

/// The attributes of a flake reference string (`dir` included).
fn parse_flake_ref(s: &str) -> Result<Attrs, ErrorKind> {
    let (body, fragment) = match s.split_once('#') {
        Some((b, f)) => (b, f),
        None => (s, ""),
    };
    if !fragment.is_empty() {
        return Err(error(format!(
            "unexpected fragment '{fragment}' in flake reference '{s}'"
        )));
    }
    if body.split('/').next().is_some_and(is_flake_id) && !body.contains(':') {
        return parse_indirect(body, s);
    }
    let mut url = match Url::parse(body) {
        Some(url) => url,
        None if body.starts_with('/') => Url {
            scheme: "path".into(),
            path: body.to_string(),
            ..Url::default()
        },
        None => return Err(error(format!("'{s}' is not a valid flake reference"))),
    };
    let dir = url.query.remove("dir");
    let (application, transport) = match url.scheme.split_once('+') {
        Some((a, t)) => (Some(a.to_string()), t.to_string()),
        None => (None, url.scheme.clone()),
    };
    let mut attrs = match (application.as_deref(), transport.as_str()) {
        (None, "github" | "gitlab" | "sourcehut") => parse_git_archive(&url, s)?,
        (None, "flake") => parse_indirect(&url.path, s)?,
        (None, "path") => parse_path(&url, s)?,
        (None, "git") | (Some("git"), _) => parse_git(url, "git"),
        (Some("hg"), _) => parse_git(url, "hg"),
        (None, "http" | "https" | "file") | (Some("tarball"), "http" | "https" | "file") => {
            parse_curl(url, "tarball")
        }
        (Some("file"), "http" | "https" | "file") => parse_curl(url, "file"),
        _ => return Err(error(format!("input '{s}' is unsupported"))),
    };
    if let Some(dir) = dir.filter(|d| !d.is_empty()) {
        attrs.insert("dir".into(), Attr::Str(dir));
    }
    Ok(attrs)
}

fn get_str<'a>(attrs: &'a Attrs, name: &str) -> Result<&'a str, ErrorKind> {
    match attrs.get(name) {
        Some(Attr::Str(s)) => Ok(s),
        Some(_) => Err(error(format!("input attribute '{name}' is not a string"))),
        None => Err(error(format!("input attribute '{name}' is missing"))),
    }
}

fn opt_str<'a>(attrs: &'a Attrs, name: &str) -> Result<Option<&'a str>, ErrorKind> {
    match attrs.get(name) {
        None => Ok(None),
        Some(_) => get_str(attrs, name).map(Some),
    }
}

fn is_true(attrs: &Attrs, name: &str) -> bool {
    matches!(attrs.get(name), Some(Attr::Bool(true)))
}

/// The attributes each input type accepts (besides `type`).
fn allowed(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "github" | "gitlab" | "sourcehut" => &[
            "owner",
            "repo",
            "ref",
            "rev",
            "narHash",
            "lastModified",
            "host",
            "treeHash",
        ],
        "git" => &[
            "url",
            "ref",
            "rev",
            "shallow",
            "submodules",
            "lfs",
            "exportIgnore",
            "lastModified",
            "revCount",
            "narHash",
            "allRefs",
            "name",
            "dirtyRev",
            "dirtyShortRev",
            "verifyCommit",
            "keytype",
            "publicKey",
            "publicKeys",
        ],
        "hg" => &["url", "ref", "rev", "revCount", "narHash", "name"],
        "path" => &["path", "rev", "revCount", "lastModified", "narHash"],
        "indirect" => &["id", "ref", "rev", "narHash"],
        "tarball" | "file" => &[
            "url",
            "narHash",
            "name",
            "unpack",
            "rev",
            "revCount",
            "lastModified",
        ],
        _ => return None,
    })
}

/// The URL of a flake reference given as attributes.
fn flake_ref_to_string(mut attrs: Attrs) -> Result<String, ErrorKind> {
    let dir = match attrs.remove("dir") {
        Some(Attr::Str(d)) => d,
        Some(_) => return Err(error("input attribute 'dir' is not a string".into())),
        None => String::new(),
    };
    let kind = match attrs.get("type") {
        Some(Attr::Str(t)) => t.clone(),
        Some(_) => return Err(error("input attribute 'type' is not a string".into())),
        None => {
            return Err(error(
                "'type' attribute to specify input scheme is required but not provided".into(),
            ))
        }
    };
    let Some(allowed) = allowed(&kind) else {
        return Err(error(format!("input type '{kind}' is not supported")));
    };
    if let Some(name) = attrs
        .keys()
        .find(|k| k.as_str() != "type" && !allowed.contains(&k.as_str()))
    {
        return Err(error(format!(
            "input attribute '{name}' not supported by scheme '{kind}'"
        )));
    }
    let mut url = match kind.as_str() {
        "github" | "gitlab" | "sourcehut" => {
            let mut path = format!("{}/{}", get_str(&attrs, "owner")?, get_str(&attrs, "repo")?);
            match (opt_str(&attrs, "ref")?, opt_str(&attrs, "rev")?) {
                (Some(_), Some(_)) => {
                    return Err(error(
                        "input has both a branch/tag name and a commit hash".into(),
                    ))
                }
                (Some(r), None) | (None, Some(r)) => {
                    path.push('/');
                    path.push_str(r);
                }
                (None, None) => {}
            }
            let mut url = Url {
                scheme: kind.clone(),
                path,
                ..Url::default()
            };
            for name in ["narHash", "host"] {
                if let Some(value) = opt_str(&attrs, name)? {
                    url.query.insert(name.into(), value.into());
                }
            }
            url
        }
        "git" | "hg" => {
            let location = get_str(&attrs, "url")?;
            let mut url = Url::parse(location)
                .ok_or_else(|| error(format!("'{location}' is not a valid URL")))?;
            if url.scheme != kind {
                url.scheme = format!("{kind}+{}", url.scheme);
            }
            for name in ["rev", "ref", "keytype", "publicKey", "publicKeys"] {
                if let Some(value) = opt_str(&attrs, name)? {
                    url.query.insert(name.into(), value.into());
                }
            }
            for name in [
                "shallow",
                "lfs",
                "submodules",
                "exportIgnore",
                "verifyCommit",
            ] {
                if is_true(&attrs, name) {
                    url.query.insert(name.into(), "1".into());
                }
            }
            url
        }
        "path" => {
            let mut url = Url {
                scheme: "path".into(),
                path: get_str(&attrs, "path")?.to_string(),
                ..Url::default()
            };
            for (name, value) in &attrs {
                if name == "type" || name == "path" {
                    continue;
                }
                let value = match value {
                    Attr::Str(s) => s.clone(),
                    Attr::Int(n) => n.to_string(),
                    Attr::Bool(b) => if *b { "1" } else { "0" }.to_string(),
                };
                url.query.insert(name.clone(), value);
            }
            url
        }
        "indirect" => {
            let mut path = get_str(&attrs, "id")?.to_string();
            for name in ["ref", "rev"] {
                if let Some(value) = opt_str(&attrs, name)? {
                    path.push('/');
                    path.push_str(value);
                }
            }
            Url {
                scheme: "flake".into(),
                path,
                ..Url::default()
            }
        }
        _ => {
            let location = get_str(&attrs, "url")?;
            let mut url = Url::parse(location)
                .ok_or_else(|| error(format!("'{location}' is not a valid URL")))?;
            if let Some(hash) = opt_str(&attrs, "narHash")? {
                url.query.insert("narHash".into(), hash.into());
            }
            url
        }
    };
    if !dir.is_empty() {
        url.query.insert("dir".into(), dir);
    }
    Ok(url.to_string())
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::plain(
            "parseFlakeRef",
            "The attributes of a flake reference (`type`, `owner`, `ref`, `dir`, ...).",
            |(s,): (NixString,)| {
                let s = s.require_no_context()?.to_str_lossy().into_owned();
                let attrs: NixAttrs = parse_flake_ref(&s)?
                    .into_iter()
                    .map(|(name, value)| {
                        let value = match value {
                            Attr::Str(s) => Value::from(s),
                            Attr::Int(n) => Value::Integer(i64::try_from(n).unwrap_or(i64::MAX)),
                            Attr::Bool(b) => Value::Bool(b),
                        };
                        (NixString::from(name), value)
                    })
                    .collect();
                Ok(Value::Attrs(attrs))
            },
        ),
        BuiltinDef::generator(
            "flakeRefToString",
            "The URL of a flake reference given as attributes.",
            |co, (set,): (NixAttrs,)| {
                Box::pin(async move {
                    let mut attrs = Attrs::new();
                    for (name, value) in set.iter() {
                        let name = name.to_string();
                        let value = match force(&co, value.clone()).await {
                            Value::Integer(n) if n < 0 => {
                                return Err(error(format!(
                                    "negative value given for flake ref attr {name}: {n}"
                                )))
                            }
                            Value::Integer(n) => Attr::Int(n as u64),
                            Value::Bool(b) => Attr::Bool(b),
                            Value::String(s) => Attr::Str(s.to_str_lossy().into_owned()),
                            other => {
                                return Err(error(format!(
                                    "flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '{name}' is {}",
                                    other.type_description()
                                )))
                            }
                        };
                        attrs.insert(name, value);
                    }
                    Ok(Value::from(flake_ref_to_string(attrs)?))
                })
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) -> String {
        flake_ref_to_string(parse_flake_ref(s).unwrap()).unwrap()
    }

    #[test]
    fn round_trips() {
        assert_eq!(
            round_trip("github:NixOS/nixpkgs/23.05?dir=lib"),
            "github:NixOS/nixpkgs/23.05?dir=lib"
        );
        assert_eq!(round_trip("nixpkgs"), "flake:nixpkgs");
        assert_eq!(
            round_trip("flake:nixpkgs/nixos-23.05"),
            "flake:nixpkgs/nixos-23.05"
        );
        assert_eq!(
            round_trip("git+https://example.org/repo.git?ref=main&shallow=1"),
            "git+https://example.org/repo.git?ref=main&shallow=1"
        );
        assert_eq!(round_trip("path:/some/dir"), "path:/some/dir");
        assert_eq!(round_trip("/some/dir"), "path:/some/dir");
        assert_eq!(
            round_trip("https://example.org/x.tar.gz"),
            "https://example.org/x.tar.gz"
        );
    }

    #[test]
    fn errors() {
        assert!(parse_flake_ref("github:NixOS").is_err());
        assert!(parse_flake_ref("nixpkgs#foo").is_err());
        assert!(parse_flake_ref("unknown:thing").is_err());
        assert!(parse_flake_ref("path:/x?foo=1").is_err());
        let mut attrs = Attrs::new();
        attrs.insert("type".into(), str_attr("github"));
        assert!(flake_ref_to_string(attrs.clone()).is_err());
        attrs.insert("bogus".into(), str_attr("x"));
        assert!(flake_ref_to_string(attrs).is_err());
    }
}
