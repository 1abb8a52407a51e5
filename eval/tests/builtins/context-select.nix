# Selecting with a name that has a context is an error.
let s = builtins.appendContext "a" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; }; in { a = 1; }.${s}
