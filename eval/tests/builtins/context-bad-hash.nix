# 'e' is not a base-32 digit of Nix.
builtins.appendContext "x" { "/nix/store/eaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" = { path = true; }; }
