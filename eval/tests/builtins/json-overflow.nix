# Newer C++ Nix rejects integers beyond 64 bits (2.8 wrapped them).
builtins.fromJSON "18446744073709551615"
