# The name may not refer to store paths.
derivation { name = "${./store-data/hello.txt}"; system = "x86_64-linux"; builder = "/bin/sh"; }
