builtins.readFile "${toString ./io-data/allowed}/../secret.txt"
