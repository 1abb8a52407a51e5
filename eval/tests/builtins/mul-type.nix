builtins.mul "2" 3
