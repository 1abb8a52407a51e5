builtins.getAttr "a" { b = 1; }
