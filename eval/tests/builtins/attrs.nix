# Attribute-set builtins and their laziness.
let
  boom = throw "must stay lazy";
in
{
  listToAttrs = builtins.listToAttrs [ { name = "b"; value = 1; } { name = "a"; value = 2; } { name = "b"; value = 3; } ];
  listToAttrsLazy = builtins.attrNames (builtins.listToAttrs [ { name = "x"; value = boom; } ]);
  mapAttrs = builtins.mapAttrs (name: value: "${name}=${toString value}") { a = 1; b = 2; };
  mapAttrsLazy = builtins.attrNames (builtins.mapAttrs (n: v: boom) { a = 1; });
  mapAttrsLazyFunction = builtins.mapAttrs boom { };
  removeAttrs = removeAttrs { a = 1; b = 2; c = 3; } [ "a" "c" "z" "a" ];
  removeAttrsMany = builtins.attrNames (removeAttrs (builtins.listToAttrs (builtins.genList (i: { name = "k${toString i}"; value = i; }) 10)) (builtins.genList (i: "k${toString (i * 2)}") 5));
  intersectAttrs = builtins.intersectAttrs { a = boom; c = 0; } { a = 1; b = 2; c = 3; };
  intersectAttrsBig = builtins.intersectAttrs { a = 0; b = 0; c = 0; d = 0; } { c = 1; };
  catAttrs = builtins.catAttrs "a" [ { a = 1; } { b = 2; } { a = [ 3 ]; } ];
  zipAttrsWith = builtins.zipAttrsWith (name: values: { inherit name values; }) [ { a = 1; b = 2; } { b = 3; } { a = 4; c = 5; } ];
  zipAttrsWithLazy = builtins.attrNames (builtins.zipAttrsWith (n: v: boom) [ { a = 1; } ]);
}
