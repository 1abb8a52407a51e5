# The list builtins that call functions, on short and long lists (long
# lists are stored differently), with laziness and short-circuiting.
let
  boom = throw "must stay lazy";
  xs = builtins.genList (i: i) 100;
  short = [ 5 1 4 2 3 ];
  # Long lists built by `++` (a shared tree) and by `tail`.
  appended = builtins.foldl' (acc: x: acc ++ [ x ]) [ ] xs;
  tailed = builtins.tail xs;
  mod3 = x: x - x / 3 * 3;
in
{
  any = [
    (builtins.any (x: x == 99) xs)
    (builtins.any (x: x == 99) appended)
    (builtins.any (x: x == 0) tailed)
    (builtins.any (x: x > 4) short)
    (builtins.any (x: x) [ false true boom ])
    (builtins.any (x: x > 50) (xs ++ [ boom ]))
  ];
  all = [
    (builtins.all (x: x < 100) xs)
    (builtins.all (x: x < 99) appended)
    (builtins.all (x: x > 0) tailed)
    (builtins.all (x: x) [ true false boom ])
    (builtins.all (x: x < 50) (xs ++ [ boom ]))
  ];
  allLazyElements = builtins.all (x: true) [ boom boom ];
  partition = builtins.partition (x: x > 2) short;
  partitionLong = builtins.mapAttrs (_: builtins.length) (builtins.partition (x: mod3 x == 0) appended);
  partitionOrder = builtins.partition (x: mod3 x == 1) (builtins.genList (i: 100 - i) 10);
  partitionAll = builtins.partition (x: true) short;
  partitionEmpty = builtins.partition (x: boom) [ ];
  groupBy = builtins.groupBy (x: toString (mod3 x)) short;
  groupByLong = builtins.mapAttrs (_: builtins.length) (builtins.groupBy (x: toString (mod3 x)) appended);
  groupByOrder = (builtins.groupBy (x: toString (mod3 x)) xs)."2";
  groupByLazy = builtins.attrNames (builtins.groupBy (x: "k") [ boom boom ]);
  concatMap = builtins.concatMap (x: [ x (-x) ]) short;
  concatMapLong = builtins.length (builtins.concatMap (x: [ x x x ]) appended);
  concatMapMixed = builtins.concatMap (x: if mod3 x == 0 then [ ] else if mod3 x == 1 then [ x ] else xs) [ 0 1 2 3 4 ];
  concatMapLazy = builtins.length (builtins.concatMap (x: [ boom x ]) [ 1 2 ]);
  concatLists = builtins.concatLists [ short [ ] short ];
  concatListsLong = builtins.length (builtins.concatLists [ xs appended tailed [ boom ] ]);
  elem = [
    (builtins.elem 42 xs)
    (builtins.elem 42 appended)
    (builtins.elem 0 tailed)
    (builtins.elem 42.0 xs)
    (builtins.elem "42" xs)
    (builtins.elem [ 1 { a = [ 2 ]; } ] [ [ 1 { a = [ 3 ]; } ] [ 1 { a = [ 2 ]; } ] ])
    (builtins.elem { x = builtins.head [ 1 ]; } [ { x = 2; } { x = 1; } ])
    (builtins.elem [ ] [ [ 1 ] [ ] ])
    (builtins.elem (x: x) [ (x: x) ])
    (builtins.elem 3 (builtins.genList (i: i + 1) 5))
    (builtins.elem 1 [ 1 boom ])
    (builtins.elem boom [ ])
  ];
  elemAt = builtins.map (builtins.elemAt appended) [ 0 31 32 33 63 64 99 ];
  tails = [ (builtins.head tailed) (builtins.length tailed) (builtins.elemAt tailed 98) ];
}
