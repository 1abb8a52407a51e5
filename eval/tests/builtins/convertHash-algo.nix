# Not in C++ Nix 2.8 (added in 2.19); message from current Nix.
builtins.convertHash { hash = builtins.hashString "sha256" "x"; hashAlgo = "sha3"; toHashFormat = "base16"; }
