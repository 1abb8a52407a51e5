# Not in C++ Nix 2.8 (added in 2.19); message from current Nix.
builtins.convertHash { hash = "md5:xyz"; toHashFormat = "base16"; }
