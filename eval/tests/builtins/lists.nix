# List builtins: results, and which parts stay lazy (as in C++ Nix).
let
  xs = builtins.genList (i: i * i) 6;
  boom = throw "must stay lazy";
in
{
  genList = xs;
  genListEmpty = builtins.genList (i: i) 0;
  genListLazy = builtins.length (builtins.genList (i: boom) 3);
  genListLazyFunction = builtins.genList boom 0;
  foldl = builtins.foldl' (acc: x: acc ++ [ (x + 1) ]) [ ] xs;
  foldlLazyElements = builtins.foldl' (acc: x: acc + 1) 0 [ boom boom ];
  foldlLazyInitial = builtins.foldl' (acc: x: x) boom [ 1 ];
  foldlEmpty = builtins.foldl' (acc: x: x) "init" [ ];
  filter = builtins.filter (x: x > 4) xs;
  filterKeepsLazy = builtins.length (builtins.filter (x: true) [ boom boom ]);
  all = [ (builtins.all (x: x < 30) xs) (builtins.all (x: x < 10) xs) (builtins.all (x: false) [ ]) ];
  allShortCircuits = builtins.all (x: x) [ false boom ];
  any = [ (builtins.any (x: x == 9) xs) (builtins.any (x: x == 10) xs) (builtins.any (x: true) [ ]) ];
  anyShortCircuits = builtins.any (x: x) [ true boom ];
  elem = [ (builtins.elem 9 xs) (builtins.elem 10 xs) (builtins.elem 1.0 [ 1 ]) ];
  elemDeep = builtins.elem { a = [ 1 2 ]; } [ 1 "x" { a = [ 1 2 ]; } ];
  elemStopsAtMatch = builtins.elem 1 [ 1 boom ];
  elemLazyValue = builtins.elem boom [ ];
  concatLists = builtins.concatLists [ [ 1 ] [ ] [ 2 3 ] [ [ 4 ] ] ];
  concatListsLazy = builtins.length (builtins.concatLists [ [ boom ] [ boom ] ]);
  concatMap = builtins.concatMap (x: [ x x ]) [ 1 2 3 ];
  partition = builtins.partition (x: x > 3) xs;
  groupBy = builtins.groupBy (x: if x > 3 then "big" else "small") xs;
  groupByOrder = builtins.groupBy (s: builtins.substring 0 1 s) [ "b2" "a1" "b1" "a2" ];
}
