# Keys are compared with `<`: sets cannot be keys.
builtins.genericClosure { startSet = [ { key = { }; } { key = { }; } ]; operator = x: [ ]; }
