builtins.bitXor 1 null
