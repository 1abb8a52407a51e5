let
  isSmall = x: if x == 2 then throw "cannot classify ${toString x}" else x < 5;
in
builtins.partition isSmall [ 1 2 3 ]
