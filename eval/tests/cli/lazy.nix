# Without --strict only the top level is evaluated: the rest is <CODE>.
{ a = 1 + 1; b = 2; c = "s"; }
