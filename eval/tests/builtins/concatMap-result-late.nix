builtins.concatMap (x: if x < 40 then [ x ] else { inherit x; }) (builtins.genList (i: i) 50)
