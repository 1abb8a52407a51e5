builtins.sort (a: b: a < b) [ 3 (throw "element") ]
