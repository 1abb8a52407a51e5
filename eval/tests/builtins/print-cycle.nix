# Printing a set containing itself shows «repeated», as C++ Nix does.
let x = { y = x; }; in x
