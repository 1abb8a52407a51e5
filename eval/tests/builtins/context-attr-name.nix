# A dynamic attribute name may not have a context.
let s = builtins.appendContext "a" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; }; in { ${s} = 1; }
