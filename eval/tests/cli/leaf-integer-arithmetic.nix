# Integer arithmetic nested in a leaf lambda or thunk, computed on the
# spot: truncating division, negative numbers, floats and non-numbers
# falling back to the ordinary path.
let
  f = x: x / 1000 * 1000 / 1000 - x / 10000 * 10;
  isEven = x: x / 2 * 2 == x;
  half = x: (x - 7) / 2;
  mixed = x: x / 2 * 1.5;
  lazy = x: builtins.seq x x;
in
{
  values = map f [ 0 12345 (-12345) 99999 ];
  evens = builtins.filter isEven [ 1 2 3 4 (-4) (-3) ];
  truncated = map half [ 0 (-1) 1 8 ];
  floats = map mixed [ 3 4.0 ];
  thunks = map f (map lazy [ 54321 ]);
  strings = let s = x: y: x + y + "!"; in s "a" "b";
  large = let m = x: x * 3 / 3; in m 3074457345618258602;
}
