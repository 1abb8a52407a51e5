# Lists, nested, and empty containers.
[ [ ] { } [ 1 [ 2 [ 3 [ ] ] ] ] [ { a = [ ]; } { } ] (builtins.genList (x: x * x) 5) ]
