builtins.groupBy (x: if x < 40 then "small" else x) (builtins.genList (i: i) 50)
