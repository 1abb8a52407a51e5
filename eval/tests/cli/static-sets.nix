# Sets whose keys are all static names are built from their values alone
# (the keys stay with the code): values, key order and each key's
# position must follow the keys, however they were written.
let
  x = 1;
  s = { zeta = x; alpha = x + 1; mid = "m"; inherit x; beta.gamma = 3; };
  r = rec { b = a + 1; a = 10; c = b * 2; };
  pos = name: (builtins.unsafeGetAttrPos name s).column;
in
{
  names = builtins.attrNames s;
  values = [ s.zeta s.alpha s.mid s.x s.beta.gamma ];
  columns = map pos [ "zeta" "alpha" "mid" "beta" ];
  recursive = [ r.a r.b r.c ];
  lines = (builtins.unsafeGetAttrPos "c" r).line;
  empty = { };
  one = { only = true; };
}
