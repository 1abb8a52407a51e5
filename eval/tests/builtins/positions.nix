# unsafeGetAttrPos and __curPos: where attributes and expressions were written.
# Inherited names are positioned at the name, as current Nix and the official
# suite do (C++ Nix 2.8 reports one column earlier).
let
  pos = name: set:
    let p = builtins.unsafeGetAttrPos name set;
    in if p == null then null else { inherit (p) line column; file = baseNameOf p.file; };
  d = 0;
  set = {
    plain = 1;
    nested.inner = 2;
    "quoted" = 3;
    ${"dyn" + "amic"} = 4;
    inherit d;
  };
  fun = { first, second ? 2 }: first;
in
{
  plain = pos "plain" set;
  nested = pos "nested" set;
  inner = pos "inner" set.nested;
  quoted = pos "quoted" set;
  dynamic = pos "dynamic" set;
  inherited = pos "d" set;
  inheritFrom = pos "plain" { inherit (set) plain; };
  missing = pos "nothere" set;
  # Positions follow attributes through `//` and removeAttrs.
  updated = pos "plain" ({ other = 0; } // set);
  removed = pos "quoted" (removeAttrs set [ "plain" ]);
  # intersectAttrs keeps the second set's positions, whichever set is larger.
  intersectedSmall = pos "quoted" (builtins.intersectAttrs { quoted = 0; } set);
  intersectedLarge = pos "quoted" (builtins.intersectAttrs (set // { more = 0; }) set);
  # listToAttrs positions an attribute where its `value` was written.
  fromList = pos "x" (builtins.listToAttrs [ { name = "x"; value = 1; } ]);
  # Attributes made by builtins have no position.
  mapped = pos "plain" (builtins.mapAttrs (n: v: v) { plain = 1; });
  formal = pos "second" (builtins.functionArgs fun);
  here = let p = __curPos; in [ p.line p.column (baseNameOf p.file) ];
}
