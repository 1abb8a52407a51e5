scopedImport { } ./io-data/allowed/lib/value.nix
