# Integer overflow is an error in current Nix (2.8 wrapped around).
builtins.add 9223372036854775807 1
