# A string with a context cannot be appended to a path.
/tmp + builtins.appendContext "/x" { "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-source" = { path = true; }; }
