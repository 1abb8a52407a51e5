# Without a store, derivations are an error.
builtins.derivationStrict { name = "a"; system = "x"; builder = "b"; }
