# Core builtins: typeOf and the is* family, seq/deepSeq, tryEval (which
# catches exactly `throw` and failed `assert`), throw/abort messages and
# toString on every kind of value.
let
  values = [ 1 1.5 "s" /p null true [ ] { } (x: x) builtins.map (builtins.map (x: x)) { __functor = self: x: x; } ];
  predicates = {
    inherit (builtins) isAttrs isBool isFloat isFunction isInt isList isNull isPath isString;
  };
  boom = throw "must stay lazy";
in
{
  typeOf = map builtins.typeOf values;
  predicates = builtins.mapAttrs (name: p: map p values) predicates;
  isNullTopLevel = isNull null;

  seq = builtins.seq 1 "second";
  seqShallow = [ (builtins.seq { a = boom; } 1) (builtins.seq [ boom ] 2) (builtins.seq (x: boom) 3) ];
  deepSeq = builtins.deepSeq { a = [ 1 { b = 2; } ]; } "second";
  deepSeqFunctions = builtins.deepSeq [ (x: boom) ] 1;
  deepSeqSecondLazy = builtins.length (builtins.deepSeq 1 [ boom ]);

  tryEval = [
    (builtins.tryEval 1)
    (builtins.tryEval (throw "x"))
    (builtins.tryEval (assert 1 == 2; 1))
    (builtins.tryEval (builtins.throw "y"))
    (builtins.tryEval { a = boom; }).success
    (builtins.tryEval (builtins.tryEval (throw "inner")))
    (builtins.tryEval (builtins.deepSeq [ (throw "deep") ] 1))
    (builtins.tryEval (builtins.seq (throw "nested") 1))
    (builtins.tryEval (let f = x: if x == 0 then throw "bottom" else f (x - 1); in f 100))
    (builtins.tryEval (throw { outPath = "coerced message"; }))
  ];
  tryEvalRecovers =
    let attempt = builtins.tryEval (throw "first"); in
    if attempt.success then "no" else "recovered";

  toString = map toString [
    1 (-3) 1.5 0.1 1.0 123456.789 "s" null true false
    [ 1 [ 2 "x" ] null [ ] true ]
    { outPath = "out"; }
    { outPath = { outPath = "nested"; }; }
    { __toString = self: "via __toString"; }
    { __toString = self: self.x; x = "self"; }
    { __toString = self: { outPath = "returned set"; }; }
    { __toString = self: "wins"; outPath = "loses"; }
  ];
  toStringBuiltins = builtins.toString [ "a" "b" ];
}
