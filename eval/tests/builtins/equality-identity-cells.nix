# C++ Nix compares values inside containers by the address of their cell:
# a selection (`g.f`, `builtins.map`) lazily bound is a cell of its own
# each time, even when it is computed at once here; a variable is the
# cell it names, the same each time.
let
  g = { f = x: x; };
  v = g.f;
  w = g.f;
  m = builtins.map;
  call = a: { r = a; };
in
[
  ([ builtins.map ] == [ builtins.map ])
  ([ builtins.map ] == [ map ])
  ([ map ] == [ map ])
  ([ m ] == [ m ])
  ({ a = builtins.add; } == { a = builtins.add; })
  ({ a = g.f; } == { a = g.f; })
  ([ v ] == [ v ])
  ([ v ] == [ w ])
  ({ a = v; } == { a = v; })
  (call g.f == call g.f)
  (call v == call v)
  (let l = [ builtins.map ]; in l == l)
  ([ builtins.null builtins.true ] == [ null true ])
]
