builtins.readDir ./io-data/allowed
