# Attribute values must be integers, Booleans or strings.
builtins.flakeRefToString { type = "github"; owner = "NixOS"; repo = [ ]; }
