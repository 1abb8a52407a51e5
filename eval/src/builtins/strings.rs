//! String builtins: `stringLength`, `substring`, `concatStringsSep`,
//! `replaceStrings`. Strings are byte strings, so lengths and offsets
//! count bytes, as in C++ Nix.

use super::support::{arg, force_string};
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixString, Value};
use crate::vm::algorithms::{coerce_to_string, CoercionKind};
use crate::vm::generators::GenCo;

/// Coerces like string interpolation does (strings, paths, sets with
/// `__toString` or `outPath`), avoiding the coercion for plain strings.
async fn coerce(co: &GenCo, value: Value) -> Result<NixString, ErrorKind> {
    match value {
        Value::String(s) => Ok(s),
        other => coerce_to_string(co, other, CoercionKind::Interpolation).await,
    }
}

/// `substring start len s` on bytes: a negative `len` means "to the end".
fn substring(s: &NixString, start: i64, len: i64) -> Result<NixString, ErrorKind> {
    if start < 0 {
        return Err(ErrorKind::Other(
            "negative start position in 'substring'".into(),
        ));
    }
    let bytes = s.as_bytes();
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    if start >= bytes.len() {
        return Ok(NixString::from(""));
    }
    let end = if len < 0 {
        bytes.len()
    } else {
        start
            .saturating_add(usize::try_from(len).unwrap_or(usize::MAX))
            .min(bytes.len())
    };
    if start == 0 && end == bytes.len() {
        return Ok(s.clone());
    }
    Ok(NixString::from(&bytes[start..end]))
}

/// `replaceStrings from to s`: at each position the first pattern of
/// `from` that matches is replaced by the corresponding `to` (forced
/// only when used); an empty pattern matches at every position,
/// including the end.
async fn replace_strings(
    co: &GenCo,
    from: Vec<NixString>,
    to: Vec<Value>,
    s: &[u8],
) -> Result<Vec<u8>, ErrorKind> {
    let mut replacements: Vec<Option<NixString>> = vec![None; to.len()];
    let has_empty = from.iter().any(|f| f.is_empty());
    let mut can_start = [false; 256];
    for pattern in &from {
        if let Some(&first) = pattern.as_bytes().first() {
            can_start[first as usize] = true;
        }
    }
    let mut out = Vec::with_capacity(s.len());
    let mut p = 0;
    while p <= s.len() {
        if !has_empty {
            let start = p;
            while p < s.len() && !can_start[s[p] as usize] {
                p += 1;
            }
            out.extend_from_slice(&s[start..p]);
            if p == s.len() {
                break;
            }
        }
        let matched = from.iter().position(|f| s[p..].starts_with(f.as_bytes()));
        match matched {
            Some(i) => {
                if replacements[i].is_none() {
                    replacements[i] = Some(force_string(co, to[i].clone()).await?);
                }
                if let Some(r) = &replacements[i] {
                    out.extend_from_slice(r.as_bytes());
                }
                let pattern_len = from[i].len();
                if pattern_len == 0 {
                    if let Some(&c) = s.get(p) {
                        out.push(c);
                    }
                    p += 1;
                } else {
                    p += pattern_len;
                }
            }
            None => {
                if let Some(&c) = s.get(p) {
                    out.push(c);
                }
                p += 1;
            }
        }
    }
    Ok(out)
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::generator("stringLength", 1, "The length of a string in bytes.", |co, mut args| {
            Box::pin(async move {
                let s = coerce(&co, arg(&mut args, 0)).await?;
                Ok(Value::Integer(s.len() as i64))
            })
        }),
        BuiltinDef::generator(
            "substring",
            3,
            "`substring start len s`: at most `len` bytes of `s` from `start` (all of the rest if `len` is negative).",
            |co, mut args| {
                Box::pin(async move {
                    let start = arg(&mut args, 0).as_int()?;
                    let len = arg(&mut args, 1).as_int()?;
                    let s = coerce(&co, arg(&mut args, 2)).await?;
                    Ok(Value::String(substring(&s, start, len)?))
                })
            },
        ),
        BuiltinDef::generator(
            "concatStringsSep",
            2,
            "Joins strings (or values interpolation accepts) with a separator.",
            |co, mut args| {
                Box::pin(async move {
                    let sep = arg(&mut args, 0);
                    let list = arg(&mut args, 1);
                    let sep = sep.as_str()?.clone();
                    let list = list.as_list()?;
                    let mut out: Vec<u8> = Vec::new();
                    for (i, element) in list.iter().enumerate() {
                        if i > 0 {
                            out.extend_from_slice(sep.as_bytes());
                        }
                        let s = coerce(&co, element.clone()).await?;
                        out.extend_from_slice(s.as_bytes());
                    }
                    Ok(Value::String(NixString::new(out)))
                })
            },
        ),
        BuiltinDef::generator(
            "replaceStrings",
            3,
            "`replaceStrings from to s`: replaces occurrences of the strings in `from` by those in `to`.",
            |co, mut args| {
                Box::pin(async move {
                    let from = arg(&mut args, 0);
                    let to = arg(&mut args, 1);
                    let s = arg(&mut args, 2);
                    let (from, to) = (from.as_list()?, to.as_list()?);
                    if from.len() != to.len() {
                        return Err(ErrorKind::Other(
                            "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths".into(),
                        ));
                    }
                    let mut patterns = Vec::with_capacity(from.len());
                    for pattern in from.iter() {
                        patterns.push(force_string(&co, pattern.clone()).await?);
                    }
                    let s = s.as_str()?.clone();
                    if patterns.is_empty() {
                        return Ok(Value::String(s));
                    }
                    let replaced = replace_strings(&co, patterns, to.iter().cloned().collect(), s.as_bytes()).await?;
                    Ok(Value::String(NixString::new(replaced)))
                })
            },
        ),
    ]
}
