# The message must coerce to a string as an interpolation would.
builtins.addErrorContext 1 (throw "the value failed")
