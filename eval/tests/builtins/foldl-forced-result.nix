# The initial value is not forced while the list is not empty, but an empty list makes it the result.
builtins.foldl' (acc: x: x) (throw "initial value") [ ]
