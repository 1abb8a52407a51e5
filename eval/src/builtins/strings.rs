//! String builtins: `stringLength`, `substring`, `concatStringsSep`,
//! `replaceStrings`. Strings are byte strings, so lengths and offsets
//! count bytes, as in C++ Nix; results keep the contexts of the strings
//! they are made of.
//!
//! Each builtin answers without a generator frame when its arguments are
//! already evaluated strings (the common case), and falls back to `async`
//! code that forces and coerces otherwise.

use super::support::force_string;
use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, ContextUnion, NixList, NixString, Value};
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

/// The string a value holds if it is an evaluated string (or a thunk
/// evaluated to one).
fn evaluated_string(value: &Value) -> Option<NixString> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Thunk(t) => match t.value() {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `substring start len s` on bytes: a negative `len` means "to the end".
/// Only the bytes taken are copied; the context is kept, even for an
/// empty result.
fn substring(s: &NixString, start: i64, len: i64) -> Result<NixString, ErrorKind> {
    if start < 0 {
        return Err(ErrorKind::NegativeSubstringStart);
    }
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let end = if len < 0 {
        s.len()
    } else {
        start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX))
    };
    Ok(s.slice(start, end))
}

/// `concatStringsSep` when every element is an evaluated string.
fn join_evaluated(separator: &NixString, list: &NixList) -> Option<Result<NixString, ErrorKind>> {
    let strings: Vec<NixString> = list.iter().map(evaluated_string).collect::<Option<_>>()?;
    Some(join(separator, &strings))
}

/// The strings joined by `separator`, charged to the evaluation's memory
/// budget first.
fn join(separator: &NixString, strings: &[NixString]) -> Result<NixString, ErrorKind> {
    let separators = separator
        .len()
        .saturating_mul(strings.len().saturating_sub(1));
    let bytes = strings
        .iter()
        .fold(separators, |n, s| n.saturating_add(s.len()));
    crate::limits::charge_memory(bytes)?;
    let parts: Vec<&NixString> = strings.iter().collect();
    Ok(NixString::join_with_separator(&parts, Some(separator)))
}

/// How `replaceStrings` finds its patterns in a string.
struct Patterns {
    from: Vec<NixString>,
    has_empty: bool,
    /// Whether some pattern starts with this byte.
    can_start: [bool; 256],
}

impl Patterns {
    fn new(from: Vec<NixString>) -> Self {
        let mut can_start = [false; 256];
        for pattern in &from {
            if let Some(&first) = pattern.as_bytes().first() {
                can_start[first as usize] = true;
            }
        }
        Patterns {
            has_empty: from.iter().any(|f| f.is_empty()),
            from,
            can_start,
        }
    }

    /// Walks `s` as `replaceStrings` does: at each position the first
    /// pattern that matches is replaced and skipped; an empty pattern
    /// matches at every position, including the end. `visit` sees the
    /// bytes kept and the patterns replaced, and returns `false` to stop.
    fn walk<'s>(&self, s: &'s [u8], mut visit: impl FnMut(Step<'s>) -> bool) {
        let mut p = 0;
        while p <= s.len() {
            if !self.has_empty {
                let start = p;
                while p < s.len() && !self.can_start[s[p] as usize] {
                    p += 1;
                }
                if start < p {
                    visit(Step::Keep(&s[start..p]));
                }
                if p == s.len() {
                    return;
                }
            }
            let rest = &s[p..];
            match self
                .from
                .iter()
                .position(|f| rest.starts_with(f.as_bytes()))
            {
                Some(i) => {
                    if !visit(Step::Replace(i)) {
                        return;
                    }
                    let pattern_len = self.from[i].len();
                    if pattern_len == 0 {
                        if p < s.len() {
                            visit(Step::Keep(&s[p..p + 1]));
                        }
                        p += 1;
                    } else {
                        p += pattern_len;
                    }
                }
                None => {
                    visit(Step::Keep(&s[p..p + 1]));
                    p += 1;
                }
            }
        }
    }

    /// The indices of the patterns `walk` replaces, in order of first use.
    fn used(&self, s: &[u8]) -> Vec<usize> {
        let mut seen = vec![false; self.from.len()];
        let mut used = Vec::new();
        self.walk(s, |step| {
            if let Step::Replace(i) = step {
                if !seen[i] {
                    seen[i] = true;
                    used.push(i);
                }
            }
            true
        });
        used
    }

