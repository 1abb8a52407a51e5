# filterSource needs a function.
builtins.filterSource true ./store-data
