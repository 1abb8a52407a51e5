builtins.findFile [ { path = ./io-data/allowed; } ] "lib"
