# `with` sets found where they are: a local slot of the frame, or an
# upvalue of a closure or thunk (evaluated or still to force), innermost
# first; names missing from inner sets fall through to outer ones.
let
  lib = { add = a: b: a + b; one = 1; two = 2; };
  lazySet = builtins.seq lib { three = 3; one = 100; };
  inner = f: with lib; f one;
  fromClosure = with lib; x: add x two;
  fromThunk = with lazySet; with lib; [ one three two ];
  shadowed = with lib; with { one = "inner"; }; one;
  nested = with { a = 1; }; with { b = 2; }; with { c = 3; }; a + b + c;
  deepClosure = with { p = 1; }; with { q = 2; }; (x: y: p + q + x + y) 3;
  lazyOuter = let s = { z = 26; }; in with s; (x: z + x);
in
{
  inherit fromThunk shadowed nested;
  inner = inner (x: x + 1);
  fromClosure = fromClosure 40;
  deepClosure = deepClosure 4;
  lazyOuter = lazyOuter 1;
  notASet = builtins.tryEval (with 3; (x: x));
}
