# match and split: POSIX extended regular expressions with leftmost-longest
# semantics; match is anchored over the whole string. Subexpressions are
# as C++ Nix (libstdc++'s std::regex) gives them: the whole match is the
# longest, alternatives inside it are tried in order ("a" "bcd" "", not
# the strict POSIX "ab" "c" "d").
let
  m = builtins.match;
  s = builtins.split;
in
{
  anchored = [ (m "a|b" "ab") (m "a|b" "b") (m "a" "ab") (m "b" "ab") (m "" "") (m "" "a") (m "^a$" "a") ];
  longest = [
    (m "(a|ab)(c|bcd)(d*)" "abcd")
    (m "(a*)(a*)" "aaa")
    (m "(a|aa)*" "aaa")
    (m "(.*)-(.*)" "a-b-c")
    (m "(a*)(b)?" "aa")
    (m "(a)(b)?(c)?" "ab")
    (m "(a)|(b)" "b")
    (m "((a)|b)+" "ab")
  ];
  classes = [
    (m "[[:alpha:]]+" "abcXYZ")
    (m "[[:digit:]]{3}-[[:digit:]]{4}" "555-1234")
    (m "[[:alnum:]_]+" "a_1")
    (m "[[:punct:]]+" "!?.")
    (m "[^a]" "a")
    (m "[^a]" "b")
    (m "[a-c]+" "abcd")
    (m "([a-z]+)@([a-z]+)\\.com" "joe@example.com")
  ];
  counted = [ (m "a{2}" "aa") (m "a{2,}" "aaaa") (m "a{1,2}" "aaa") (m "(ab){2}" "abab") ];
  special = [ (m "\\." "x") (m "\\." ".") (m "a\\*" "a*") (m "[.]" ".") (m "a.c" "a\nc") (m "\\$" "$") ];
  split = [
    (s "(a)|b" "xaybz")
    (s "(a)|(b)" "xaybz")
    (s "(a)(b)?" "xaby")
    (s "b" "abcb")
    (s "" "")
    (s "a" "")
    (s "(.)" "ab")
    (s "x*" "axb")
    (s "([ab])" "aXb")
    (s "(a|ab)(c|bcd)(d*)" "abcd")
    (s "[[:space:]]+" " a  b ")
  ];
  cached = builtins.length (builtins.genList (i: m "([0-9]+)-([0-9]+)" "${toString i}-${toString (i * 2)}") 2000);
}
