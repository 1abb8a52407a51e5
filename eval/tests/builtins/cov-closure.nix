# genericClosure: breadth-first from startSet, the first element with a
# key wins, keys compare by value (1 == 1.0, lists element-wise), other
# attributes are kept and stay lazy; the operator runs once per element.
let
  boom = throw "must stay lazy";
  collatz = builtins.genericClosure {
    startSet = [ { key = 27; } ];
    operator = { key, ... }: if key == 1 then [ ] else [ { key = if builtins.bitAnd key 1 == 0 then key / 2 else 3 * key + 1; } ];
  };
  graph = { a = [ "b" "c" ]; b = [ "d" ]; c = [ "d" "a" ]; d = [ ]; e = [ "a" ]; };
in
{
  order = map (x: x.key) (builtins.genericClosure {
    startSet = [ { key = 1; } ];
    operator = x: if x.key >= 8 then [ ] else [ { key = x.key * 2; } { key = x.key * 2 + 1; } ];
  });
  graph = builtins.genericClosure {
    startSet = [ { key = "e"; depth = 0; } ];
    operator = node: map (n: { key = n; depth = node.depth + 1; }) graph.${node.key};
  };
  collatzLength = builtins.length collatz;
  collatzMax = builtins.foldl' (m: x: if x.key > m then x.key else m) 0 collatz;
  empty = builtins.genericClosure { startSet = [ ]; operator = x: [ x ]; };
  lazyAttributes = builtins.length (builtins.genericClosure { startSet = [ { key = 1; payload = boom; } ]; operator = x: [ ]; });
  mixedNumbers = builtins.genericClosure { startSet = [ { key = 1; } { key = 1.0; } { key = 2.5; } ]; operator = x: [ ]; };
  stringKeys = map (x: x.key) (builtins.genericClosure { startSet = [ { key = "b"; } { key = "a"; } { key = "b"; } ]; operator = x: [ ]; });
  pathKeys = builtins.length (builtins.genericClosure { startSet = [ { key = /a; } { key = /a; } { key = /b; } ]; operator = x: [ ]; });
  listKeys = map (x: x.key) (builtins.genericClosure { startSet = [ { key = [ 1 "a" ]; } { key = [ 1 "a" ]; } { key = [ 1 ]; } ]; operator = x: [ ]; });
}
