# Sets with __toString are messages too.
builtins.addErrorContext { __toString = _: "from a set"; } (abort "stop")
