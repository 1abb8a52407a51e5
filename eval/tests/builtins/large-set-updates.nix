# Large sets built at once (vectors) and grown by `//` (merged while the
# chain of merges is short, then a map): contents, order, which side wins,
# positions, and removal or insertion on either form.
let
  big = n: prefix: builtins.listToAttrs (builtins.genList (i: { name = "${prefix}${toString i}"; value = i; }) n);
  a = big 100 "k";
  b = builtins.mapAttrs (n: v: v * 1000) (big 60 "k");
  grown = builtins.foldl' (acc: i: acc // { "k${toString i}" = i * 10; "n${toString i}" = i; }) a (builtins.genList (x: x) 40);
  halves = builtins.foldl' (acc: i: acc // big 50 "h${toString i}-") { } (builtins.genList (x: x) 12);
  sum = s: builtins.foldl' (x: y: x + y) 0 (builtins.attrValues s);
  literal = { x = 1; } // a // { k5 = "over"; };
in
{
  ab = sum (a // b);
  ba = sum (b // a);
  abCount = builtins.length (builtins.attrNames (a // b));
  grownCount = builtins.length (builtins.attrNames grown);
  grownSum = sum grown;
  grownSample = [ grown.k3 grown.n39 grown.k99 (grown ? n40) ];
  halvesCount = builtins.length (builtins.attrNames halves);
  halvesSample = [ halves."h0-0" halves."h11-49" ];
  firstNames = builtins.genList (i: builtins.elemAt (builtins.attrNames grown) i) 5;
  lastName = builtins.elemAt (builtins.attrNames halves) 599;
  removed = builtins.attrNames (removeAttrs (big 40 "r") [ "r1" "r10" "r39" "zz" ]);
  literal = [ literal.x literal.k5 literal.k6 ];
  position = (builtins.unsafeGetAttrPos "k5" literal).line;
  mapped = sum (builtins.mapAttrs (n: v: v + 1) grown);
  intersect = builtins.attrNames (builtins.intersectAttrs (big 3 "k") grown);
}
