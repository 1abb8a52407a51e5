builtins.elem 3 [ 1 2 (throw "third element") 3 ]
