# Names and strings compared by their first eight bytes, then by the
# rest; interned (literal) and computed names looked up alike.
let
  xs = [ "" "a" "ab" "abc" "abcdefgh" "abcdefghi" "abcdefgg" "abcdefgh0" "é" "ä" "z" "zz" "Z" "abcdefghij" "abcdefghii" "b" "ab c" "aa" "~" "ÿ" "abcdefg" ];
  sorted = builtins.sort builtins.lessThan xs;
  pairs = builtins.concatMap (a: map (b: [ (a < b) (a == b) ]) xs) xs;
  set = builtins.listToAttrs (map (n: { name = n; value = n; }) xs);
  dyn = map (n: set.${n}) xs;
  viaInterp = map (n: set.${"${n}"}) xs;
  hasAll = map (n: builtins.hasAttr n set) xs;
  keyed = { abcdefgh = 1; abcdefghi = 2; "" = 3; a = 4; } // { abcdefgh = 5; x = 6; };
in { inherit sorted pairs dyn viaInterp hasAll keyed; names = builtins.attrNames set; eq = { a = 1; b = "x"; } == { b = "x"; a = 1; }; r = removeAttrs set [ "abcdefghi" "" "zz" ]; }
