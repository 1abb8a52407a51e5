# A list containing itself cannot be written (C++ Nix overflows its stack).
builtins.toJSON (let x = [ x ]; in x)
