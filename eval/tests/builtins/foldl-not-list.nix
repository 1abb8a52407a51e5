builtins.foldl' (acc: x: acc) 0 { }
