# toXML: exact output for scalars, empty containers, nested sets, escaping
# of attribute values and names, functions with every pattern shape, and
# derivation-like sets (by drvPath, each written once).
{
  scalars = map builtins.toXML [ 1 (-1) 1.5 0.1 123456.789 true false null "" "s" /a/b ];
  empty = map builtins.toXML [ [ ] { } ];
  nested = builtins.toXML { b = { c = [ 1 { d = null; } ]; }; a = [ [ ] ]; };
  escaping = builtins.toXML { "<name>" = "<&>\"'\n\t\r"; };
  coercion = builtins.toXML { outPath = "/some/out"; };
  functions = builtins.toXML [ (x: x) ({ a, b ? 1 }: a) ({ ... }: 1) (args@{ a, ... }: a) ({ b }@args: b) builtins.map (builtins.add 1) ];
  derivations = builtins.toXML [
    { type = "derivation"; drvPath = "/d1.drv"; outPath = "/o1"; name = "one"; }
    { type = "derivation"; drvPath = "/d1.drv"; outPath = "/o1"; name = "one"; }
    { type = "derivation"; outPath = "/o2"; }
    { type = "notDerivation"; drvPath = "/d3.drv"; }
  ];
}
