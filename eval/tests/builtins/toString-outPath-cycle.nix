# An outPath that is the set itself loops (C++ Nix overflows its stack).
let x = { outPath = x; }; in "${x}"
