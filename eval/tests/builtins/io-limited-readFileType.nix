builtins.readFileType ./io-data/allowed/up/secret.txt
