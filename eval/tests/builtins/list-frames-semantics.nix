# The list builtins run as native frames: tryEval, nesting, equality
# (cycles, derivations, functions), long lists; as C++ Nix answers.
let
  a = { x = a; y = 1; };
  xs = builtins.genList (i: i) 300;
  nested = builtins.genList (i: [ i { v = i; } ]) 200;
in
{
  t1 = builtins.tryEval (builtins.any (x: throw "a") [ 1 ]);
  t2 = builtins.tryEval (builtins.partition (x: assert x < 3; true) [ 1 2 3 ]);
  t3 = builtins.any (x: builtins.elem x [ 5 6 ]) xs;
  t4 = builtins.elem a [ { x = a; y = 1; } ];
  t5 = builtins.elem [ 150 { v = 150; } ] nested;
  t6 = builtins.elem [ 150 { v = 151; } ] nested;
  t7 = builtins.groupBy (x: if x then "t" else "f") [ true false true ];
  t8 = builtins.concatMap (x: builtins.concatMap (y: [ [ x y ] ]) [ 1 2 ]) [ 3 4 ];
  t9 = builtins.all (l: builtins.any (x: x == 3) l) [ [ 1 3 ] [ 3 ] ];
  t10 = builtins.elem (builtins.head [ 1.5 ]) [ 1 1.5 ];
  t11 = builtins.elem null [ 1 null ];
  t12 = builtins.elem { type = "derivation"; outPath = "a"; x = 1; } [ { type = "derivation"; outPath = "a"; x = 2; } ];
  t13 = builtins.length (builtins.filter (x: true) xs);
  t14 = builtins.foldl' (acc: l: acc ++ l) [ ] (builtins.genList (i: [ i i ]) 500) == builtins.concatLists (builtins.genList (i: [ i i ]) 500);
  t15 = let l = builtins.genList (i: i) 1000; walk = l: acc: if l == [ ] then acc else walk (builtins.tail l) (acc + builtins.head l); in walk l 0;
  t16 = builtins.elem (x: x) [ (x: x) ];
  t17 = let f = x: x; in builtins.elem [ f ] [ [ f ] ];
  # Long lists made by `++` and `tail`, ending in a thunk or a container.
  t18 = builtins.elem 1000 (xs ++ [ (builtins.head [ 5 ]) ]);
  t19 = builtins.elem 598 (builtins.tail (map (x: x * 2) xs));
  t20 = builtins.elem [ 1 ] (xs ++ [ [ 2 ] ]);
}
