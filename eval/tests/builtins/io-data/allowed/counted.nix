builtins.trace "evaluating counted.nix" 42
