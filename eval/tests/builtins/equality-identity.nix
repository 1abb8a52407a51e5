# Inside lists and sets the identical value is equal to itself once
# forced, functions included (C++ Nix's pointer equality); the operands of
# `==` themselves never are, and values built anew (a selection, `map`)
# are not identical.
let
  f = x: x;
  g = f;
  s = { a = x: x; };
  x = { a = throw "not forced"; };
in
[
  ([ f ] == [ f ])
  ([ f ] == [ g ])
  ({ inherit f; } == { inherit f; })
  (s == s)
  ([ s.a ] == [ s.a ])
  (map (y: y) [ f ] == [ f ])
  ([ x ] == [ x ])
  ([ f 42 ] > [ f 21 ])
  ([ f 21 ] < [ f 42 ])
  (f == f)
  (builtins.elem f [ f ])
]
