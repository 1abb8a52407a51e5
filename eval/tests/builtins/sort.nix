# builtins.sort: a stable sort; lessThan as comparator; larger inputs
# checked for order and stability.
let
  rnd = i: builtins.bitAnd (i * 2654435761 + 1013904223) 1023;
  big = builtins.genList (i: { k = rnd i; i = i; }) 3000;
  sorted = builtins.sort (a: b: a.k < b.k) big;
  ok = builtins.foldl' (acc: n:
    let a = builtins.elemAt sorted n; b = builtins.elemAt sorted (n + 1);
    in acc && (a.k < b.k || (a.k == b.k && a.i < b.i))) true (builtins.genList (i: i) 2999);
in
{
  ints = builtins.sort builtins.lessThan [ 483 249 526 147 42 77 ];
  desc = builtins.sort (a: b: a > b) [ 483 249 526 147 42 77 ];
  strings = builtins.sort builtins.lessThan [ "foo" "bar" "xyzzy" "fnord" "" ];
  lists = builtins.sort builtins.lessThan [ [ 1 6 ] [ ] [ 2 3 ] [ 3 ] [ 1 5 ] [ 1 ] [ 2 ] [ 1 4 ] ];
  stable = builtins.sort (a: b: a.key < b.key) [
    { key = 2; v = "a"; } { key = 1; v = "b"; } { key = 2; v = "c"; } { key = 1; v = "d"; } { key = 0; v = "e"; }
  ];
  empty = builtins.sort (a: b: throw "not called") [ ];
  single = builtins.sort (a: b: throw "not called") [ 1 ];
  presorted = builtins.sort builtins.lessThan (builtins.genList (i: i) 20);
  reversed = builtins.sort builtins.lessThan (builtins.genList (i: 19 - i) 20);
  mixedNumbers = builtins.sort builtins.lessThan [ 2.5 1 3 0.5 ];
  bigSortedAndStable = ok;
  bigLength = builtins.length sorted;
}
