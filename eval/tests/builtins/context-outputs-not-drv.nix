# outputs need a derivation.
builtins.appendContext "x" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { outputs = [ "out" ]; }; }
