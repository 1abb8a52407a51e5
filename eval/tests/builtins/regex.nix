# builtins.match / builtins.split with POSIX extended regular expressions.
let
  m = builtins.match;
  s = builtins.split;
in
{
  match = [
    (m "foobar" "foobar")
    (m "fo*" "foobar")
    (m "(.*)\\.nix" "foobar.nix")
    (m "((.*)/)?([^/]*)\\.(nix|cc)" "foobar.cc")
    (m "((.*)/)?([^/]*)\\.(nix|cc)" "/path/to/foobar.nix")
    (m "[[:space:]]+([[:upper:]]+)[[:space:]]+" "  FOO   ")
    (m "[]a]+" "]a]")
    (m "[a-]+" "-a-")
    (m "[\\.]+" "\\.")
    (m "x+?" "xxx")
    (m "a{1,2}{2}" "aaa")
    (m "(|a)" "a")
    (m "(a|ab)(c|bcd)(d*)" "abcd")
    (m "." "\n")
    (m "é." "éé")
    (m "(a)|b" "b")
    (m "\\(\\{\\|\\)" "({|)")
    (m "}]" "}]")
  ];
  split = [
    (s "(a)|b" "abc")
    (s "," "a,b,,c")
    (s "a*" "baaac")
    (s "" "ab")
    (s "x*" "")
    (s "^a" "aaa")
    (s "(o+)" "oooofoooo")
    (s "([[:upper:]]+)" "  FOO   ")
    (s "[[:space:]]+|([',.!?])" "Nix Rocks! That's why.")
    # Alternatives: the longest match at a place; repetitions: the greediest.
    (s "a|ab" "abc")
    (s "(|a)" "a")
    (s "(a|ab)(c|bcd)(d*)" "xabcd")
    (s "a*(ab)?" "xaab")
  ];
}
