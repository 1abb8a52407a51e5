# An attribute the input type does not know is an error.
builtins.flakeRefToString { type = "github"; owner = "NixOS"; repo = "nixpkgs"; colour = "blue"; }
