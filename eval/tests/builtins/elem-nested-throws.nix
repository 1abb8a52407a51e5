builtins.elem [ 1 2 ] [ [ 1 3 ] [ 1 (throw "inner element") ] [ 1 2 ] ]
