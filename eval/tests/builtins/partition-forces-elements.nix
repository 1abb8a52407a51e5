builtins.partition (x: true) [ 1 (throw "element forced") ]
