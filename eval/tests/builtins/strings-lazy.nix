# The string builtins with evaluated and unevaluated arguments (both
# ways must agree): replacements are forced only when used, as in current
# Nix (2.8 forced them all).
let
  lazy = x: builtins.seq true x;
  n = 3;
in
{
  unusedThrow = builtins.replaceStrings [ "a" "b" ] [ "x" (throw "not used") ] "aaa";
  usedThunk = builtins.replaceStrings [ "a" "b" ] [ (lazy "x") (throw "not used") ] "cac";
  thunkPattern = builtins.replaceStrings [ (lazy "a") ] [ "y" ] "banana";
  thunkSubject = builtins.replaceStrings [ "a" ] [ "y" ] (lazy "banana");
  noMatchShares = builtins.replaceStrings [ "z" ] [ "y" ] "banana";
  lazyElements = builtins.concatStringsSep "-" [ (lazy "a") "b" (toString n) ];
  lengthOfThunk = builtins.stringLength (lazy "four");
  substringOfThunk = builtins.substring 1 2 (lazy "abcd");
  toStrings = map toString [ 1 (-42) 9223372036854775807 (-9223372036854775807 - 1) 1.5 true false null "s" [ 1 [ 2 "x" ] null ] ];
  interpolated = "${toString (n * 7)}:${lazy "x"}:${toString n}";
  compare = [ ("a" < "b") ("b" < "a") ("" < "a") ("abc" < "abd") ("Z" < "a") ];
}
