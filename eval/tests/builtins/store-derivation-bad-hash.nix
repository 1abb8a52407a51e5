# The declared hash must parse.
derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; outputHash = "abc"; outputHashAlgo = "sha256"; }
