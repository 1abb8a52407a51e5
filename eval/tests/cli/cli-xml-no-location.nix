# --no-location leaves the positions out of the --xml output.
let
  base = { p = 1; q = "q"; };
in
{
  plain = 1;
  pattern = { a, b ? 1, ... }: a;
  named = args@{ a }: a;
  curried =
    # a comment before the function
    x:
    y: x;
  nested.deeper.leaf = true;
  nested.other = { inner = null; };
  list = [ (x: x) { inList = 1; } ];
  updated = base // { r = 3; };
  removed = removeAttrs base [ "p" ];
  fromList = builtins.listToAttrs [ { name = "k"; value = 1; } ];
  # mapAttrs builds new attributes: they have no position.
  mapped = builtins.mapAttrs (name: value: value) base;
  drv = { type = "derivation"; drvPath = "/nix/store/x.drv"; outPath = "/nix/store/x"; };
  again = { type = "derivation"; drvPath = "/nix/store/x.drv"; outPath = "/nix/store/x"; };
}
