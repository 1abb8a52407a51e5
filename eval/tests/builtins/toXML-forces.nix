# toXML forces the value deeply.
builtins.toXML { a = [ (throw "deep") ]; }
