# A list containing itself cannot be coerced (C++ Nix overflows its stack).
builtins.toString (let x = [ x ]; in x)