    /// The replaced string, with the context of `s` and of the
    /// replacements used; `replacement(i)` gives the replacement of
    /// pattern `i`, asked once, when first used.
    fn apply(
        &self,
        s: &NixString,
        mut replacement: impl FnMut(usize) -> Result<NixString, Stop>,
    ) -> Result<NixString, Stop> {
        // The output is charged to the memory budget before it grows past
        // what was charged, doubling the charge each time.
        let mut charged = s.len();
        if let Err(e) = crate::limits::charge_memory(charged) {
            return Err(Stop::Error(e));
        }
        let mut grow = |out: &Vec<u8>, more: usize| -> Result<(), ErrorKind> {
            let needed = out.len().saturating_add(more);
            if needed > charged {
                let extra = (needed - charged).max(charged);
                crate::limits::charge_memory(extra)?;
                charged = charged.saturating_add(extra);
            }
            Ok(())
        };
        let mut out = Vec::with_capacity(s.len());
        let mut context = ContextUnion::default();
        context.add(s);
        let mut replaced_any = false;
        let mut known: Vec<Option<NixString>> = vec![None; self.from.len()];
        let mut stopped = None;
        self.walk(s.as_bytes(), |step| {
            let i = match step {
                Step::Keep(bytes) => {
                    if let Err(e) = grow(&out, bytes.len()) {
                        stopped = Some(Stop::Error(e));
                        return false;
                    }
                    out.extend_from_slice(bytes);
                    return true;
                }
                Step::Replace(i) => i,
            };
            replaced_any = true;
            if known[i].is_none() {
                match replacement(i) {
                    Ok(r) => {
                        context.add(&r);
                        known[i] = Some(r);
                    }
                    Err(stop) => {
                        stopped = Some(stop);
                        return false;
                    }
                }
            }
            if let Some(r) = &known[i] {
                if let Err(e) = grow(&out, r.len()) {
                    stopped = Some(Stop::Error(e));
                    return false;
                }
                out.extend_from_slice(r.as_bytes());
            }
            true
        });
        if let Some(stop) = stopped {
            return Err(stop);
        }
        if !replaced_any {
            return Ok(s.clone());
        }
        Ok(NixString::new_with_context(out, context.finish()))
    }
}

/// What `Patterns::walk` meets.
enum Step<'s> {
    /// Bytes kept as they are.
    Keep(&'s [u8]),
    /// The pattern with this index, replaced.
    Replace(usize),
}

/// Why `Patterns::apply` stopped.
enum Stop {
    /// A replacement is not evaluated yet.
    NotEvaluated,
    Error(ErrorKind),
}

/// `replaceStrings` when the patterns are evaluated strings and so are
/// the replacements it needs: `None` otherwise.
fn replace_evaluated(
    from: &NixList,
    to: &NixList,
    s: &NixString,
) -> Option<Result<NixString, ErrorKind>> {
    if from.len() != to.len() {
        return Some(Err(lengths_differ()));
    }
    let from: Vec<NixString> = from.iter().map(evaluated_string).collect::<Option<_>>()?;
    let patterns = Patterns::new(from);
    let result = patterns.apply(s, |i| {
        let value = to
            .get(i)
            .and_then(|v| v.forced())
            .ok_or(Stop::NotEvaluated)?;
        value.as_str().cloned().map_err(Stop::Error)
    });
    match result {
        Ok(s) => Some(Ok(s)),
        Err(Stop::NotEvaluated) => None,
        Err(Stop::Error(e)) => Some(Err(e)),
    }
}

