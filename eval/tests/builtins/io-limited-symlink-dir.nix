builtins.readDir ./io-data/allowed/up
