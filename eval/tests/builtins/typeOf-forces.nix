# Type predicates force their argument.
builtins.isInt (throw "forced")
