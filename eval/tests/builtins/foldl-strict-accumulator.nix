# foldl' forces each accumulator, even one never used later.
builtins.foldl' (acc: x: if x == 2 then throw "accumulator 2" else x) 0 [ 1 2 3 ]
