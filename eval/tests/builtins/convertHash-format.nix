# Not in C++ Nix 2.8 (added in 2.19); the .err holds our message.
builtins.convertHash { hash = "sha256:" + builtins.hashString "sha256" "x"; toHashFormat = "hex"; }
