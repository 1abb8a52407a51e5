builtins.hashFile "sha256" ./io-data/allowed/lib/data.txt
