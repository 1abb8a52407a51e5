# fromTOML refuses a string with a context.
builtins.fromTOML (builtins.appendContext "a = 1" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; })
