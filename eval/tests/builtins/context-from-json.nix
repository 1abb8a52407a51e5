# fromJSON refuses a string with a context.
builtins.fromJSON (builtins.appendContext "1" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; })
