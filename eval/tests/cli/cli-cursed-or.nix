# `e or` as a list element, an argument or a select default warns, as in
# current C++ Nix; at the head of a call or alone in parentheses it does not.
let
  or = 1;
  f = x: x;
in
[
  (builtins.length [ f or ])
  (f f or)
  ({ }.a or f or)
  (map or [ ])
  (f (f or))
]
