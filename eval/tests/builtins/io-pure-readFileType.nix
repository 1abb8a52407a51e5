builtins.readFileType ./io-data/allowed/lib
