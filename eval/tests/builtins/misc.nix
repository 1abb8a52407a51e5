# functionArgs, genericClosure, tracing and error-context pass-throughs,
# string-context stubs (strings never carry a context here).
{
  functionArgs = [
    (builtins.functionArgs ({ a, b ? 1, ... }: a))
    (builtins.functionArgs (x: x))
    (builtins.functionArgs ({ }: 1))
    (builtins.functionArgs builtins.map)
  ];
  closure = builtins.genericClosure {
    startSet = [ { key = 80; } ];
    operator = { key, ... }: if key < 0 then [ ] else [ { key = key - 9; } { key = key - 13; extra = true; } ];
  };
  closureFirstWins = builtins.genericClosure {
    startSet = [ { key = "a"; n = 1; } { key = "b"; } { key = "a"; n = 2; } ];
    operator = x: [ ];
  };
  closureNumbers = builtins.genericClosure {
    startSet = [ { key = 1; } ];
    operator = x: [ { key = 1.0; } { key = 2.5; } ];
  };
  closureLists = builtins.genericClosure {
    startSet = [ { key = [ 1 2 ]; } ];
    operator = x: [ { key = [ 1 2 ]; } { key = [ 1 3 ]; } { key = [ ]; } ];
  };
  trace = builtins.trace "tracing to stderr" 42;
  traceNonString = builtins.trace { a = 1; } "ok";
  traceVerbose = builtins.traceVerbose "not shown" 1;
  addErrorContext = builtins.addErrorContext "context" "value";
  break = builtins.break 3;
  contexts = [
    (builtins.unsafeDiscardStringContext "s")
    (builtins.hasContext "s")
    (builtins.getContext "s")
    (builtins.unsafeDiscardOutputDependency "s")
  ];
  catchableNotFound = (builtins.tryEval (builtins.findFile [ ] "nowhere")).success;
}
