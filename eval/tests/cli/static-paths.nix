# `set.a.b or default` and `set ? a.b` with static names read the path
# from the code: through evaluated and unevaluated sets, stopping at a
# missing name or a value that is not a set; lazy selections taken at
# once when everything on the way is evaluated.
let
  lazy = x: builtins.seq x x;
  s = { a = { b = 1; c = lazy { d = 2; }; }; n = 5; t = lazy { u = lazy 3; }; };
  f = x: x.a.b;
  eager = let y = s.a.b; z = s.t.u; in [ y z ];
in
{
  present = [ (s.a.b or 0) (s.a.c.d or 0) (s.t.u or 0) ];
  missing = [ (s.a.x or "none") (s.n.m or "not a set") (s.a.b.c or "int") ];
  has = [ (s ? a.b) (s ? a.c.d) (s ? a.x) (s ? n.m) (s ? t.u) (5 ? a) ];
  quoted = { "a b" = { c = 1; }; }."a b".c or 0;
  inherit eager;
  called = f s;
}
