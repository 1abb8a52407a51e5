# The inner function of `a: b: ...` binds `a` (its local 1) and shares
# the outer function's captured values: read directly and through nested
# functions and thunks, with formals (`a: { x, y ? a }: ...`), shadowing,
# `@` patterns, three levels of currying, partial applications kept in
# lists and sets, applications made by builtins (`map`, `mapAttrs`,
# `foldl'`), leaf bodies, and an error caught and raised again from an
# application thunk of such a closure.
let
  k = 100;
  add = a: b: a + b + k;
  three = a: b: c: a * 100 + b * 10 + c;
  formals = a: { x, y ? a }: x + y + a;
  shadowed = a: a: a;
  shadowedFormal = a: { a ? 7 }: a;
  pattern = a: { x, ... }@args: args.x + a + x;
  nested = a: b: (c: a + b + c) 1;
  lazy = a: b: { sum = a + b; list = [ a b ]; inner = c: a + c; };
  leaf = a: b: a < b;
  keep = map (add 1) [ 1 2 3 ];
  fail = a: b: if b then throw "fails for ${toString a}" else a;
  applied = map (fail 5) [ true false ];
in
{
  values = [ (add 1 2) (three 1 2 3) (formals 1 { x = 2; }) (formals 1 { x = 2; y = 5; })
    (shadowed 1 2) (shadowedFormal 1 { }) (pattern 1 { x = 5; z = 1; }) (nested 1 2) ];
  lazy = lazy 3 4;
  lazyInner = (lazy 3 4).inner 10;
  sorted = builtins.sort (a: b: leaf a b) [ 3 1 2 ];
  keep = keep;
  partials = builtins.listToAttrs (map (n: { name = "p${toString n}"; value = three n; }) [ 1 2 ]);
  fromPartials = [ ((three 1) 2 3) ((three 4 5) 6) ];
  mapped = builtins.mapAttrs (name: value: name + value) { a = "x"; b = "y"; };
  folded = builtins.foldl' (acc: x: acc + x) 0 [ 1 2 3 ];
  args = builtins.functionArgs (formals 1);
  caught = [ (builtins.tryEval (builtins.elemAt applied 0)) (builtins.tryEval (builtins.elemAt applied 0)) (builtins.elemAt applied 1) ];
}
