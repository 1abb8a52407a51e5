# substring needs a non-negative start.
builtins.substring (-1) 2 "abc"
