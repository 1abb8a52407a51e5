builtins.listToAttrs (map (x: x) [ { name = "a"; value = 1; } 5 ])
