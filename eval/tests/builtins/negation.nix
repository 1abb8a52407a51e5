# `-x` is `__sub 0 x`, as in Nix: `-0.0` is `0.0` (printed `0`).
let zero = 0.0; two = 2; in [ (-0.0) (-(0.0)) (-zero) (-(-0.0)) (-1) (-2.5) (- -3) (-two) (1 - -1) ]
