# Lists compare element by element; the first unequal pair decides.
builtins.lessThan [ 1 2 ] [ 1 "a" ]
