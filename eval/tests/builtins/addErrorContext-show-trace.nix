# With --show-trace the contexts are listed among the calls.
let
  f = x: builtins.addErrorContext "in f" (x + 1);
in
f "a"
