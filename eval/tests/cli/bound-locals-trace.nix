# An error inside the inner function of `a: b: ...`, called through an
# application thunk (`map`), after a `tryEval` caught it once: the trace
# names the same calls as for any closure.
let
  check = limit: value: if value > limit then throw "${toString value} is over ${toString limit}" else value;
  checked = map (check 10) [ 5 20 ];
  first = builtins.tryEval (builtins.elemAt checked 1);
in
if first.success then null else builtins.elemAt checked 0 + builtins.elemAt checked 1
