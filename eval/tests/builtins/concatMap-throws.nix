let
  twice = x: if x == 2 then throw "cannot double ${toString x}" else [ x x ];
in
builtins.concatMap twice [ 1 2 3 ]
