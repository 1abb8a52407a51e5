# The lazy applications `map`, `mapAttrs`, `genList`, `zipAttrsWith` make:
# closures called directly, curried and leaf functions computed on the
# spot, functions returning thunks, builtins and functors as the function,
# functions that are themselves unevaluated, and failures that are caught
# and evaluated again when forced again.
let
  set = { a = 1; b = { c = 2; }; lazy = throw "never forced"; };
  pick = x: set.${x};
  adder = x: y: x + y;
  functor = { __functor = self: x: x * 10; };
  lazyFunction = if set.a == 1 then (x: x + 100) else null;
  failing = builtins.map (x: if x == 0 then throw "zero" else 10 / x) [ 0 5 ];
  first = builtins.tryEval (builtins.head failing);
  again = builtins.tryEval (builtins.head failing);
  returnsThunk = builtins.map (x: x.value) [ { value = 1 + 2; } { value = set.b; } ];
  unforced = builtins.map (x: set.lazy) [ 1 2 ];
  unforcedFromFrame = builtins.map (x: if x > 0 then set.lazy else null) [ 1 2 ];
  twice = list: [ (builtins.tryEval (builtins.head list)) (builtins.tryEval (builtins.head list)) ];
in
{
  closures = builtins.map (x: x * 2) [ 1 2 3 ];
  leafs = builtins.map (x: x < 2) [ 1 2 ];
  curried = builtins.map (f: f 1) (builtins.map adder [ 10 20 ]);
  selections = builtins.map pick [ "a" "b" ];
  inherit returnsThunk;
  builtinFunction = builtins.map toString [ 1 true null ];
  partialBuiltin = builtins.map (builtins.add 5) [ 1 2 ];
  functorFunction = builtins.map functor [ 1 2 ];
  unevaluatedFunction = builtins.map lazyFunction [ 1 2 ];
  mapped = builtins.mapAttrs (name: value: "${name}=${toString value}") { x = 1; y = 2; };
  mappedLeaf = builtins.mapAttrs (name: value: value + 1) { x = 1; y = 2; };
  mappedPartial = builtins.mapAttrs (name: adder 1) { x = 1; };
  generated = builtins.genList (i: i * i) 4;
  zipped = builtins.zipAttrsWith (name: values: builtins.length values) [ { a = 1; } { a = 2; b = 3; } ];
  caught = [ first again (builtins.elemAt failing 1) ];
  unforcedLength = builtins.length unforced;
  # Caught while the application itself is being forced: the stack is
  # as it was before, for what follows.
  tryEach = [ (builtins.map builtins.tryEval failing) (builtins.length failing + 1) ];
  tryEachInContext = builtins.map builtins.tryEval (builtins.map (builtins.addErrorContext "in context") failing);
  unforcedCaught = twice unforced;
  unforcedFromFrameCaught = twice unforcedFromFrame;
}
