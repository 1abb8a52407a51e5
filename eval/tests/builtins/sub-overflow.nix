# Integer overflow is an error in current Nix (2.8 wrapped around).
builtins.sub (-9223372036854775807) 2
