builtins.readFile ./io-data/allowed/lib/data.txt
