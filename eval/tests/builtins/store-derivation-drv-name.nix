# A derivation name may not end in .drv.
derivation { name = "a.drv"; system = "x86_64-linux"; builder = "/bin/sh"; }
