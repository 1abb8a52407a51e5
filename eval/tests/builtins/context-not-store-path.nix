# Context keys must be store paths.
builtins.appendContext "x" { "/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" = { path = true; }; }
