# addDrvOutputDependencies needs a derivation.
builtins.addDrvOutputDependencies (builtins.appendContext "x" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; })
