//! Parsing with guards against deep nesting.
//!
//! rnix parses recursively (brackets without a depth limit) and rowan
//! frees syntax trees recursively, so untrusted source could overflow the
//! Rust stack, and parses long applications and attribute paths in
//! quadratic time. Bracket nesting and those lengths are measured with the
//! iterative tokenizer before parsing; parsing runs on a stack of its own;
//! the depth of the resulting tree is measured iteratively, and trees too
//! deep to compile are rejected.

use crate::errors::{Error, ErrorKind};
use codemap::File;
use rnix::SyntaxKind;
use std::sync::Arc;

/// Deepest bracket nesting accepted (`(`, `[`, `{`, `${`).
pub const MAX_BRACKET_DEPTH: usize = 2_000;

/// Deepest syntax tree accepted (long operator chains nest deeply).
pub const MAX_TREE_DEPTH: usize = 100_000;

/// Most arguments in one application, and most components of one
/// attribute path: rnix parses both in quadratic time.
pub const MAX_CHAIN: usize = 5_000;

/// Stack for the parser: enough for rnix's own limit of 512 nested
/// expressions and for the bracket limit.
const PARSER_STACK: usize = 64 * 1024 * 1024;

/// Stack per level of syntax tree when it is dropped.
const DROP_STACK_PER_LEVEL: usize = 512;

/// A parsed file: its syntax tree and how deep it is.
pub(crate) struct Parsed {
    pub root: rnix::Root,
    depth: usize,
}

impl Drop for Parsed {
    fn drop(&mut self) {
        // rowan frees nodes recursively: give it room.
        let root = std::mem::replace(&mut self.root, empty_root());
        let stack = 4 * 1024 * 1024 + self.depth * DROP_STACK_PER_LEVEL;
        stacker::grow(stack, move || drop(root));
    }
}

fn empty_root() -> rnix::Root {
    rnix::Root::parse("null").tree()
}

