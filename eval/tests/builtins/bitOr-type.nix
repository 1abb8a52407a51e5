builtins.bitOr "a" 1
