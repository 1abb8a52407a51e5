# Not in C++ Nix 2.8 (added in 2.19); the .err holds our message.
builtins.convertHash { hash = "md5:xyz"; toHashFormat = "base16"; }
