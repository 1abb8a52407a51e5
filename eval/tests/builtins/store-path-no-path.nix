# builtins.path needs a path.
builtins.path { name = "x"; }
