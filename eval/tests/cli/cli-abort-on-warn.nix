# With --abort-on-warn, builtins.warn fails after warning.
builtins.warn "stop here" 1
