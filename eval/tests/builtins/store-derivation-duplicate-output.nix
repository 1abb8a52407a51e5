# Output names are distinct.
derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; outputs = [ "out" "out" ]; }
