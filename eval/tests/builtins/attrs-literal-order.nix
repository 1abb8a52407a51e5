# Sets with static keys in any order, nested paths, inherit, rec and
# dynamic keys all build the same sets.
let
  x = 1;
  src = { p = 1; q = 2; };
in
{
  plain = { zeta = 1; alpha = 2; mid = 3; "with space" = 4; "" = 5; };
  nested = { b.y = 1; a = 2; b.x = 3; };
  inherited = { inherit x; inherit (src) q p; a = 0; };
  recursive = rec { z = y + 1; y = 2; a = z; };
  dynamic = { ${"b"} = 1; a = 2; };
  names = builtins.attrNames { "Z" = 1; a = 2; "_" = 3; "10" = 4; "9" = 5; };
  bytes = builtins.attrNames { "é" = 1; e = 2; f = 3; };
}
