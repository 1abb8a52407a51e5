builtins.zipAttrsWith (n: vs: vs) [ { a = 1; } 1 ]
