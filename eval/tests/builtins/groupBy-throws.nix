let
  keyOf = x: if x == 2 then throw "no key for ${toString x}" else toString x;
in
builtins.groupBy keyOf [ 1 2 3 ]
