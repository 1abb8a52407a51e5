# String builtins (byte-based lengths and offsets).
{
  stringLength = [ (builtins.stringLength "") (builtins.stringLength "héllo") (builtins.stringLength { outPath = "abc"; }) ];
  substring = [
    (builtins.substring 1 2 "foobar")
    (builtins.substring 3 100 "foobar")
    (builtins.substring 10 2 "foobar")
    (builtins.substring 2 (-1) "foobar")
    (builtins.substring 0 0 "foobar")
    (builtins.substring 1 3 { __toString = self: "coerced"; })
  ];
  concatStringsSep = [
    (builtins.concatStringsSep ", " [ "a" "b" "c" ])
    (builtins.concatStringsSep ", " [ ])
    (builtins.concatStringsSep "" [ "x" { outPath = "y"; } ])
  ];
  replaceStrings = [
    (builtins.replaceStrings [ "o" ] [ "a" ] "foobar")
    (builtins.replaceStrings [ "oo" "a" ] [ "a" "oo" ] "foobar")
    (builtins.replaceStrings [ "oo" "oo" ] [ "u" "i" ] "foobar")
    (builtins.replaceStrings [ "" ] [ "X" ] "abc")
    (builtins.replaceStrings [ "" ] [ "X" ] "")
    (builtins.replaceStrings [ "ab" "a" ] [ "1" "2" ] "aababa")
    (builtins.replaceStrings [ ] [ ] "unchanged")
    (builtins.replaceStrings [ "\"" "\\" "$" ] [ "\\\"" "\\\\" "\\$" ] "a\"b\\c$d")
  ];
}
