# The context shows under the error, without --show-trace.
let
  port = builtins.addErrorContext "while checking the port" (throw "port out of range");
in
{ inherit port; }
