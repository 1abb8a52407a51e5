# Nested contexts are listed innermost first; the message is evaluated
# (here an interpolation) only once an error passes through.
let
  countDown =
    n:
    if n == 0 then
      throw "kaboom"
    else
      builtins.addErrorContext "while counting down; n = ${toString n}" ("x" + countDown (n - 1));
in
countDown 3
