# A context does not change what tryEval catches.
{
  caught = builtins.tryEval (builtins.addErrorContext "context" (throw "thrown"));
  inside = builtins.addErrorContext "outer" (
    builtins.tryEval (builtins.addErrorContext "inner" (assert false; 1))
  );
  # The message's own error is what tryEval sees, and it is catchable.
  failingMessage = builtins.tryEval (builtins.addErrorContext (throw "message") (throw "value"));
  fine = builtins.tryEval (builtins.addErrorContext "context" 5);
}
