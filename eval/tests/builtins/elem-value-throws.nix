builtins.elem (throw "the value") [ 1 ]
