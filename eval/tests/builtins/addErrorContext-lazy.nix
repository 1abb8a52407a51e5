# The message is evaluated only when an error passes through; the value is
# forced to weak head normal form only, as in C++ Nix.
{
  unusedMessage = builtins.addErrorContext (throw "never evaluated") 42;
  notAString = builtins.addErrorContext 1 "value";
  shallow = builtins.seq (builtins.addErrorContext "context" [ (throw "inside") ]) "ok";
  lazyElement = builtins.length (builtins.addErrorContext "context" [ (throw "inside") ]);
}
