let
  check = x: if x == 3 then throw "predicate failed at ${toString x}" else x > 10;
in
builtins.any check [ 1 2 3 4 ]