/// Parses `file`, reporting every syntax error rnix finds.
pub(crate) fn parse(file: &Arc<File>) -> Result<Parsed, Vec<Error>> {
    let source = file.source();
    check_shape(source, file)?;
    let parsed = stacker::grow(PARSER_STACK, || rnix::Root::parse(source));
    let depth = tree_depth(&parsed.syntax().green());
    let errors: Vec<Error> = parsed
        .errors()
        .iter()
        .map(|e| parse_error(e, file))
        .collect();
    let tree = Parsed {
        root: parsed.tree(),
        depth,
    };
    drop(parsed);
    if depth > MAX_TREE_DEPTH {
        return Err(vec![Error::new(
            ErrorKind::NestingTooDeep(format!(
                "the syntax tree is more than {MAX_TREE_DEPTH} levels deep"
            )),
            Some(file.span),
        )]);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(tree)
}

/// Whether `source` fails to parse only because it ends too early: an
/// open bracket, string, `''` string or comment, `let` without `in`, an
/// operator without its right operand. A REPL then reads another line
/// instead of reporting the error (as `nix repl` does when the parser
/// reports an unexpected end of file). Source that parses, or has an
/// error before its end, is not incomplete.
pub fn is_incomplete(source: &str) -> bool {
    use rnix::ParseError as P;
    let file = codemap::CodeMap::new().add_file(String::new(), source.to_string());
    if check_shape(source, &file).is_err() {
        return false;
    }
    let parsed = stacker::grow(PARSER_STACK, || rnix::Root::parse(source));
    let depth = tree_depth(parsed.syntax().green());
    let incomplete = match parsed.errors().first() {
        None => false,
        Some(P::UnexpectedEOF | P::UnexpectedEOFWanted(_)) => true,
        // An unterminated string or comment is one error token reaching
        // the end of the source.
        Some(P::UnexpectedWanted(SyntaxKind::TOKEN_ERROR, range, _)) => {
            u32::from(range.end()) as usize == source.len() && opens_string_or_comment(source)
        }
        Some(_) => false,
    };
    let stack = 4 * 1024 * 1024 + depth * DROP_STACK_PER_LEVEL;
    stacker::grow(stack, move || drop(parsed));
    incomplete
}

/// Whether the last token of `source` is an error token that starts a
/// comment or continues an open string.
fn opens_string_or_comment(source: &str) -> bool {
    use SyntaxKind::*;
    let tokens: Vec<_> = rnix::tokenize(source).collect();
    let Some(((TOKEN_ERROR, text), before)) = tokens.split_last() else {
        return false;
    };
    let previous = before
        .iter()
        .rev()
        .map(|(kind, _)| *kind)
        .find(|kind| !matches!(kind, TOKEN_WHITESPACE | TOKEN_COMMENT));
    text.starts_with("/*")
        || matches!(
            previous,
            Some(TOKEN_STRING_START | TOKEN_STRING_CONTENT | TOKEN_INTERPOL_END)
        )
}

/// Checks, on tokens, what the parser cannot take: brackets nested deeper
/// than [`MAX_BRACKET_DEPTH`], and applications or attribute paths longer
/// than [`MAX_CHAIN`].
fn check_shape(source: &str, file: &Arc<File>) -> Result<(), Vec<Error>> {
    use SyntaxKind::*;
    // Per open bracket: whether it is a list, and the operands in a row.
    let mut levels: Vec<(bool, usize)> = vec![(false, 0)];
    let mut dots = 0usize;
    // Names after `inherit` (up to `;`) are not operands.
    let mut inheriting = false;
    let mut offset = 0usize;
    let fail = |offset: usize, len: usize, kind: ErrorKind| {
        let at = file.span.subspan(offset as u64, (offset + len) as u64);
        Err(vec![Error::new(kind, Some(at))])
    };
    for (kind, text) in rnix::tokenize(source) {
        let at = offset;
        offset += text.len();
        match kind {
            TOKEN_WHITESPACE | TOKEN_COMMENT | TOKEN_STRING_CONTENT | TOKEN_STRING_END => continue,
            _ => {}
        }
        if kind == TOKEN_DOT {
            dots += 1;
            if dots > MAX_CHAIN {
                return fail(
                    at,
                    text.len(),
                    ErrorKind::TooLong(format!(
                        "an attribute path has more than {MAX_CHAIN} components"
                    )),
                );
            }
        } else if !matches!(
            kind,
            TOKEN_IDENT | TOKEN_STRING_START | TOKEN_INTERPOL_START | TOKEN_INTERPOL_END | TOKEN_OR
        ) {
            dots = 0;
        }
        match kind {
            TOKEN_INHERIT => inheriting = true,
            TOKEN_SEMICOLON => inheriting = false,
            _ => {}
        }
        let operand = !inheriting
            && matches!(
                kind,
                TOKEN_IDENT
                    | TOKEN_INTEGER
                    | TOKEN_FLOAT
                    | TOKEN_URI
                    | TOKEN_PATH_ABS
                    | TOKEN_PATH_REL
                    | TOKEN_PATH_HOME
                    | TOKEN_PATH_SEARCH
                    | TOKEN_STRING_START
                    | TOKEN_L_PAREN
                    | TOKEN_L_BRACK
                    | TOKEN_L_BRACE
            );
        if let Some((in_list, run)) = levels.last_mut() {
            if operand && !*in_list {
                *run += 1;
                if *run > MAX_CHAIN {
                    return fail(
                        at,
                        text.len(),
                        ErrorKind::TooLong(format!(
                            "an application has more than {MAX_CHAIN} arguments"
                        )),
                    );
                }
            } else if !operand {
                *run = 0;
            }
        }
        match kind {
            TOKEN_L_PAREN | TOKEN_L_BRACK | TOKEN_L_BRACE | TOKEN_INTERPOL_START => {
                levels.push((kind == TOKEN_L_BRACK, 0));
                if levels.len() > MAX_BRACKET_DEPTH + 1 {
                    return fail(
                        at,
                        text.len(),
                        ErrorKind::NestingTooDeep(format!(
                            "brackets nested more than {MAX_BRACKET_DEPTH} levels deep"
                        )),
                    );
                }
            }
            TOKEN_R_PAREN | TOKEN_R_BRACK | TOKEN_R_BRACE | TOKEN_INTERPOL_END => {
                if levels.len() > 1 {
                    levels.pop();
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The depth of a syntax tree, measured on the green tree (no red nodes
/// are built) without recursion.
fn tree_depth(root: &rowan::GreenNodeData) -> usize {
    let mut max = 0usize;
    let mut work: Vec<(&rowan::GreenNodeData, usize)> = vec![(root, 1)];
    while let Some((node, depth)) = work.pop() {
        max = max.max(depth);
        for child in node.children() {
            if let rowan::NodeOrToken::Node(child) = child {
                work.push((child, depth + 1));
            }
        }
    }
    max
}

fn parse_error(error: &rnix::ParseError, file: &File) -> Error {
    use rnix::ParseError as P;
    let len = file.source().len() as u64;
    let span_of = |r: &rnix::TextRange| {
        file.span
            .subspan(u32::from(r.start()) as u64, u32::from(r.end()) as u64)
    };
    let (message, span) = match error {
        P::Unexpected(r) => ("unexpected input".to_string(), span_of(r)),
        P::UnexpectedExtra(r) => (
            "unexpected input after the expression".to_string(),
            span_of(r),
        ),
        P::UnexpectedWanted(got, r, wanted) => (
            format!(
                "unexpected {}, expected {}",
                kind_name(got),
                wanted_names(wanted)
            ),
            span_of(r),
        ),
        P::UnexpectedDoubleBind(r) => ("unexpected double binding".to_string(), span_of(r)),
        P::UnexpectedEOF => (
            "unexpected end of file".to_string(),
            file.span.subspan(len, len),
        ),
        P::UnexpectedEOFWanted(wanted) => (
            format!("unexpected end of file, expected {}", wanted_names(wanted)),
            file.span.subspan(len, len),
        ),
        P::DuplicatedArgs(r, name) => (
            format!("duplicate formal function argument '{name}'"),
            span_of(r),
        ),
        P::RecursionLimitExceeded => (
            "expression nested too deeply (more than 512 levels)".to_string(),
            file.span.subspan(0, 0),
        ),
        other => (other.to_string(), file.span.subspan(0, 0)),
    };
    Error::new(ErrorKind::Parse(message), Some(span))
}

fn kind_name(kind: &SyntaxKind) -> String {
    format!("{kind:?}")
        .trim_start_matches("TOKEN_")
        .trim_start_matches("NODE_")
        .to_lowercase()
}

fn wanted_names(kinds: &[SyntaxKind]) -> String {
    kinds.iter().map(kind_name).collect::<Vec<_>>().join(", ")
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
