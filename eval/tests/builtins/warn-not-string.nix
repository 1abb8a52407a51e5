# Not in C++ Nix 2.8 (added in 2.23; message as there): the message must be a string.
builtins.warn 1 2
