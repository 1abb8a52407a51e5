builtins.substring 0 1 [ ]
