import ./io-data/secret.nix
