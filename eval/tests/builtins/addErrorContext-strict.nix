# --strict forces the list's elements after addErrorContext returned, so
# the error has no context (as in C++ Nix).
builtins.addErrorContext "context" [ (throw "inside") ]
