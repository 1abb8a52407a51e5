//! Token boundaries: the longest match among C++ Nix's rules.

use crate::syntax::lexer::lex;
use crate::syntax::TokenKind::{self, *};

fn tokens(source: &str) -> Vec<(TokenKind, &str)> {
    let lexed = lex(source);
    assert!(lexed.errors.is_empty(), "{source:?}: {:?}", lexed.errors);
    lexed
        .tokens
        .iter()
        .filter(|t| t.kind != Eof)
        .map(|t| (t.kind, &source[t.span.range()]))
        .collect()
}

#[test]
fn names_keywords_and_numbers() {
    assert_eq!(
        tokens("if iffy then-else or x' _a-b"),
        [
            (If, "if"),
            (Ident, "iffy"),
            (Ident, "then-else"),
            (OrKw, "or"),
            (Ident, "x'"),
            (Ident, "_a-b"),
        ]
    );
    assert_eq!(
        tokens("1 1. .5 0.5 1.5e3 1e3 00.5 2.5.3"),
        [
            (Int, "1"),
            (Float, "1."),
            (Float, ".5"),
            (Float, "0.5"),
            (Float, "1.5e3"),
            (Int, "1"),
            (Ident, "e3"),
            (Int, "00"),
            (Float, ".5"),
            (Float, "2.5"),
            (Float, ".3"),
        ]
    );
    // `a->b` is `a-` `>` `b`; `x.5` is `x` `.5`.
    assert_eq!(
        tokens("a->b"),
        [(Ident, "a-"), (Greater, ">"), (Ident, "b")]
    );
    assert_eq!(tokens("x.5"), [(Ident, "x"), (Float, ".5")]);
    assert_eq!(tokens("a.b"), [(Ident, "a"), (Dot, "."), (Ident, "b")]);
}

#[test]
fn operators() {
    assert_eq!(
        tokens("== != <= >= && || -> // ++ |> <| ... ! ? @ : ; , = < > + - * /"),
        [
            (Eq, "=="),
            (Neq, "!="),
            (Leq, "<="),
            (Geq, ">="),
            (And, "&&"),
            (Or, "||"),
            (Impl, "->"),
            (Update, "//"),
            (Concat, "++"),
            (PipeInto, "|>"),
            (PipeFrom, "<|"),
            (Ellipsis, "..."),
            (Not, "!"),
            (Question, "?"),
            (At, "@"),
            (Colon, ":"),
            (Semicolon, ";"),
            (Comma, ","),
            (Assign, "="),
            (Less, "<"),
            (Greater, ">"),
            (Plus, "+"),
            (Minus, "-"),
            (Star, "*"),
            (Slash, "/"),
        ]
    );
    assert_eq!(
        tokens("$ % é"),
        [(Unknown, "$"), (Unknown, "%"), (Unknown, "é")]
    );
}

#[test]
fn paths_uris_and_search_paths() {
    assert_eq!(tokens("./a/b"), [(Path, "./a/b"), (PathEnd, "")]);
    assert_eq!(tokens("1/2"), [(Path, "1/2"), (PathEnd, "")]);
    assert_eq!(
        tokens("/etc ~/x"),
        [
            (Path, "/etc"),
            (PathEnd, ""),
            (HomePath, "~/x"),
            (PathEnd, "")
        ]
    );
    assert_eq!(
        tokens("./${a}/b${c}"),
        [
            (Path, "./"),
            (DollarCurly, "${"),
            (Ident, "a"),
            (RBrace, "}"),
            (PathPiece, "/b"),
            (DollarCurly, "${"),
            (Ident, "c"),
            (RBrace, "}"),
            (PathEnd, ""),
        ]
    );
    assert_eq!(
        tokens("a/b/${x}"),
        [
            (Path, "a/b/"),
            (DollarCurly, "${"),
            (Ident, "x"),
            (RBrace, "}"),
            (PathEnd, "")
        ]
    );
    assert_eq!(
        tokens("~/${x}"),
        [
            (HomePath, "~/"),
            (DollarCurly, "${"),
            (Ident, "x"),
            (RBrace, "}"),
            (PathEnd, "")
        ]
    );
    // A path ends at the first character that cannot continue it.
    assert_eq!(
        tokens("(./a)"),
        [(LParen, "("), (Path, "./a"), (PathEnd, ""), (RParen, ")")]
    );
    assert_eq!(
        tokens("./a//b"),
        [(Path, "./a/"), (PathPiece, "/b"), (PathEnd, "")]
    );
    assert_eq!(tokens("<nixpkgs/lib>"), [(SearchPath, "<nixpkgs/lib>")]);
    assert_eq!(
        tokens("1 <2>3"),
        [(Int, "1"), (SearchPath, "<2>"), (Int, "3")]
    );
    assert_eq!(tokens("a < b"), [(Ident, "a"), (Less, "<"), (Ident, "b")]);
    assert_eq!(tokens("http://a.b/c?d=e"), [(Uri, "http://a.b/c?d=e")]);
    assert_eq!(tokens("a:b"), [(Uri, "a:b")]);
    assert_eq!(tokens("a: b"), [(Ident, "a"), (Colon, ":"), (Ident, "b")]);
    assert_eq!(tokens("@x:1"), [(At, "@"), (Uri, "x:1")]);
}

