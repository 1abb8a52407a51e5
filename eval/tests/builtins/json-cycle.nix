# A value containing itself cannot be written (C++ Nix overflows its stack).
let x = { a = [ x ]; }; in builtins.toJSON x
