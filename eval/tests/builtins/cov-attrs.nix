# Attribute-set builtins beyond attrs.nix: ordering of names, getAttr and
# hasAttr laziness, listToAttrs (first definition wins), intersectAttrs
# (values from the second set), mapAttrs and zipAttrsWith laziness.
let
  boom = throw "must stay lazy";
  set = { b = 1; a = 2; "A" = 3; "" = 4; "10" = 5; "9" = 6; "é" = 7; "a b" = 8; };
in
{
  attrNames = builtins.attrNames set;
  attrValues = builtins.attrValues set;
  attrNamesLazy = builtins.attrNames { a = boom; };
  attrValuesLazy = builtins.length (builtins.attrValues { a = boom; b = boom; });
  hasAttr = [ (builtins.hasAttr "a" set) (builtins.hasAttr "z" set) (builtins.hasAttr "x" { x = boom; }) (builtins.hasAttr "" set) ];
  getAttr = [ (builtins.getAttr "a" set) (builtins.getAttr "a b" set) (builtins.getAttr "x" { x = 1; y = boom; }) ];
  listToAttrs = [
    (builtins.listToAttrs [ ])
    (builtins.listToAttrs [ { name = "x"; value = 1; } { name = "x"; value = 2; } ])
    (builtins.listToAttrs [ { name = "x"; value = 1; extra = boom; } ])
    (builtins.listToAttrs (map (n: { name = n; value = n; }) [ "c" "a" "b" ]))
  ];
  listToAttrsDuplicateLazy = (builtins.listToAttrs [ { name = "x"; value = 1; } { name = "x"; value = boom; } ]).x;
  removeAttrs = [ (removeAttrs set [ "a" "b" "A" "" "10" "9" "é" ]) (removeAttrs { } [ "a" ]) (removeAttrs { a = boom; b = 1; } [ "a" ]) ];
  intersectAttrs = [ (builtins.intersectAttrs { a = boom; b = boom; } { b = 2; c = 3; }) (builtins.intersectAttrs { } set) (builtins.intersectAttrs set { }) ];
  catAttrs = [ (builtins.catAttrs "a" [ { a = 1; } { } { a = 2; b = boom; } ]) (builtins.length (builtins.catAttrs "a" [ { a = boom; } ])) ];
  mapAttrs = [ (builtins.mapAttrs (n: v: v * 10) { x = 1; y = 2; }) (builtins.mapAttrs boom { }) ];
  mapAttrsNamesLazy = builtins.attrNames (builtins.mapAttrs (n: v: boom) { x = 1; });
  zipAttrsWith = [
    (builtins.zipAttrsWith (n: vs: vs) [ ])
    (builtins.zipAttrsWith (n: vs: builtins.length vs) [ { a = boom; } { a = boom; b = boom; } ])
    (builtins.zipAttrsWith (n: vs: n + toString vs) [ { x = 1; } { x = 2; } { y = 3; } ])
  ];
  nixpkgsZipAttrs = builtins.zipAttrsWith (name: values: values) [ { a = 1; } { a = 2; b = 3; } ];
}
