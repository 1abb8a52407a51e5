# Small lambdas (a comparison, a selection, an operator) give the same
# results whether computed on the spot or by the bytecode loop.
let
  lt = a: b: a < b;
  key = x: x.key;
  inc = x: x + 1;
  half = x: x / 2;
  notf = x: !x;
  eq = a: b: a == b;
  big = 9223372036854775807;
in {
  sorted = builtins.sort lt [ 3 1.5 2 ];
  strings = builtins.sort lt [ "b" "a" "c" ];
  keys = map key [ { key = 1; } { key = 2 + 3; } ];
  lazyKey = builtins.length (map key [ { key = throw "never"; } ]);
  incs = map inc [ 1 2.5 ];
  halves = map half [ 7 7.0 ];
  nots = map notf [ true false ];
  eqs = [ (eq [ 1 ] [ 1 ]) (eq { a = 1; } { a = 1; }) (eq 1 1.0) (eq null null) (eq "a" "b") ];
  thunks = builtins.sort lt (map inc [ 5 4 3 ]);
  paths = builtins.sort lt [ /b /a ];
}
