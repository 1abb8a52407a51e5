builtins.hashFile "sha256" ./fs-data/does-not-exist
