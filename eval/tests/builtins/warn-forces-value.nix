# Not in C++ Nix 2.8 (added in 2.23; message as there): the value is forced after the warning.
builtins.warn "careful" (throw "value")
