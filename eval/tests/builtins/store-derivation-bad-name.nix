# Derivation names are store path names.
derivation { name = "a b"; system = "x86_64-linux"; builder = "/bin/sh"; }
