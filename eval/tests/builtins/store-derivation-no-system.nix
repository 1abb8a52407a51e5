# A derivation needs a system.
derivation { name = "a"; builder = "/bin/sh"; }
