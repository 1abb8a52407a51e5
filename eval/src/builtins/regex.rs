//! Regular expressions: `match` and `split`.
//!
//! Nix uses POSIX extended regular expressions (C++ `std::regex` with the
//! `extended` grammar) over bytes. They are translated to the syntax of
//! the `regex` crate, in byte mode with Unicode off (`.` and classes
//! match single bytes, as in C++ Nix) and `.` matching newlines:
//!
//! - only the special characters `^$\.*+?()[]{|` may be escaped;
//! - bracket expressions take `]` first literally, backslash literally,
//!   `[:class:]`, `[.c.]`, `[=c=]`, ranges;
//! - stacked repetitions (`a+?`, `a{1,2}{2}`) repeat the repetition (in
//!   the `regex` crate, `+?` would be a lazy `+`);
//! - invalid expressions are errors.
//!
//! The pattern may not have a string context; the results have none
//! (as in C++ Nix). `match` must match the whole string. `split` finds successive
//! matches as `std::regex_iterator` does in libstdc++: the leftmost
//! match; at an alternation the longest one (`split "a|ab"` matches `ab`
//! where the `regex` crate alone would prefer `a`), and otherwise the
//! greediest (see `Compiled::new`); its groups are those of the first way
//! (in priority order) to match exactly that text. After an empty match,
//! the next one may not be empty at the same place. (Approximations:
//! when a pattern mixes alternatives and repetitions, the longest match
//! is taken; to find the groups, the text is cut at the end of the
//! match, so a `$` inside the pattern could match there.)

use crate::errors::ErrorKind;
use crate::value::{BuiltinDef, NixList, NixString, Value};
use regex::bytes::{Captures, Regex};
use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::Config as ThompsonConfig;
use regex_automata::util::syntax::Config as SyntaxConfig;
use regex_automata::{Anchored, Input, MatchKind};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

/// The characters that may follow a backslash.
const ESCAPABLE: &[u8] = b"^$\\.*+?()[]{|";

const CLASSES: &[&str] = &[
    "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space",
    "upper", "xdigit",
];

fn push_byte(out: &mut String, b: u8) {
    if b.is_ascii_alphanumeric() {
        out.push(b as char);
    } else {
        let _ = write!(out, "\\x{b:02X}");
    }
}

/// Reads a `[.c.]` / `[=c=]` / `[:name:]` item whose kind byte is at
/// `p[i + 1]`; returns its content and the index after it.
fn bracket_item(p: &[u8], i: usize) -> Option<(&[u8], usize)> {
    let kind = p[i + 1];
    let body = &p[i + 2..];
    let end = body.windows(2).position(|w| w[0] == kind && w[1] == b']')?;
    Some((&body[..end], i + 2 + end + 2))
}

/// A single byte of a bracket expression at `p[i]` (a literal or a
/// collating element); returns it and the index after it.
fn bracket_byte(p: &[u8], i: usize) -> Option<(u8, usize)> {
    let c = *p.get(i)?;
    if c == b'[' && matches!(p.get(i + 1), Some(b'.' | b'=')) {
        let (content, next) = bracket_item(p, i)?;
        return match content {
            [b] => Some((*b, next)),
            _ => None,
        };
    }
    Some((c, i + 1))
}

/// Translates the bracket expression whose content starts at `p[i]`
/// (after `[`); returns the translation and the index after its `]`.
fn translate_bracket(p: &[u8], mut i: usize) -> Option<(String, usize)> {
    let mut out = String::from("[");
    if p.get(i) == Some(&b'^') {
        out.push('^');
        i += 1;
    }
    let mut first = true;
    loop {
        let c = *p.get(i)?;
        if c == b']' && !first {
            out.push(']');
            return Some((out, i + 1));
        }
        first = false;
        if c == b'[' && p.get(i + 1) == Some(&b':') {
            let (name, next) = bracket_item(p, i)?;
            let name = std::str::from_utf8(name).ok()?;
            if !CLASSES.contains(&name) {
                return None;
            }
            let _ = write!(out, "[:{name}:]");
            i = next;
            continue;
        }
        let (lo, next) = bracket_byte(p, i)?;
        let is_range = p.get(next) == Some(&b'-') && p.get(next + 1).is_some_and(|&d| d != b']');
        if !is_range {
            push_byte(&mut out, lo);
            i = next;
            continue;
        }
        let (hi, after) = bracket_byte(p, next + 1)?;
        if hi < lo {
            return None;
        }
        push_byte(&mut out, lo);
        out.push('-');
        push_byte(&mut out, hi);
        i = after;
        // A range cannot be the start of another range (`[a-c-e]`).
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|&d| d != b']') {
            return None;
        }
    }
}

