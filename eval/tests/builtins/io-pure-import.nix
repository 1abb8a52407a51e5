import ./io-data/allowed/lib/value.nix
