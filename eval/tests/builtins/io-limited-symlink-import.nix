import ./io-data/allowed/escape.nix
