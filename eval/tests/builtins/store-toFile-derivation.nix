# toFile may not refer to derivation outputs.
builtins.toFile "a" (derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; }).outPath
