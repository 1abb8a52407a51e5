# Newer C++ Nix rejects integers beyond 64 bits (2.8 wrapped them).
builtins.fromJSON "[ 9223372036854775808 ]"
