# String builtins beyond strings.nix. replaceStrings forces a replacement
# only where its pattern matches (current C++ Nix; 2.8 forced them all,
# so `replacementsLazy` differs from 2.8). Lengths and offsets count bytes.
let
  boom = throw "must stay lazy";
in
{
  stringLength = [ (builtins.stringLength "") (builtins.stringLength "\n\t") (builtins.stringLength "€") (builtins.stringLength "${"a"}${"bc"}") ];
  substring = [
    (builtins.substring 0 3 "abc")
    (builtins.substring 3 1 "abc")
    (builtins.substring 4 0 "abc")
    (builtins.substring 1 (-5) "abc")
    (builtins.substring 0 9223372036854775807 "abc")
    (builtins.substring 1 2 "héllo")
    (builtins.substring 0 1 "")
    (builtins.substring 2 2 (builtins.substring 1 4 "abcdef"))
  ];
  substringLongString = builtins.substring 99990 20 (builtins.concatStringsSep "" (builtins.genList (i: toString (builtins.bitAnd i 7)) 100000));
  concatStringsSep = [
    (builtins.concatStringsSep "" [ ])
    (builtins.concatStringsSep "-" [ "only" ])
    (builtins.concatStringsSep "-" [ "" "" ])
    (builtins.concatStringsSep ", " [ "a" { __toString = self: "b"; } { outPath = "c"; } ])
  ];
  replaceStrings = [
    (builtins.replaceStrings [ "a" ] [ "b" ] "")
    (builtins.replaceStrings [ "" ] [ "-" ] "héllo")
    (builtins.replaceStrings [ "" "a" ] [ "-" "b" ] "aXa")
    (builtins.replaceStrings [ "a" "" ] [ "b" "-" ] "aXa")
    (builtins.replaceStrings [ "aa" ] [ "b" ] "aaaaa")
    (builtins.replaceStrings [ "a" "aa" ] [ "1" "2" ] "aaa")
    (builtins.replaceStrings [ "x" ] [ "${"y"}" ] "x x")
  ];
  replacementsLazy = [
    (builtins.replaceStrings [ "a" ] [ boom ] "b")
    (builtins.replaceStrings [ "a" "b" ] [ boom "c" ] "bb")
  ];
  toStringInterpolation = "${toString 1}-${toString null}-${toString [ 1 2 ]}";
}
