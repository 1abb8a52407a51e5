# As in C++ Nix, a builtin is bound either as `name` (map, toString, ...)
# or as `__name` (__add, ...), never both: `__map` and `__toString` are
# not global names, so `with` provides them; `map` is lexical and wins.
with { __map = 1; __toString = 2; __builtins = 3; map = 4; };
[ __map __toString __builtins (builtins.isFunction map) (__add 1 2) ]
