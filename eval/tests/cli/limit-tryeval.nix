# Limits cannot be caught.
builtins.tryEval (builtins.genList (x: x) 100000000)
