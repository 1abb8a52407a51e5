builtins.readFile ./io-data/allowed/escape.txt
