# Static scoping: let and rec bindings see each other in any order;
# `with` never shadows a static binding; builtins are static too; an
# inherited name comes from the enclosing scope.
let
  a = b + 1;
  b = 10;
  x = "outer";
  f = n: if n == 0 then [ ] else [ n ] ++ f (n - 1);
  r = rec { p = q * 2; q = 3; inherit x; };
in
with { a = "from with"; x = "from with"; true = false; z = "only in with"; };
{
  inherit a x z;
  t = true;
  list = f 3;
  inherit (r) p q;
  rx = r.x;
  nested = let x = "inner"; in with { x = "with"; }; x;
}
