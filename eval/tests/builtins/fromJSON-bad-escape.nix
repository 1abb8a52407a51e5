builtins.fromJSON "\"\\x\""
