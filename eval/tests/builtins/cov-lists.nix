# List builtins beyond lists.nix: head/tail/elemAt/length, map laziness,
# foldl' strictness (each accumulator is forced; the initial value only
# when it is the result), concatMap/partition/groupBy shapes.
let
  boom = throw "must stay lazy";
  xs = [ 3 1 4 1 5 9 2 6 ];
in
{
  length = [ (builtins.length [ ]) (builtins.length xs) (builtins.length [ boom boom ]) ];
  head = [ (builtins.head xs) (builtins.head [ [ 1 ] boom ]) ];
  tail = [ (builtins.tail xs) (builtins.tail [ 1 ]) (builtins.length (builtins.tail [ boom boom ])) ];
  elemAt = [ (builtins.elemAt xs 0) (builtins.elemAt xs 7) (builtins.elemAt [ boom 2 ] 1) ];
  map = [ (map (x: x * 2) xs) (map boom [ ]) (builtins.length (map (x: boom) [ 1 2 ])) ];
  mapIndexedByGenList = builtins.genList (i: builtins.elemAt xs i + i) (builtins.length xs);
  genListBig = builtins.length (builtins.genList (x: x) 100000);
  foldlSum = builtins.foldl' builtins.add 0 xs;
  foldlOrder = builtins.foldl' (acc: x: "(${acc} ${toString x})") "0" [ 1 2 3 ];
  foldlStrictAccumulatorShallow = builtins.foldl' (acc: x: { inner = boom; }) 0 [ 1 2 ] ? inner;
  foldlInitialUnused = builtins.foldl' (acc: x: x) boom [ 1 2 ];
  foldlLong = builtins.foldl' (acc: x: acc + x) 0 (builtins.genList (x: x) 100000);
  filter = [ (builtins.filter (x: x > 3) xs) (builtins.filter (x: false) xs) ];
  elem = [ (builtins.elem 9 xs) (builtins.elem "9" xs) (builtins.elem [ 1 ] [ [ 1 ] ]) (builtins.elem { } [ { } ]) (builtins.elem null [ ]) ];
  allAny = [ (builtins.all (x: x > 0) xs) (builtins.any (x: x > 8) xs) ];
  concatLists = [ (builtins.concatLists [ ]) (builtins.concatLists [ [ ] [ ] ]) (builtins.concatLists [ xs [ 0 ] ]) ];
  concatMap = [ (builtins.concatMap (x: [ x (x * 10) ]) [ 1 2 ]) (builtins.concatMap (x: [ ]) xs) ];
  partition = [ (builtins.partition (x: x > 3) xs) (builtins.partition (x: true) [ ]) ];
  groupBy = [ (builtins.groupBy (x: if x > 3 then "big" else "small") xs) (builtins.groupBy toString [ 1 2 1 ]) ];
  groupByLazyValues = builtins.attrNames (builtins.groupBy (x: "k") [ boom ]);
  listLessThan = [ (builtins.lessThan [ ] [ 1 ]) (builtins.lessThan [ 1 2 ] [ 1 2 ]) (builtins.lessThan [ 1 ] [ 1 2 ]) (builtins.lessThan [ 2 ] [ 1 2 ]) ];
}
