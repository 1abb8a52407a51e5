//! Selection paths (`-A a."b.c".0`): splitting them into names as
//! `nix-instantiate` does, and the "Did you mean" suggestions shown when
//! a name is missing. Following a path through a value is the
//! evaluation's business (`eval.rs`); this module only handles text.

use crate::errors::{ErrorKind, SelectionPathError};

/// The names of a selection path: separated by `.`, with `"..."` quoting
/// a name that holds dots. An empty path selects the value itself; a
/// trailing `.` adds nothing. Like C++ Nix, quotes may appear anywhere in
/// a name and are removed.
pub(crate) fn parse(path: &str) -> Result<Vec<String>, ErrorKind> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => names.push(std::mem::take(&mut current)),
            '"' => loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => current.push(c),
                    None => {
                        return Err(ErrorKind::SelectionPath(Box::new(
                            SelectionPathError::UnclosedQuote {
                                path: path.to_string(),
                            },
                        )))
                    }
                }
            },
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        names.push(current);
    }
    Ok(names)
}

/// A name of a selection path that is a list index: all digits, as C++
/// Nix's `string2Int<unsigned int>` reads it.
pub(crate) fn as_index(name: &str) -> Option<usize> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse::<u32>().ok().map(|i| i as usize)
}

/// "Did you mean ...?" for a missing `name`, from the names present: at
/// most five, at an edit distance of at most two, nearest first (then in
/// alphabetical order), as C++ Nix suggests. Empty when nothing is near.
pub(crate) fn suggestions<'a>(name: &str, present: impl Iterator<Item = &'a str>) -> String {
    let mut near: Vec<(usize, &str)> = present
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .collect();
    near.sort();
    near.truncate(5);
    match near.as_slice() {
        [] => String::new(),
        [(_, one)] => format!("Did you mean {one}?"),
        [rest @ .., (_, last)] => {
            let rest: Vec<&str> = rest.iter().map(|(_, n)| *n).collect();
            format!("Did you mean one of {} or {last}?", rest.join(", "))
        }
    }
}

/// Levenshtein distance between two strings, counted in bytes.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The error for a selection path that cannot be followed.
pub(crate) fn selection_error(error: SelectionPathError) -> ErrorKind {
    ErrorKind::SelectionPath(Box::new(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str) -> Vec<String> {
        match parse(path) {
            Ok(names) => names,
            Err(e) => panic!("{path}: {e}"),
        }
    }

    #[test]
    fn splits_and_unquotes() {
        assert_eq!(names("a.b.0"), ["a", "b", "0"]);
        assert_eq!(names(r#"a."b.c".d"#), ["a", "b.c", "d"]);
        assert_eq!(names(r#""""#), Vec::<String>::new());
        assert_eq!(names("a."), ["a"]);
        assert_eq!(names("a..b"), ["a", "", "b"]);
        assert_eq!(names(""), Vec::<String>::new());
        assert!(parse(r#""a"#).is_err());
    }

    #[test]
    fn indices() {
        assert_eq!(as_index("12"), Some(12));
        assert_eq!(as_index("-1"), None);
        assert_eq!(as_index("1a"), None);
        assert_eq!(as_index(""), None);
    }

    #[test]
    fn suggests_nearest_names() {
        let present = ["abc", "abd", "zzzz"];
        assert_eq!(
            suggestions("abe", present.into_iter()),
            "Did you mean one of abc or abd?"
        );
        assert_eq!(
            suggestions("zzz", present.into_iter()),
            "Did you mean zzzz?"
        );
        assert_eq!(suggestions("qqqqq", present.into_iter()), "");
    }
}
