builtins.filter (x: !x) [ 1 ]
