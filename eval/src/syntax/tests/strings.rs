//! Strings, indented strings and paths: escapes, the stripping of
//! indentation, interpolation (as C++ Nix's `nix-instantiate --parse`
//! shows them).

use super::tree;

#[track_caller]
fn check(source: &str, expected: &str) {
    assert_eq!(tree(source), expected, "{source}");
}

#[test]
fn escapes() {
    check(r#""a\n\t\r\q\$\\""#, r#"(str "a\n\t\rq$\\")"#);
    check(r#""$""#, r#"(str "$")"#);
    check(r#""$${x}""#, r#"(str "$${x}")"#);
    check(r#""\${x}""#, r#"(str "${x}")"#);
    check(r#""""#, "(str)");
    check(r#""a${b}c""#, r#"(str "a" (interp (var b)) "c")"#);
    check(r#""${b}""#, "(str (interp (var b)))");
}

#[test]
fn indented_strings() {
    check("''\n  a\n    b\n  ''", r#"(str "a\n  b\n")"#);
    check("''  a''", r#"(str "a")"#);
    check("''''", "(str)");
    check("''\n  ''", "(str)");
    check("''\n    end''", r#"(str "end")"#);
    check("''$${x}''", r#"(str "$${x}")"#);
    check("''''$ ''' ''\\n ''\\t''", r#"(str "$ '' \n \t")"#);
    // An interpolation or escape ends a line's indentation.
    check("''\n  ${a}\n    b''", r#"(str (interp (var a)) "\n  b")"#);
    check("''\n  ''\\ta\n    b''", r#"(str "\ta\n  b")"#);
    // Empty lines and a last line of spaces do not count.
    check("''\n    a\n\n    b\n  ''", r#"(str "a\n\nb\n")"#);
    check(
        "''\n  a\n  ${b}  ''",
        r#"(str "a\n" (interp (var b)) "  ")"#,
    );
    // Tabs are not indentation.
    check("''\n\ta\n''", r#"(str "\ta\n")"#);
    check(
        "''${/some/path}''",
        r#"(str (interp (path-abs "/some/path")))"#,
    );
}

#[test]
fn paths() {
    check("./a/b", r#"(path-rel "./a/b")"#);
    check("a/b", r#"(path-rel "a/b")"#);
    check("/a", r#"(path-abs "/a")"#);
    check("~/a", r#"(path-home "~/a")"#);
    check("./${a}/b", r#"(path-rel "./" (interp (var a)) "/b")"#);
    check("a/${b}c", r#"(path-rel "a/" (interp (var b)) "c")"#);
    check("/a/b${c}", r#"(path-abs "/a/b" (interp (var c)))"#);
    check("~/${a}", r#"(path-home "~/" (interp (var a)))"#);
    check("<nixpkgs/lib>", r#"(spath "<nixpkgs/lib>")"#);
    check("(./a)", r#"(paren (path-rel "./a"))"#);
    check(
        "http://example.org/a?b=c",
        r#"(uri "http://example.org/a?b=c")"#,
    );
}
