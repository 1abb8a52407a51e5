# A derivation needs a builder.
derivation { name = "a"; system = "x86_64-linux"; }
