# allOutputs needs a derivation.
builtins.appendContext "x" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { allOutputs = true; }; }
