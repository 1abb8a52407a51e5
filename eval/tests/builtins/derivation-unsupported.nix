# Without a store, derivations are an error.
derivation { name = "a"; system = "x"; builder = "b"; }