/// Reads an interval `{m}`, `{m,}` or `{m,n}` whose content starts at
/// `p[i]`; returns its translation and the index after `}`.
fn translate_interval(p: &[u8], mut i: usize) -> Option<(String, usize)> {
    let number = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while p.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        std::str::from_utf8(&p[start..*i]).ok()?.parse().ok()
    };
    let min = number(&mut i)?;
    let max = if p.get(i) == Some(&b',') {
        i += 1;
        if p.get(i) == Some(&b'}') {
            None
        } else {
            Some(number(&mut i)?)
        }
    } else {
        Some(min)
    };
    if p.get(i) != Some(&b'}') || max.is_some_and(|m| m < min) {
        return None;
    }
    let text = match max {
        Some(m) if m == min => format!("{{{min}}}"),
        Some(m) => format!("{{{min},{m}}}"),
        None => format!("{{{min},}}"),
    };
    Some((text, i + 1))
}

/// Translates a POSIX extended regular expression; `None` if invalid.
fn translate(p: &[u8]) -> Option<String> {
    let mut out = String::new();
    let mut open_groups: Vec<usize> = Vec::new();
    // Where the last thing a repetition may apply to starts in `out`.
    let mut atom: Option<usize> = None;
    let mut repeated = false;
    let mut i = 0;
    while i < p.len() {
        let c = p[i];
        let mut quantifier: Option<String> = None;
        match c {
            b'\\' => {
                let e = *p.get(i + 1)?;
                if !ESCAPABLE.contains(&e) {
                    return None;
                }
                atom = Some(out.len());
                push_byte(&mut out, e);
                i += 2;
            }
            b'[' => {
                let (class, next) = translate_bracket(p, i + 1)?;
                atom = Some(out.len());
                out.push_str(&class);
                i = next;
            }
            b'(' => {
                open_groups.push(out.len());
                out.push('(');
                atom = None;
                i += 1;
            }
            b')' => {
                atom = Some(open_groups.pop()?);
                out.push(')');
                i += 1;
            }
            b'|' => {
                out.push('|');
                atom = None;
                i += 1;
            }
            b'^' | b'$' => {
                out.push(c as char);
                atom = None;
                i += 1;
            }
            b'.' => {
                atom = Some(out.len());
                out.push('.');
                i += 1;
            }
            b'*' | b'+' | b'?' => {
                quantifier = Some((c as char).to_string());
                i += 1;
            }
            b'{' => {
                let (text, next) = translate_interval(p, i + 1)?;
                quantifier = Some(text);
                i = next;
            }
            _ => {
                atom = Some(out.len());
                push_byte(&mut out, c);
                i += 1;
            }
        }
        match quantifier {
            Some(q) => {
                let start = atom?;
                if repeated {
                    out.insert_str(start, "(?:");
                    out.push(')');
                }
                out.push_str(&q);
                repeated = true;
            }
            None => repeated = false,
        }
    }
    if !open_groups.is_empty() {
        return None;
    }
    Some(out)
}

/// A pattern compiled for `match`, and on first use for `split`.
struct Compiled {
    translated: String,
    /// Anchored at both ends, for `match`.
    whole: Regex,
    splitter: OnceCell<Option<Splitter>>,
}

/// What `split` needs: libstdc++ (C++ Nix's regex engine on Linux)
/// backtracks; at an alternation it tries every branch and keeps the
/// longest match, but a repetition stops at its first (greediest)
/// success. So with alternatives the longest match at the leftmost start
/// wins; without, the first one in priority order, as in the `regex`
/// crate.
struct Splitter {
    /// Unanchored, leftmost-first.
    search: Regex,
    /// For patterns with alternatives: anchored searches with "all
    /// matches" semantics give the longest match from a start, and a
    /// regex anchored at the end of the text finds the groups of a match
    /// once its extent is known (run on the text cut at its end).
    longest: Option<(DFA, RefCell<DfaCache>, Regex)>,
}

impl Splitter {
    fn new(translated: &str) -> Option<Splitter> {
        let search = Regex::new(&format!("(?s-u){translated}")).ok()?;
        if !translated.contains('|') {
            return Some(Splitter {
                search,
                longest: None,
            });
        }
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .syntax(SyntaxConfig::new().utf8(false))
            .thompson(ThompsonConfig::new().utf8(false))
            .build(&format!("(?s-u){translated}"))
            .ok()?;
        let cache = RefCell::new(dfa.create_cache());
        let to_end = Regex::new(&format!("(?s-u)(?:{translated})\\z")).ok()?;
        Some(Splitter {
            search,
            longest: Some((dfa, cache, to_end)),
        })
    }

