builtins.map (x: x) { }
