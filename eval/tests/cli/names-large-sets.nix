# Look-ups by literal and computed names in sets searched by halving
# (more than 8 names), after `//`, `removeAttrs` and friends.
let
  names = builtins.genList (i: "name${toString i}") 200 ++ [ "abcdefgh" "abcdefghi" "x" "" ];
  big = builtins.listToAttrs (map (n: { name = n; value = n; }) names);
  big2 = big // { abcdefgh = "over"; name5 = "five"; zzz = 1; };
in {
  a = big.abcdefgh; b = big.abcdefghi; c = big.name199; d = big2.abcdefgh; e = big2.name5;
  f = map (n: big2.${n}) names;
  g = builtins.intersectAttrs { abcdefgh = 0; name7 = 0; q = 0; } big2;
  h = builtins.catAttrs "abcdefghi" [ big { } big2 ];
  i = builtins.attrNames (removeAttrs big2 [ "name1" "abcdefghi" ]);
  j = big ? "name10" && !(big ? "name1000");
  k = with big2; abcdefgh + name3;
  l = builtins.length (builtins.attrNames big2);
}
