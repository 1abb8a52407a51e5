# builtins.path knows its arguments.
builtins.path { path = ./store-data; colour = "red"; }
