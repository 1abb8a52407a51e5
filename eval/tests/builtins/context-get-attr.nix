# getAttr refuses a name with a context.
let s = builtins.appendContext "a" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; }; in builtins.getAttr s { a = 1; }
