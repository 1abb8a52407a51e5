builtins.seq (throw "first argument") 1
