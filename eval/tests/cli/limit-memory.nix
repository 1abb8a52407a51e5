# A list too big for the memory budget fails before it is built.
builtins.length (builtins.genList (x: x) 100000000)
