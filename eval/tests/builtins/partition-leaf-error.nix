builtins.partition (x: x.a) [ { a = true; } { } ]
