# deepSeq forces a cyclic value once and ends.
builtins.deepSeq (let x = [ x ]; in x) 1
