builtins.tail "a"
