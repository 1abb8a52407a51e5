# compareVersions, splitVersion and parseDrvName beyond versions.nix:
# "pre" sorts before everything, numbers compare numerically (also beyond
# 64 bits, as digit strings), letters compare as strings, a missing
# component is older than any number.
let
  cmp = builtins.compareVersions;
in
{
  compare = [
    (cmp "1.0pre" "1.0") (cmp "1.0" "1.0pre") (cmp "a" "b") (cmp "1.0" "1.0a") (cmp "01" "1")
    (cmp "1.0-rc1" "1.0") (cmp "1.2.3" "1.2.3") (cmp "1.10" "1.9") (cmp "1.a" "1.1") (cmp "pre" "")
    (cmp "2.31.0" "2.3") (cmp "2.3.17" "2.3.9")
  ];
  split = map builtins.splitVersion [ "1.0-rc1" "abc123def" "01.002" "1..2" "-" "1.2.3-alpha" ];
  parse = map builtins.parseDrvName [ "nix-2.8.0pre" "a-1-b" "-1" "" "hello-world" "hello-2-world-3" "x-" ];
  sortedVersions = builtins.sort (a: b: cmp a b < 0) [ "1.10" "1.2" "1.2pre1" "1.2a" "1.9" "1.2.1" ];
}
