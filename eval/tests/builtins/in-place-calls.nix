# Builtins of one argument that a call answers where the argument lies on
# the stack (the type predicates, `typeOf`, `length`, `attrNames`,
# `attrValues`; `toString` and `head` in their common cases): arguments
# evaluated, thunks still to force and thunks forced before, the same
# builtins passed to `map` (called the ordinary way), and the cases that
# fall back to the ordinary call (`toString` of a set, a list or a path;
# `head` of a list whose first element is not evaluated yet).
let
  values = [ 1 "a" { } [ ] null true 1.5 ./. (x: x) builtins.map ];
  thunk = 1 + 1;
  forcedBefore = builtins.seq thunk thunk;
  withToString = { __toString = self: "S${toString self.n}"; n = 3; };
  withOutPath = { outPath = "/out"; };
in
{
  predicates = map (v: [ (builtins.isAttrs v) (builtins.isList v) (builtins.isInt v)
    (builtins.isString v) (builtins.isFunction v) (builtins.isNull v) (builtins.isBool v)
    (builtins.isFloat v) (builtins.isPath v) (builtins.typeOf v) ]) values;
  onThunks = [ (builtins.isInt thunk) (builtins.isAttrs (let a = { }; in a)) forcedBefore (builtins.isInt forcedBefore) ];
  throughMap = map builtins.length [ [ ] [ 1 ] [ 1 2 ] ];
  lengths = [ (builtins.length [ 1 2 ]) (builtins.length (builtins.genList (x: x) 5)) ];
  names = [ (builtins.attrNames { b = 1; a = 2; }) (builtins.attrValues { b = 1; a = 2; }) ];
  strings = [ (toString 1) (toString "a") (toString null) (toString true) (toString false)
    (toString [ 1 "b" null ]) (toString withToString) (toString withOutPath) (toString 1.5)
    (toString (builtins.baseNameOf ./.)) (toString thunk) ];
  heads = [ (builtins.head [ 1 2 ]) (builtins.head [ (1 + 1) ]) (builtins.head (map (x: x * 3) [ 2 ]))
    (map builtins.head [ [ "x" ] [ "y" "z" ] ]) ];
}
