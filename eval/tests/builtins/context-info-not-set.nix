# Each context entry is a set.
builtins.appendContext "x" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = true; }
