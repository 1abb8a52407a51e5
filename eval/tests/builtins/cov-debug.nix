# Debugging builtins return their last argument (their messages go to
# stderr): trace, traceVerbose (silent without --trace-verbose), warn
# (not in C++ Nix 2.8; added in 2.23), break (no debugger here) and
# addErrorContext (the context only shows in error traces; its message is
# never forced when there is no error).
{
  trace = [ (builtins.trace "message" 1) (builtins.trace { a = 1; } "set") (builtins.trace [ 1 2 ] null) ];
  traceSecondLazy = builtins.length (builtins.trace "x" [ (throw "lazy") ]);
  traceVerbose = builtins.traceVerbose (throw "not forced without --trace-verbose") 2;
  warn = builtins.warn "a warning" { ok = true; };
  break = builtins.break [ 3 ];
  addErrorContext = [ (builtins.addErrorContext "context" "value") (builtins.addErrorContext (throw "unused context") 4) ];
  nested = builtins.addErrorContext "outer" (builtins.trace "inner" (builtins.break 5));
}
