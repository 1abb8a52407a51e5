# `+` is string concatenation unless the left operand is a number or a
# path: sets coerce through `__toString` or `outPath` on either side.
let
  s = { __toString = self: "a"; };
  o = { outPath = "y"; };
  f = a: b: a + b;
in
[
  (s + "b")
  ("x" + o)
  (o + o)
  (s + o)
  (f o "r")
  (o + "/sub")
]
