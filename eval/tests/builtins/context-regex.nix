# A regular expression may not have a context.
builtins.match (builtins.appendContext "a" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; }) "a"
