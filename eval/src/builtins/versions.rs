//! Version strings: `compareVersions`, `splitVersion`, `parseDrvName`.
//!
//! A version splits into components at `.` and `-`, and between runs of
//! digits and non-digits (`1.2pre3` is `1`, `2`, `pre`, `3`). Components
//! compare numerically when both are numbers; otherwise `pre` is older
//! than anything, a missing component is older than a number, a number
//! is newer than a word, and words compare as bytes.

use super::support::attrs_of;
use crate::value::{BuiltinDef, NixList, NixString, Value};
use std::cmp::Ordering;

/// The next component of `s` starting at `*pos` (empty at the end).
fn next_component<'a>(s: &'a [u8], pos: &mut usize) -> &'a [u8] {
    while *pos < s.len() && (s[*pos] == b'.' || s[*pos] == b'-') {
        *pos += 1;
    }
    let start = *pos;
    if start < s.len() && s[start].is_ascii_digit() {
        while *pos < s.len() && s[*pos].is_ascii_digit() {
            *pos += 1;
        }
    } else {
        while *pos < s.len() && !s[*pos].is_ascii_digit() && s[*pos] != b'.' && s[*pos] != b'-' {
            *pos += 1;
        }
    }
    &s[start..*pos]
}

/// A component as a number, if it is one that fits.
fn as_number(c: &[u8]) -> Option<u64> {
    if c.is_empty() || !c.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(c).ok()?.parse().ok()
}

/// Whether component `a` is older than component `b`.
fn component_less(a: &[u8], b: &[u8]) -> bool {
    let (na, nb) = (as_number(a), as_number(b));
    if let (Some(x), Some(y)) = (na, nb) {
        return x < y;
    }
    if a.is_empty() && nb.is_some() {
        return true;
    }
    if a == b"pre" && b != b"pre" {
        return true;
    }
    if b == b"pre" {
        return false;
    }
    if nb.is_some() {
        return true;
    }
    if na.is_some() {
        return false;
    }
    a < b
}

pub(crate) fn compare_versions(a: &[u8], b: &[u8]) -> Ordering {
    let (mut pa, mut pb) = (0, 0);
    while pa < a.len() || pb < b.len() {
        let ca = next_component(a, &mut pa);
        let cb = next_component(b, &mut pb);
        if component_less(ca, cb) {
            return Ordering::Less;
        }
        if component_less(cb, ca) {
            return Ordering::Greater;
        }
    }
    Ordering::Equal
}

fn split_version(s: &[u8]) -> Vec<&[u8]> {
    let mut components = Vec::new();
    let mut pos = 0;
    while pos < s.len() {
        let component = next_component(s, &mut pos);
        if component.is_empty() {
            break;
        }
        components.push(component);
    }
    components
}

/// Splits a derivation name at the first `-` not followed by a letter.
fn parse_drv_name(s: &[u8]) -> (&[u8], &[u8]) {
    for i in 0..s.len() {
        if s[i] == b'-' && i + 1 < s.len() && !s[i + 1].is_ascii_alphabetic() {
            return (&s[..i], &s[i + 1..]);
        }
    }
    (s, b"")
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        // The first version's context is refused before the second's
        // type is checked.
        BuiltinDef::plain(
            "compareVersions",
            "-1, 0 or 1 as the first version is older than, the same as or newer than the second.",
            |(a, b): (NixString, Value)| {
                let ordering = compare_versions(
                    a.require_no_context()?.as_bytes(),
                    b.as_str()?.require_no_context()?.as_bytes(),
                );
                Ok(Value::Integer(match ordering {
                    Ordering::Less => -1,
                    Ordering::Equal => 0,
                    Ordering::Greater => 1,
                }))
            },
        ),
        BuiltinDef::plain(
            "splitVersion",
            "The components of a version string.",
            |(s,): (NixString,)| {
                let components: NixList = split_version(s.require_no_context()?.as_bytes())
                    .into_iter()
                    .map(|c| Value::String(NixString::from(c)))
                    .collect();
                Ok(Value::List(components))
            },
        ),
        BuiltinDef::plain(
            "parseDrvName",
            "Splits a package name like `nix-0.12pre12876` into `{ name, version }`.",
            |(s,): (NixString,)| {
                let (name, version) = parse_drv_name(s.require_no_context()?.as_bytes());
                Ok(attrs_of([
                    ("name", Value::String(NixString::from(name))),
                    ("version", Value::String(NixString::from(version))),
                ]))
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(compare_versions(b"1.0", b"2.3"), Ordering::Less);
        assert_eq!(compare_versions(b"2.3.1", b"2.3a"), Ordering::Greater);
        assert_eq!(compare_versions(b"2.3pre1", b"2.3"), Ordering::Less);
        assert_eq!(compare_versions(b"2.3", b"2.3"), Ordering::Equal);
        assert_eq!(
            split_version(b"1.2pre3-a"),
            vec![&b"1"[..], b"2", b"pre", b"3", b"a"]
        );
        assert_eq!(
            parse_drv_name(b"xf86-video-i810-1.7.4"),
            (&b"xf86-video-i810"[..], &b"1.7.4"[..])
        );
    }
}
