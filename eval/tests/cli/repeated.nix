# A set or list printed once is «repeated» when met again, anywhere later;
# empty ones never are.
let
  list = [ 1 2 ];
  set = { x = 1; };
  cyclic = { self = cyclic; };
  x = [ x ];
in
{
  a = [ list list set set { } { } [ ] [ ] ];
  b = set;
  c = cyclic;
  d = x;
  e = { inner = set; };
}
