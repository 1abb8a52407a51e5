# builtins.path checks the expected hash.
builtins.path { path = ./store-data; sha256 = "0000000000000000000000000000000000000000000000000000"; }
