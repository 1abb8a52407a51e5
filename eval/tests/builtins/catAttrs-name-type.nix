builtins.catAttrs 1 [ ]
