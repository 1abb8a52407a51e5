builtins.hashFile "sha256" ./io-data/secret.txt
