# Content-addressed derivations (experimental in C++ Nix) are not computed.
builtins.derivationStrict { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; __contentAddressed = true; }
