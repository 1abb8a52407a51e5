let
  check = x: if x == 2 then throw "predicate failed at ${toString x}" else x < 10;
in
builtins.all check [ 1 2 3 ]
