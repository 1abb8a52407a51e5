builtins.all (x: if x < 40 then true else "no") (builtins.genList (i: i) 50)
