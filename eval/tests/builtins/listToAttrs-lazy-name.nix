builtins.listToAttrs (map (x: x) [ { name = "a"; value = 1; } { name = builtins.seq 1 2; value = 2; } ])