#[test]
fn a_trailing_slash_is_an_error() {
    let lexed = lex("/nix/store/\n");
    assert_eq!(lexed.errors.len(), 1);
    assert_eq!(lexed.errors[0].message, "path has a trailing slash");
    assert_eq!(lexed.errors[0].span.start, 11);
}

#[test]
fn strings() {
    assert_eq!(
        tokens(r#""a${b}c\"\${d}$$${e}$""#),
        [
            (Quote, "\""),
            (StrText, "a"),
            (DollarCurly, "${"),
            (Ident, "b"),
            (RBrace, "}"),
            (StrText, "c\\\"\\${d}$$"),
            (DollarCurly, "${"),
            (Ident, "e"),
            (RBrace, "}"),
            (StrText, "$"),
            (Quote, "\""),
        ]
    );
    // Braces nest inside an interpolation.
    assert_eq!(
        tokens(r#""${{a=1;}.a}""#),
        [
            (Quote, "\""),
            (DollarCurly, "${"),
            (LBrace, "{"),
            (Ident, "a"),
            (Assign, "="),
            (Int, "1"),
            (Semicolon, ";"),
            (RBrace, "}"),
            (Dot, "."),
            (Ident, "a"),
            (RBrace, "}"),
            (Quote, "\""),
        ]
    );
}

#[test]
fn plain_strings_lex_as_in_string_mode() {
    // Plain strings take a shortcut; the tokens are those of the mode.
    assert_eq!(
        tokens(r#"["" "a b" "ü" { x = "y"; }]"#),
        [
            (LBracket, "["),
            (Quote, "\""),
            (Quote, "\""),
            (Quote, "\""),
            (StrText, "a b"),
            (Quote, "\""),
            (Quote, "\""),
            (StrText, "ü"),
            (Quote, "\""),
            (LBrace, "{"),
            (Ident, "x"),
            (Assign, "="),
            (Quote, "\""),
            (StrText, "y"),
            (Quote, "\""),
            (Semicolon, ";"),
            (RBrace, "}"),
            (RBracket, "]"),
        ]
    );
    // A `$` or a backslash sends the string the long way; an open string
    // stays an error.
    assert_eq!(
        tokens(r#""a$" "b\"""#),
        [
            (Quote, "\""),
            (StrText, "a$"),
            (Quote, "\""),
            (Quote, "\""),
            (StrText, "b\\\""),
            (Quote, "\""),
        ]
    );
    let open = lex("\"abc");
    let kinds: Vec<TokenKind> = open.tokens.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [Quote, StrText, Eof]);
}

#[test]
fn indented_strings() {
    assert_eq!(
        tokens("''  \n  a'b ''$ ''' ''\\n $'${x}''"),
        [
            (IndOpen, "''  \n"),
            (IndText, "  a'b "),
            (IndEscape, "''$"),
            (IndText, " "),
            (IndEscape, "'''"),
            (IndText, " "),
            (IndEscape, "''\\n"),
            (IndText, " "),
            (IndEscape, "$"),
            (IndEscape, "'"),
            (DollarCurly, "${"),
            (Ident, "x"),
            (RBrace, "}"),
            (IndClose, "''"),
        ]
    );
    assert_eq!(
        tokens("''$${x}''"),
        [(IndOpen, "''"), (IndText, "$${x}"), (IndClose, "''")]
    );
    // No newline after the spaces: they are text.
    assert_eq!(
        tokens("''  a''"),
        [(IndOpen, "''"), (IndText, "  a"), (IndClose, "''")]
    );
}

#[test]
fn comments() {
    assert_eq!(
        tokens("a # line\n/* block * / */ b /**/ c"),
        [(Ident, "a"), (Ident, "b"), (Ident, "c")]
    );
    let lexed = lex("a /* open");
    assert_eq!(lexed.errors[0].message, "unterminated comment");
    assert!(lexed.errors[0].at_end || lexed.errors[0].span.end == 9);
}
