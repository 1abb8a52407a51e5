# builtins.toXML: every kind of value, functions by their pattern,
# derivation-like sets, escaping.
builtins.toXML {
  int = 10;
  float = 567.89;
  bool = [ true false ];
  null = null;
  str = "a<b>&\"' and\nnewline";
  path = /some/path;
  list = [ ("a" + "b") [ ] { } ];
  simple = x: x;
  pattern = { z, x, y ? 1 }: x;
  ellipsis = args@{ a, ... }: a;
  atAfter = { b }@whole: b;
  builtin = builtins.map;
  drv = { type = "derivation"; name = "n"; drvPath = "/nix/store/d.drv"; outPath = "/nix/store/o"; };
  drvAgain = [ { type = "derivation"; drvPath = "/nix/store/d.drv"; outPath = "/nix/store/o"; } ];
}