fn lengths_differ() -> ErrorKind {
    ErrorKind::ReplaceStringsLengthMismatch
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        BuiltinDef::generator(
            "stringLength",
            "The length of a string in bytes.",
            |co, (s,): (Value,)| {
                Box::pin(async move {
                    let s = coerce(&co, s).await?;
                    Ok(Value::Integer(s.len() as i64))
                })
            },
        )
        .with_fast_path(|args| match args {
            [Value::String(s)] => Some(Ok(Value::Integer(s.len() as i64))),
            _ => None,
        }),
        BuiltinDef::generator(
            "substring",
            "`substring start len s`: at most `len` bytes of `s` from `start` (all of the rest if `len` is negative).",
            |co, (start, len, s): (i64, i64, Value)| {
                Box::pin(async move {
                    let s = coerce(&co, s).await?;
                    Ok(Value::String(substring(&s, start, len)?))
                })
            },
        )
        .with_fast_path(|args| match args {
            [Value::Integer(start), Value::Integer(len), Value::String(s)] => {
                Some(substring(s, *start, *len).map(Value::String))
            }
            _ => None,
        }),
        BuiltinDef::generator(
            "concatStringsSep",
            "Joins strings (or values interpolation accepts) with a separator.",
            |co, (sep, list): (NixString, NixList)| {
                Box::pin(async move {
                    let mut strings = Vec::with_capacity(list.len());
                    for element in list.iter() {
                        strings.push(coerce(&co, element.clone()).await?);
                    }
                    Ok(Value::String(join(&sep, &strings)?))
                })
            },
        )
        .with_fast_path(|args| match args {
            [Value::String(sep), Value::List(list)] => {
                join_evaluated(sep, list).map(|s| s.map(Value::String))
            }
            _ => None,
        }),
        // `s` is checked after the patterns are forced, as in C++ Nix.
        BuiltinDef::generator(
            "replaceStrings",
            "`replaceStrings from to s`: replaces occurrences of the strings in `from` by those in `to`.",
            |co, (from, to, s): (NixList, NixList, Value)| {
                Box::pin(async move {
                    if from.len() != to.len() {
                        return Err(lengths_differ());
                    }
                    let mut patterns = Vec::with_capacity(from.len());
                    for pattern in from.iter() {
                        patterns.push(force_string(&co, pattern.clone()).await?);
                    }
                    let s = s.as_str()?.clone();
                    let patterns = Patterns::new(patterns);
                    // Replacements are forced when first used, in order.
                    let mut replacements: Vec<Option<NixString>> = vec![None; to.len()];
                    for i in patterns.used(s.as_bytes()) {
                        if let Some(value) = to.get(i) {
                            replacements[i] = Some(force_string(&co, value.clone()).await?);
                        }
                    }
                    let replaced = patterns.apply(&s, |i| {
                        replacements[i].clone().ok_or(Stop::NotEvaluated)
                    });
                    match replaced {
                        Ok(r) => Ok(Value::String(r)),
                        Err(Stop::Error(e)) => Err(e),
                        Err(Stop::NotEvaluated) => Err(ErrorKind::Internal(
                            "replaceStrings: a replacement was not evaluated",
                        )),
                    }
                })
            },
        )
        .with_fast_path(|args| match args {
            [Value::List(from), Value::List(to), Value::String(s)] => {
                replace_evaluated(from, to, s).map(|r| r.map(Value::String))
            }
            _ => None,
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(from: &[&str], to: &[&str], s: &str) -> String {
        let patterns = Patterns::new(from.iter().map(|f| NixString::from(*f)).collect());
        let replaced = patterns.apply(&NixString::from(s), |i| Ok(NixString::from(to[i])));
        match replaced {
            Ok(r) => r.to_string(),
            Err(_) => panic!("replacements are known"),
        }
    }

    #[test]
    fn replacing() {
        assert_eq!(replace(&["a", "b"], &["x", "y"], "abc"), "xyc");
        assert_eq!(replace(&["", "a"], &["-", "A"], "ab"), "-a-b-");
        assert_eq!(replace(&["aa"], &["b"], "aaa"), "ba");
        assert_eq!(replace(&["x"], &["y"], ""), "");
        assert_eq!(replace(&[""], &["y"], ""), "y");
    }

    #[test]
    fn used_in_order() {
        let patterns = Patterns::new(vec!["b".into(), "a".into(), "z".into()]);
        assert_eq!(patterns.used(b"abab"), vec![1, 0]);
    }

    #[test]
    fn substrings() {
        let s = NixString::from("hello");
        assert_eq!(substring(&s, 1, 3).unwrap().as_bytes(), b"ell");
        assert_eq!(substring(&s, 3, -1).unwrap().as_bytes(), b"lo");
        assert_eq!(substring(&s, 9, 2).unwrap().as_bytes(), b"");
        assert!(substring(&s, -1, 2).is_err());
    }
}
