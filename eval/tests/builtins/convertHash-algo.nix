# Not in C++ Nix 2.8 (added in 2.19); the .err holds our message.
builtins.convertHash { hash = builtins.hashString "sha256" "x"; hashAlgo = "sha3"; toHashFormat = "base16"; }
