//! Parsing a file of the evaluation's code map ([`crate::syntax`]), with
//! its syntax errors as evaluation errors; and whether REPL input is
//! incomplete; and the line endings every source is read with.
//!
//! The parser bounds what it accepts (brackets nested at most
//! [`syntax::MAX_BRACKET_DEPTH`] deep, applications and attribute paths
//! at most [`syntax::MAX_CHAIN`] long), grows its stack as it recurses,
//! and its trees free without recursion; the compiler refuses trees
//! deeper than [`syntax::MAX_TREE_DEPTH`].

use crate::errors::{Error, ErrorKind};
use crate::syntax::{self, SyntaxError, SyntaxErrorKind};
use codemap::File;
use std::borrow::Cow;
use std::sync::Arc;

/// Parses `file`, reporting every syntax error found.
pub(crate) fn parse(file: &Arc<File>) -> Result<syntax::Parsed<'_>, Vec<Error>> {
    let parsed = syntax::parse(file.source());
    if !parsed.errors.is_empty() || parsed.root.is_none() {
        let mut errors: Vec<Error> = parsed
            .errors
            .iter()
            .map(|e| syntax_error(e, file))
            .collect();
        if errors.is_empty() {
            errors.push(Error::new(
                ErrorKind::Parse("syntax error, unexpected end of file".into()),
                Some(file.span),
            ));
        }
        return Err(errors);
    }
    Ok(parsed)
}

/// CR LF and a lone CR end lines as LF does, in strings too, as in C++ Nix.
pub(crate) fn normalise_line_endings(source: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', source.as_bytes()).is_none() {
        return source;
    }
    Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A syntax error as an evaluation error with its span in the code map.
fn syntax_error(error: &SyntaxError, file: &File) -> Error {
    let len = file.span.len();
    let start = u64::from(error.span.start).min(len);
    let end = u64::from(error.span.end).clamp(start, len);
    let span = file.span.subspan(start, end);
    let message = error.message.clone();
    let kind = match error.kind {
        SyntaxErrorKind::Syntax => ErrorKind::Parse(message),
        SyntaxErrorKind::NestingTooDeep => ErrorKind::NestingTooDeep(message),
        SyntaxErrorKind::TooLong => ErrorKind::TooLong(message),
    };
    Error::new(kind, Some(span))
}

/// Whether `source` fails to parse only because it ends too early: an
/// open bracket, string, `''` string or comment, `let` without `in`, an
/// operator without its right operand. A REPL then reads another line
/// instead of reporting the error (as `nix repl` does when the parser
/// reports an unexpected end of file). Source that parses, or has an
/// error before its end, is not incomplete.
pub fn is_incomplete(source: &str) -> bool {
    let parsed = syntax::parse(source);
    parsed.errors.first().is_some_and(|e| e.at_end)
}

#[cfg(test)]
mod tests {
    use super::is_incomplete;

    #[test]
    fn input_that_ends_too_early_is_incomplete() {
        for source in [
            "{",
            "{ a = 1;",
            "let a = 1;",
            "let a = 1; in",
            "(1 +",
            "[ 1 2",
            "f (",
            "x: ",
            "if true then 1",
            "\"abc",
            "\"a ${b} c",
            "\"${",
            "''abc",
            "''\n  line\n",
            "''${x",
            "a.",
            "/* open comment",
            "{ x ? 1, ",
            "assert true;",
        ] {
            assert!(is_incomplete(source), "{source:?} should be incomplete");
        }
    }

    #[test]
    fn complete_or_wrong_input_is_not_incomplete() {
        for source in [
            "1",
            "{ a = 1; }",
            "\"abc\"",
            "''abc''",
            "{ a = ; ",
            "{ a = 1; } }",
            "1 )",
            "a = 1",
            "x: x",
            "$",
        ] {
            assert!(
                !is_incomplete(source),
                "{source:?} should not be incomplete"
            );
        }
        // Too deep to parse is an error, not an invitation to type more.
        assert!(!is_incomplete(&"[".repeat(100_000)));
    }
}
