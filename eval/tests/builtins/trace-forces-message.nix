# trace forces its first argument.
builtins.trace (throw "message") 1
