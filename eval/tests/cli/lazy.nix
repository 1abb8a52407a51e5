# Without --strict only the top level is evaluated: the rest prints as
# «thunk» (current Nix; C++ Nix 2.8 printed <CODE>). Pure arithmetic on
# evaluated operands bound in a set is computed at once instead of becoming
# a thunk (speculation), so `d` prints as a value; list elements are never
# speculated, so `e` shows its thunk as Nix does.
{ a = builtins.length [ 1 2 ]; b = 2; c = "s"; d = 1 + 1; e = [ (1 + 1) ]; }
