# Not in C++ Nix 2.8 (added in 2.19; message as there): a prefix must agree with hashAlgo.
builtins.convertHash { hash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="; hashAlgo = "sha1"; toHashFormat = "base16"; }
