# Dates need an experimental feature in C++ Nix; they are errors here.
builtins.fromTOML "d = 1979-05-27"