    /// The match at or after `from` (`not_empty_at`: a match at that
    /// position must not be empty): its extent and groups.
    fn find(
        &self,
        s: &[u8],
        from: usize,
        not_empty_at: Option<usize>,
    ) -> Option<(usize, usize, Value)> {
        let Some((dfa, cache, to_end)) = &self.longest else {
            let captures = self.search.captures_at(s, from)?;
            let whole = captures.get(0)?;
            if not_empty_at == Some(whole.start()) && whole.is_empty() {
                return if from < s.len() {
                    self.find(s, from + 1, None)
                } else {
                    None
                };
            }
            return Some((whole.start(), whole.end(), groups(&captures)));
        };
        let first = self.search.find_at(s, from)?;
        let start = first.start();
        let input = Input::new(s).range(start..).anchored(Anchored::Yes);
        let longest = dfa
            .try_search_fwd(&mut cache.borrow_mut(), &input)
            .ok()
            .flatten();
        let end = longest.map_or(first.end(), |m| m.offset()).max(first.end());
        if not_empty_at == Some(start) && end == start {
            return if start < s.len() {
                self.find(s, start + 1, None)
            } else {
                None
            };
        }
        let captures = to_end.captures_at(&s[..end], start)?;
        if captures.get(0).map(|m| m.start()) != Some(start) {
            // Cannot happen: the match [start, end) exists.
            return None;
        }
        Some((start, end, groups(&captures)))
    }
}

thread_local! {
    static CACHE: RefCell<HashMap<Vec<u8>, Rc<Compiled>>> = RefCell::new(HashMap::new());
}

fn compile(pattern: &[u8]) -> Result<Rc<Compiled>, ErrorKind> {
    if let Some(re) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return Ok(re);
    }
    let invalid = || ErrorKind::InvalidRegex(NixString::from(pattern).to_string());
    let translated = translate(pattern).ok_or_else(invalid)?;
    let whole = Regex::new(&format!("(?s-u)^(?:{translated})$")).map_err(|_| invalid())?;
    let re = Rc::new(Compiled {
        translated,
        whole,
        splitter: OnceCell::new(),
    });
    CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() > 1000 {
            cache.clear();
        }
        cache.insert(pattern.to_vec(), re.clone());
    });
    Ok(re)
}

/// The capture groups (not the whole match) as strings or `null`.
fn groups(captures: &Captures) -> Value {
    let list: NixList = captures
        .iter()
        .skip(1)
        .map(|g| match g {
            Some(m) => Value::String(NixString::from(m.as_bytes())),
            None => Value::Null,
        })
        .collect();
    Value::List(list)
}

/// `split`: the pieces between matches, each match as its groups.
/// Matches follow `std::regex_iterator`: after an empty match, the next
/// one may not be empty at the same place.
fn split(re: &Splitter, s: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut previous_empty = false;
    while pos <= s.len() {
        let not_empty_at = previous_empty.then_some(pos);
        let Some((start, end, groups)) = re.find(s, pos, not_empty_at) else {
            break;
        };
        out.push(Value::String(NixString::from(&s[pos..start])));
        out.push(groups);
        previous_empty = start == end;
        pos = end;
    }
    out.push(Value::String(NixString::from(&s[pos.min(s.len())..])));
    out
}

pub(super) fn builtins() -> Vec<BuiltinDef> {
    vec![
        // The pattern is compiled before the string's type is checked,
        // as in C++ Nix.
        BuiltinDef::plain(
            "match",
            "The capture groups of a regular expression matching the whole string, or null.",
            |(pattern, s): (NixString, Value)| {
                let re = compile(pattern.require_no_context()?.as_bytes())?;
                let s = s.as_str()?.as_bytes();
                if re.whole.captures_len() == 1 {
                    // No groups: whether it matches is all there is to know.
                    return Ok(match re.whole.is_match(s) {
                        true => Value::List(NixList::new()),
                        false => Value::Null,
                    });
                }
                Ok(match re.whole.captures(s) {
                    Some(captures) => groups(&captures),
                    None => Value::Null,
                })
            },
        ),
        BuiltinDef::plain(
            "split",
            "Splits a string at the matches of a regular expression: pieces alternate with lists of groups.",
            |(pattern, s): (NixString, Value)| {
                let pattern = pattern.require_no_context()?;
                let re = compile(pattern.as_bytes())?;
                let splitter = re
                    .splitter
                    .get_or_init(|| Splitter::new(&re.translated))
                    .as_ref()
                    .ok_or_else(|| {
                        ErrorKind::InvalidRegex(pattern.to_string())
                    })?;
                Ok(Value::List(NixList::from(split(splitter, s.as_str()?.as_bytes()))))
            },
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn translation() {
        assert_eq!(translate(b"fo{1,2}").as_deref(), Some("fo{1,2}"));
        assert_eq!(translate(b"x+?").as_deref(), Some("(?:x+)?"));
        assert_eq!(translate(b"[]a-]").as_deref(), Some("[\\x5Da\\x2D]"));
        assert_eq!(translate(b"[[:space:]]").as_deref(), Some("[[:space:]]"));
        assert_eq!(translate(b"\\.").as_deref(), Some("\\x2E"));
        assert!(translate(b"\\d").is_none());
        assert!(translate(b"(").is_none());
        assert!(translate(b"a)").is_none());
        assert!(translate(b"*a").is_none());
        assert!(translate(b"a{2,1}").is_none());
        assert!(translate(b"[b-a]").is_none());
        assert!(translate(b"[a-c-e]").is_none());
    }
}
