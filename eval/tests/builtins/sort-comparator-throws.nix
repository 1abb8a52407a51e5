# The comparator's error propagates, with its location.
builtins.sort (a: b: a.x < b.x) [ { x = 1; } { } ]
