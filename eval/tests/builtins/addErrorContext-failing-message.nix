# When the message itself fails, its error is raised instead, as in C++ Nix.
builtins.addErrorContext (throw "the message failed") (throw "the value failed")
