builtins.toJSON { a = [ (throw "element") ]; }
