# The message must be a string (or coerce to one without toString's extras).
builtins.tryEval (throw [ "a" ])
