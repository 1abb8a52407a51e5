# Without --strict only the top level is evaluated: the rest is <CODE>.
# Pure arithmetic on evaluated operands is computed at once instead of
# becoming a thunk (speculation), so `d` prints as a value where C++ Nix
# prints <CODE>.
{ a = builtins.length [ 1 2 ]; b = 2; c = "s"; d = 1 + 1; }
