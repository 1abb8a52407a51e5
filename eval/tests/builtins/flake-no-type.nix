# flakeRefToString needs a type.
builtins.flakeRefToString { owner = "NixOS"; repo = "nixpkgs"; }
