# The name must be a valid store path name.
builtins.path { path = ./store-data; name = "a b"; }
