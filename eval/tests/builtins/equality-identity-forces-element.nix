# An identical list element is forced before it counts as equal.
let
  x = throw "forced";
in
[ x ] == [ x ]
