# Integer overflow is an error in current Nix (2.8 wrapped around).
builtins.mul 4611686018427387904 2
