# abort is never caught by tryEval.
builtins.tryEval (abort "stop here")
