# The operands of `==` are compared element by element even when they are
# the same set: the throwing attribute is forced.
let
  x = { a = throw "forced"; };
in
x == x
