builtins.div "a" 1
